import { afterAll, beforeAll, expect, it } from 'vitest';
import { isMagpieError } from '../../../shared/errors';
import type { User } from '../../../shared/protocol';
import { describeEachStore, openTestStore } from '../test-stores';
import type { SendInput } from './messaging-store';
import type { Store } from './store';

/**
 * The send path at the store: PostgreSQL folds it into one statement that writes before the rules
 * are checked (and rolls back on a refusal); both engines must leave no trace of a refused send.
 */
describeEachStore('sending at the store', ({ kind }) => {
  let store: Store;
  let remove: () => Promise<void>;
  let owner: User;
  let member: User;
  let outsider: User;
  let groupId: string;

  beforeAll(async () => {
    ({ store, remove } = await openTestStore(kind));
    const user = (name: string) => store.createUser({ username: name, displayName: name.toUpperCase(), passwordHash: 'x' });
    [owner, member, outsider] = [await user('owner'), await user('member'), await user('outsider')];
    groupId = (await store.messaging.createGroup(owner.id, 'Team', [member.id], true, Date.now())).result.conversation.id;
  });
  afterAll(async () => {
    await remove();
  });

  const input = (senderId: string, clientId: string, extra: Partial<SendInput> = {}): SendInput => ({
    conversationId: groupId, senderId, clientId, kind: 'text', text: `text of ${clientId}`, mentions: [], mentionsAll: false,
    attachment: null, card: null, now: Date.now(), ...extra,
  });
  const codeOf = (promise: Promise<unknown>) => promise.then(() => 'sent', (e: unknown) => (isMagpieError(e) ? e.code : String(e)));
  const trace = async () => ({
    head: await store.messaging.feedHead(),
    conversation: await store.messaging.conversationFor(member.id, groupId),
  });

  it('stores the message, moves the sender’s marker, stamps rev with the feed position, names the audience', async () => {
    const before = await trace();
    const { result, changes } = await store.messaging.send(input(member.id, 'first', { mentions: [outsider.id, owner.id, owner.id] }));
    expect(result.created).toBe(true);
    expect(result.message).toMatchObject({ seq: before.conversation.lastSeq + 1, senderId: member.id, text: 'text of first', mentions: [owner.id] });
    expect(result.message.rev).toBe(await store.messaging.feedHead());
    expect((await trace()).conversation).toMatchObject({ readSeq: result.message.seq, unreadCount: 0 });
    expect(changes).toEqual([{ type: 'message.new', userIds: expect.arrayContaining([owner.id, member.id]), message: result.message }]);
    expect(await store.messaging.findMessage(result.message.id)).toEqual(result.message);
  });

  it('a resend returns the stored message and writes nothing', async () => {
    const { result: first } = await store.messaging.send(input(member.id, 'twice'));
    const before = await trace();
    const { result: again, changes } = await store.messaging.send(input(member.id, 'twice', { text: 'different text' }));
    expect([again.created, again.message.id, again.message.text, changes]).toEqual([false, first.message.id, 'text of twice', []]);
    expect(await trace()).toEqual(before);
    expect(await codeOf(store.messaging.send({ ...input(owner.id, 'x'), clientId: 'twice', senderId: member.id, conversationId: 'nope' }))).toBe('conversation.not_found');
  });

  it('a refused send leaves no trace, and the same clientId goes through once allowed', async () => {
    const before = await trace();
    expect(await codeOf(store.messaging.send(input(outsider.id, 'o1')))).toBe('conversation.forbidden');
    expect(await codeOf(store.messaging.send(input(member.id, 'all', { mentionsAll: true })))).toBe('conversation.role_required');
    await store.messaging.muteMember(owner.id, groupId, member.id, true, Date.now());
    const muted = await trace();
    expect(muted.head).toBeGreaterThan(before.head);
    expect(await codeOf(store.messaging.send(input(member.id, 'while-muted')))).toBe('conversation.muted');
    expect(await trace()).toEqual(muted);
    await store.messaging.muteMember(owner.id, groupId, member.id, false, Date.now());
    const { result } = await store.messaging.send(input(member.id, 'while-muted'));
    expect([result.created, result.message.seq]).toEqual([true, muted.conversation.lastSeq + 2]);
  });

  it('replies quote a visible message and refuse one the sender hid, without a trace', async () => {
    const { result: original } = await store.messaging.send(input(owner.id, 'original'));
    const { result: reply } = await store.messaging.send(input(member.id, 'reply', { replyToMessageId: original.message.id }));
    expect(reply.message.replyTo).toMatchObject({ messageId: original.message.id, preview: 'text of original' });
    await store.messaging.hide(member.id, original.message.id, Date.now());
    const before = await trace();
    expect(await codeOf(store.messaging.send(input(member.id, 'reply2', { replyToMessageId: original.message.id })))).toBe('message.not_found');
    expect(await codeOf(store.messaging.send(input(member.id, 'reply3', { replyToMessageId: 'no-such-message' })))).toBe('message.not_found');
    expect(await trace()).toEqual(before);
  });
});
