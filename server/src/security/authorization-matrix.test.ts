import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMagpieError, type ErrorCode } from '../../../shared/errors';
import { METHODS, UNAUTHENTICATED_METHODS, type Conversation, type MethodName } from '../../../shared/protocol';
import { directPair, sendText, signedInClient, uniqueName, type SignedIn } from '../test-fixtures';
import { startTestServer, type TestServer } from '../testing';
import { TestClient } from '../testing-client';
import { describeEachStore } from '../test-stores';

/**
 * Who may call what, for EVERY protocol method (issue 3, "Security").
 *
 * The target is a group. Callers (columns), each on their own account and socket:
 * - `anonymous`: a socket with no session.
 * - `nonMember`: signed in, never a member of the group.
 * - `missing`: signed in, naming a conversation (or message) id that does not exist.
 * - `left`: was a member, then removed by the owner (state `left`): reads what they held, writes nothing.
 * - `member`, `admin`, `owner`: the group's roles.
 * The `Record<Caller, …>` makes a missing cell a type error. Cells run in this order, the owner
 * last, so a destructive success (dissolve, transfer) cannot change another cell's answer.
 *
 * Non-member vs missing: an existing conversation answers a non-member with
 * `conversation.forbidden`, a missing one with `conversation.not_found`. This lets a caller tell an
 * existing id from a missing one, which is accepted because ids are 128 random bits (ids.ts), never
 * shown to non-members. A member who left or was removed keeps a member row (state `left`), so they
 * get `conversation.inactive` for writes, not `forbidden`. Message ids never tell: anything the
 * caller may not see (another conversation's, hidden, unknown) is `message.not_found`.
 */
type Caller = 'anonymous' | 'nonMember' | 'missing' | 'left' | 'member' | 'admin' | 'owner';
const CALLERS: readonly Caller[] = ['anonymous', 'nonMember', 'missing', 'left', 'member', 'admin', 'owner'];
/** `ok` = success; otherwise the error code of the reply. */
type Outcome = 'ok' | ErrorCode;

interface Fixture {
  /** The caller's own account (alice's for the anonymous socket, who signs in as her). */
  self: SignedIn;
  as: Caller;
  group: Conversation;
  /** Plain members the owner and admin act on (frank for the admin, gina for the owner), and a non-member to invite. */
  frank: SignedIn;
  gina: SignedIn;
  henry: SignedIn;
  /** A message by the `member` caller, and one by frank per acting caller (so no cell sees another's recall). */
  memberMessageId: string;
  frankMessageIds: Record<Caller, string>;
}

interface Row {
  /** Params for the caller; `conversationId` is the group, or MISSING_ID for the `missing` caller. */
  params: (fx: Fixture, conversationId: string, messageId: string) => unknown;
  expect: Record<Caller, Outcome>;
  /** Extra checks on a successful result (e.g. a non-member's list does not show the conversation). */
  check?: (result: unknown, fx: Fixture) => void;
}

const MISSING_ID = 'no-such-conversation-0000';
const MISSING_MESSAGE = 'no-such-message-0000';
const auth = (signedIn: Outcome, anonymous: Outcome = 'auth.required'): Record<Caller, Outcome> => ({
  anonymous, nonMember: signedIn, missing: signedIn, left: signedIn, member: signedIn, admin: signedIn, owner: signedIn,
});
/** Conversation-scoped: the standard answers for outsiders, and the given ones for the rest. */
const scoped = (inside: Pick<Record<Caller, Outcome>, 'left' | 'member' | 'admin' | 'owner'>): Record<Caller, Outcome> => ({
  anonymous: 'auth.required', nonMember: 'conversation.forbidden', missing: 'conversation.not_found', ...inside,
});
/** Message-scoped: outsiders cannot tell a message exists. */
const byMessage = (inside: Pick<Record<Caller, Outcome>, 'left' | 'member' | 'admin' | 'owner'>): Record<Caller, Outcome> => ({
  anonymous: 'auth.required', nonMember: 'message.not_found', missing: 'message.not_found', ...inside,
});
const writers = (left: Outcome = 'conversation.inactive') => ({ left, member: 'ok' as Outcome, admin: 'ok' as Outcome, owner: 'ok' as Outcome });

const ids = (list: Array<{ id: string }>) => list.map((x) => x.id);
const seesGroup = (fx: Fixture) => fx.as === 'member' || fx.as === 'admin' || fx.as === 'owner' || fx.as === 'left';
/** The group as listed to the caller: present (active, or left) for those who were in it, absent otherwise. */
function checkListed(conversations: Conversation[], fx: Fixture): void {
  const listed = conversations.find((c) => c.id === fx.group.id);
  expect(Boolean(listed)).toBe(seesGroup(fx));
  if (listed) expect(listed.state).toBe(fx.as === 'left' ? 'left' : 'active');
  if (listed && fx.as === 'left') expect(listed.members).toEqual([]);
}

/**
 * One row per method. Typed as a partial record on purpose: a method added to METHODS without a row
 * fails the "every method has a row" test below (with its name), rather than only the type check.
 */
const MATRIX: Partial<Record<MethodName, Row>> = {
  'auth.signUp': {
    params: () => ({ username: uniqueName('matrix'), password: 'correct horse battery', displayName: 'Matrix' }),
    expect: auth('ok', 'ok'),
  },
  'auth.signIn': {
    params: (fx) => ({ username: fx.self.session.user.username, password: 'correct horse battery' }),
    expect: auth('ok', 'ok'),
  },
  'auth.resume': {
    params: (fx) => ({ token: fx.self.session.token }),
    expect: auth('ok', 'ok'),
    check: (result, fx) => expect((result as { user: { id: string } }).user.id).toBe(fx.self.session.user.id),
  },
  'auth.signOut': { params: () => ({}), expect: auth('ok') },
  // Accounts: each caller acts on their own account. Nobody here is a workspace admin (the first
  // account, taken in beforeAll, is); admins' cells are in account-matrix.test.ts.
  'auth.changePassword': {
    params: () => ({ currentPassword: 'correct horse battery', newPassword: 'correct horse battery' }),
    expect: auth('ok'),
  },
  'sessions.list': {
    params: () => ({}),
    expect: auth('ok'),
    check: (result) => expect((result as { sessions: Array<{ current: boolean }> }).sessions.filter((s) => s.current)).toHaveLength(1),
  },
  'sessions.revoke': { params: () => ({ sessionId: 'no-such-session' }), expect: auth('session.not_found') },
  'profile.update': { params: () => ({ displayName: 'Matrix 矩阵' }), expect: auth('ok') },
  'admin.settings.get': { params: () => ({}), expect: auth('auth.admin_required') },
  'admin.settings.update': { params: () => ({ signup: 'closed' }), expect: auth('auth.admin_required') },
  'admin.invites.create': { params: () => ({ expiresInHours: 1 }), expect: auth('auth.admin_required') },
  'admin.audit.list': { params: () => ({ limit: 10 }), expect: auth('auth.admin_required') },
  'users.search': { params: () => ({ query: 'alice', limit: 5 }), expect: auth('ok') },
  'users.get': {
    params: (fx) => ({ ids: [fx.frank.session.user.id, 'nobody-has-this-id'] }),
    expect: auth('ok'),
    check: (result, fx) => expect(ids((result as { users: Array<{ id: string }> }).users)).toEqual([fx.frank.session.user.id]),
  },
  'conversations.list': {
    params: () => ({}),
    expect: auth('ok'),
    check: (result, fx) => checkListed((result as { conversations: Conversation[] }).conversations, fx),
  },
  'conversations.get': {
    params: (_fx, conversationId) => ({ conversationId }),
    expect: scoped(writers('ok')),
    check: (result, fx) => checkListed([(result as { conversation: Conversation }).conversation], fx),
  },
  'conversations.updateSettings': { params: (_fx, conversationId) => ({ conversationId, pinned: true }), expect: scoped(writers()) },
  'conversations.openDirect': {
    // With frank: everyone gets a direct conversation of their own with him, never the group.
    params: (fx) => ({ userId: fx.frank.session.user.id }),
    expect: auth('ok'),
    check: (result) => expect((result as { conversation: Conversation }).conversation.kind).toBe('direct'),
  },
  'conversations.markRead': { params: (_fx, conversationId) => ({ conversationId, seq: 1 }), expect: scoped(writers('ok')) },
  'groups.create': {
    params: (fx) => ({ title: 'Matrix group', memberIds: [fx.frank.session.user.id] }),
    expect: auth('ok'),
    check: (result) => expect((result as { conversation: Conversation }).conversation.members.find((m) => m.role === 'owner')).toBeDefined(),
  },
  'groups.update': {
    params: (fx, conversationId) => ({ conversationId, title: `Renamed by ${fx.as}` }),
    expect: scoped({ left: 'conversation.inactive', member: 'conversation.role_required', admin: 'ok', owner: 'ok' }),
  },
  'groups.addMembers': {
    params: (fx, conversationId) => ({ conversationId, userIds: [fx.henry.session.user.id] }),
    expect: scoped(writers()),
  },
  'groups.removeMember': {
    params: (fx, conversationId) => ({ conversationId, userId: (fx.as === 'owner' ? fx.gina : fx.frank).session.user.id }),
    expect: scoped({ left: 'conversation.inactive', member: 'conversation.role_required', admin: 'ok', owner: 'ok' }),
  },
  'groups.setRole': {
    params: (fx, conversationId) => ({ conversationId, userId: fx.frank.session.user.id, role: 'admin' }),
    expect: scoped({ left: 'conversation.inactive', member: 'conversation.role_required', admin: 'conversation.role_required', owner: 'ok' }),
  },
  'groups.transferOwnership': {
    params: (fx, conversationId) => ({ conversationId, userId: fx.frank.session.user.id }),
    expect: scoped({ left: 'conversation.inactive', member: 'conversation.role_required', admin: 'conversation.role_required', owner: 'ok' }),
  },
  'groups.muteMember': {
    params: (fx, conversationId) => ({ conversationId, userId: (fx.as === 'owner' ? fx.gina : fx.frank).session.user.id, muted: true }),
    expect: scoped({ left: 'conversation.inactive', member: 'conversation.role_required', admin: 'ok', owner: 'ok' }),
  },
  'groups.leave': {
    params: (_fx, conversationId) => ({ conversationId }),
    expect: scoped({ left: 'conversation.inactive', member: 'ok', admin: 'ok', owner: 'conversation.owner_must_transfer' }),
  },
  'groups.dissolve': {
    params: (_fx, conversationId) => ({ conversationId }),
    expect: scoped({ left: 'conversation.inactive', member: 'conversation.role_required', admin: 'conversation.role_required', owner: 'ok' }),
  },
  'messages.send': {
    params: (_fx, conversationId) => ({ conversationId, clientId: uniqueName('m'), text: 'matrix says hi' }),
    expect: scoped(writers()),
  },
  'messages.edit': {
    // The member's own message: only they may edit it.
    params: (fx, _c, messageId) => ({ messageId: messageId === MISSING_MESSAGE ? messageId : fx.memberMessageId, text: 'edited' }),
    expect: byMessage({ left: 'message.not_editable', member: 'ok', admin: 'message.not_editable', owner: 'message.not_editable' }),
  },
  'messages.recall': {
    // frank's message (one per caller): not the member's to recall; the owner and admins may.
    params: (_fx, _c, messageId) => ({ messageId }),
    expect: byMessage({ left: 'conversation.inactive', member: 'conversation.role_required', admin: 'ok', owner: 'ok' }),
    check: (result) => expect((result as { message: { recalled: unknown; text: string } }).message).toMatchObject({ text: '', recalled: expect.anything() }),
  },
  'messages.hide': { params: (_fx, _c, messageId) => ({ messageId }), expect: byMessage(writers('ok')) },
  'messages.react': { params: (_fx, _c, messageId) => ({ messageId, emoji: '👍', on: true }), expect: byMessage(writers()) },
  'messages.forward': {
    params: (fx, _c, messageId) => ({ messageId, targets: [{ conversationId: fx.group.id, clientId: uniqueName('fw') }] }),
    expect: byMessage(writers()),
  },
  'messages.history': {
    params: (_fx, conversationId) => ({ conversationId, limit: 50 }),
    expect: scoped(writers('ok')),
    check: (result) => expect((result as { messages: Array<{ text: string }> }).messages.map((m) => m.text)).toContain('before the matrix'),
  },
  'sync.bootstrap': {
    params: () => ({}),
    expect: auth('ok'),
    check: (result, fx) => checkListed((result as { conversations: Conversation[] }).conversations, fx),
  },
  'sync.catchUp': {
    // Not an error for anyone signed in: conversations the caller is not in are simply not there.
    params: () => ({ after: 0, limit: 500 }),
    expect: auth('ok'),
    check: (result, fx) => {
      const page = result as { conversations: Conversation[]; messages: Array<{ conversationId: string }> };
      checkListed(page.conversations, fx);
      expect(page.messages.some((m) => m.conversationId === fx.group.id)).toBe(seesGroup(fx));
    },
  },
  'typing.set': { params: (_fx, conversationId) => ({ conversationId, typing: true }), expect: scoped(writers()) },
  'presence.set': { params: () => ({ presence: 'away' }), expect: auth('ok') },
  'presence.query': {
    // Outsiders read offline whatever they are; the answer always lists every id asked.
    params: (fx) => ({ userIds: [fx.frank.session.user.id] }),
    expect: auth('ok'),
    check: (result, fx) => {
      const [entry] = (result as { presence: Array<{ userId: string; presence: string }> }).presence;
      expect(entry).toEqual({ userId: fx.frank.session.user.id, presence: seesGroup(fx) && fx.as !== 'left' ? 'online' : 'offline' });
    },
  },
  'messages.search': {
    // Scoped to the conversation: same rule as history. (Unscoped search is checked in the events test.)
    params: (_fx, conversationId) => ({ query: 'matrix', conversationId, limit: 10 }),
    expect: scoped(writers('ok')),
    check: (result, fx) => {
      const { results } = result as { results: Array<{ message: { conversationId: string; text: string } }> };
      expect(results.map((r) => r.message.text)).toContain('before the matrix');
      expect(results.every((r) => r.message.conversationId === fx.group.id)).toBe(true);
    },
  },
  'system.ping': { params: () => ({}), expect: auth('ok', 'ok') },
};

const METHOD_LIST = Object.keys(METHODS) as MethodName[];

describe('authorization matrix: coverage', () => {
  it.each(METHOD_LIST)('%s has a matrix row with an expectation for every caller', (method) => {
    const row = MATRIX[method];
    expect(row, `add a row for ${method} to MATRIX in authorization-matrix.test.ts`).toBeDefined();
    for (const caller of CALLERS) expect(row!.expect[caller], `${method} × ${caller}`).toBeDefined();
  });

  it('the table agrees with UNAUTHENTICATED_METHODS', () => {
    for (const method of METHOD_LIST) {
      const row = MATRIX[method];
      if (!row) continue;
      expect(row.expect.anonymous === 'auth.required', method).toBe(!UNAUTHENTICATED_METHODS.has(method));
    }
  });
});

describeEachStore('authorization matrix', ({ kind }) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ store: kind });
    await (await signedInClient(server, 'admin')).client.close(); // the first account: the workspace admin
  });
  afterAll(async () => {
    await server.close();
  });

  const outcomeOf = (promise: Promise<unknown>) =>
    promise.then(
      (result) => ({ outcome: 'ok' as Outcome, result }),
      (e: unknown) => ({ outcome: (isMagpieError(e) ? e.code : `threw ${String(e)}`) as Outcome, result: undefined }),
    );

  const rows = METHOD_LIST.filter((m) => MATRIX[m]).map((m) => [m, MATRIX[m]!] as const);

  /**
   * A fresh workspace corner per method: a group owned by olga with dave (admin), alice (member),
   * frank and gina (members acted on), erin (removed: left); mallory and carol outside it; henry to
   * invite; a bare socket with no session.
   */
  async function corner() {
    const names = ['olga', 'dave', 'alice', 'erin', 'frank', 'gina', 'henry', 'mallory', 'carol'] as const;
    const people = Object.fromEntries(await Promise.all(names.map(async (n) => [n, await signedInClient(server, n)] as const))) as Record<(typeof names)[number], SignedIn>;
    const id = (n: (typeof names)[number]) => people[n].session.user.id;
    const { conversation: group } = await people.olga.client.request('groups.create', {
      title: 'Matrix', memberIds: [id('dave'), id('alice'), id('erin'), id('frank'), id('gina')],
    });
    await people.olga.client.request('groups.setRole', { conversationId: group.id, userId: id('dave'), role: 'admin' });
    const memberMessage = await sendText(people.alice.client, group.id, 'before the matrix');
    const frankMessageIds = {} as Record<Caller, string>;
    for (const caller of CALLERS) frankMessageIds[caller] = (await sendText(people.frank.client, group.id, `frank to ${caller}`)).id;
    await people.olga.client.request('groups.removeMember', { conversationId: group.id, userId: id('erin') });
    const anonymous = await TestClient.connect(server.socketUrl);
    const self: Record<Caller, SignedIn> = {
      anonymous: people.alice, nonMember: people.mallory, missing: people.carol, left: people.erin, member: people.alice, admin: people.dave, owner: people.olga,
    };
    const socketOf: Record<Caller, TestClient> = {
      anonymous, nonMember: people.mallory.client, missing: people.carol.client, left: people.erin.client,
      member: people.alice.client, admin: people.dave.client, owner: people.olga.client,
    };
    const close = async () => {
      for (const p of Object.values(people)) await p.client.close();
      await anonymous.close();
    };
    return { people, group, self, socketOf, memberMessageId: memberMessage.id, frankMessageIds, close };
  }

  it.each(rows)('%s', async (method, row) => {
    const c = await corner();
    const seen: Record<string, string> = {};
    try {
      for (const caller of CALLERS) {
        const fx: Fixture = {
          self: c.self[caller], as: caller, group: c.group, frank: c.people.frank, gina: c.people.gina, henry: c.people.henry,
          memberMessageId: c.memberMessageId, frankMessageIds: c.frankMessageIds,
        };
        const target = caller === 'missing' ? MISSING_ID : c.group.id;
        const messageId = caller === 'missing' ? MISSING_MESSAGE : c.frankMessageIds[caller];
        const { outcome, result } = await outcomeOf(c.socketOf[caller].request(method, row.params(fx, target, messageId) as never));
        seen[caller] = outcome;
        if (outcome === 'ok' && outcome === row.expect[caller]) row.check?.(result, fx);
      }
      expect(seen).toEqual(row.expect);
    } finally {
      await c.close();
    }
  });

  it('a non-member never hears message.new, conversation.updated or conversation.read of a conversation it is not in', async () => {
    const mallory = await signedInClient(server, 'eavesdropper');
    const malloryTablet = await TestClient.connect(server.socketUrl);
    await malloryTablet.request('auth.resume', { token: mallory.session.token });
    const listening = [mallory.client, malloryTablet];

    const { alice, bob, conversation } = await directPair(server); // conversation.updated to alice and bob
    await alice.client.nextEvent('conversation.updated');
    await bob.client.nextEvent('conversation.updated');
    const sent = await sendText(alice.client, conversation.id, 'just between us'); // message.new
    await bob.client.nextEvent('message.new');
    await sendText(bob.client, conversation.id, 'indeed');
    await alice.client.nextEvent((e) => e.event === 'message.new' && e.data.message.text === 'indeed');
    // alice has read up to her own message; reading bob's reply moves her marker: conversation.read.
    await alice.client.request('conversations.markRead', { conversationId: conversation.id, seq: sent.seq + 1 });
    await bob.client.nextEvent('conversation.read');
    // Mallory's own failed attempts must not produce events either.
    await mallory.client.request('messages.send', { conversationId: conversation.id, clientId: uniqueName('x'), text: 'let me in' }).catch(() => undefined);
    await mallory.client.request('conversations.markRead', { conversationId: conversation.id, seq: 2 }).catch(() => undefined);

    // Nor finds its messages by searching everywhere.
    expect((await mallory.client.request('messages.search', { query: 'between', limit: 50 })).results).toEqual([]);
    expect((await bob.client.request('messages.search', { query: 'between', limit: 50 })).results).toHaveLength(1);
    // Everything above was published before these round trips return; give other paths a moment.
    for (const client of listening) await client.request('system.ping', {});
    await new Promise((r) => setTimeout(r, 100));
    for (const client of listening) {
      expect(client.events).toEqual([]);
      expect(client.invalidFrames).toEqual([]);
    }
    for (const c of [...listening, alice.client, bob.client]) await c.close();
  });
});
