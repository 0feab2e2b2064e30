import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMagpieError } from '../../../shared/errors';
import { signedInClient } from '../test-fixtures';
import { startTestServer, type TestServer } from '../testing';
import { describeEachStore } from '../test-stores';

describeEachStore('people and conversations', ({ kind }) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ store: kind });
  });
  afterAll(async () => {
    await server.close();
  });

  const codeOf = (promise: Promise<unknown>) => promise.then(() => 'resolved', (e: unknown) => (isMagpieError(e) ? e.code : String(e)));

  describe('finding people', () => {
    it('matches usernames and display names by substring, case-insensitively, Chinese included', async () => {
      const me = await signedInClient(server, 'searcher');
      const wang = await signedInClient(server, 'wxm', '王小明');
      const emma = await signedInClient(server, 'emma', 'Emma Größe');
      const search = async (query: string) => (await me.client.request('users.search', { query, limit: 50 })).users.map((u) => u.id);
      expect(await search('王')).toContain(wang.session.user.id);
      expect(await search('小明')).toContain(wang.session.user.id);
      expect(await search('GRÖßE')).toContain(emma.session.user.id);
      expect(await search('EMMA')).toContain(emma.session.user.id);
      expect(await search(emma.session.user.username.slice(2, 8))).toContain(emma.session.user.id);
      expect(await search('searcher')).toContain(me.session.user.id); // excludes nobody, not even me
      expect(await search('no-such-person-anywhere')).toEqual([]);
      for (const s of [me, wang, emma]) await s.client.close();
    });

    it('respects the limit', async () => {
      const me = await signedInClient(server, 'limit');
      for (let i = 0; i < 3; i++) await signedInClient(server, 'limit');
      expect((await me.client.request('users.search', { query: 'limit', limit: 2 })).users).toHaveLength(2);
      await me.client.close();
    });
  });

  describe('direct conversations', () => {
    it('is created once, whoever opens it, and both members hear about it', async () => {
      const alice = await signedInClient(server, 'alice');
      const bob = await signedInClient(server, 'bob');
      const { conversation } = await alice.client.request('conversations.openDirect', { userId: bob.session.user.id });
      expect(conversation).toMatchObject({ kind: 'direct', lastSeq: 0 });
      expect(conversation.members.map((m) => m.id).sort()).toEqual([alice.session.user.id, bob.session.user.id].sort());
      const pushed = await bob.client.nextEvent('conversation.updated');
      expect(pushed.event === 'conversation.updated' && pushed.data.conversation.id).toBe(conversation.id);
      await alice.client.nextEvent('conversation.updated');

      const again = await bob.client.request('conversations.openDirect', { userId: alice.session.user.id });
      expect(again.conversation.id).toBe(conversation.id);
      const twice = await alice.client.request('conversations.openDirect', { userId: bob.session.user.id });
      expect(twice.conversation.id).toBe(conversation.id);
      await new Promise((r) => setTimeout(r, 50));
      expect(bob.client.events.filter((e) => e.event === 'conversation.updated')).toEqual([]);

      const listed = await alice.client.request('conversations.list', {});
      expect(listed.conversations.map((c) => c.id)).toEqual([conversation.id]);
      expect(listed.conversations[0]!.members.every((m) => typeof m.username === 'string')).toBe(true);
      await alice.client.close();
      await bob.client.close();
    });

    it('cannot be opened with yourself or with someone who does not exist', async () => {
      const me = await signedInClient(server);
      expect(await codeOf(me.client.request('conversations.openDirect', { userId: me.session.user.id }))).toBe('validation.invalid');
      expect(await codeOf(me.client.request('conversations.openDirect', { userId: 'nobody-has-this-id' }))).toBe('user.not_found');
      await me.client.close();
    });
  });
});
