import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMagpieError } from '../../../shared/errors';
import { directPair, sendText, signedInClient } from '../test-fixtures';
import { startTestServer, type TestServer } from '../testing';
import type { TestClient } from '../testing-client';
import { describeEachStore } from '../test-stores';

describeEachStore('messages.search', ({ kind }) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ store: kind });
  });
  afterAll(async () => {
    await server.close();
  });

  const codeOf = (promise: Promise<unknown>) => promise.then(() => 'resolved', (e: unknown) => (isMagpieError(e) ? e.code : String(e)));
  const texts = async (client: TestClient, query: string, conversationId?: string) =>
    (await client.request('messages.search', { query, limit: 50, ...(conversationId ? { conversationId } : {}) })).results.map((r) => r.message.text);

  describe('matching', () => {
    let alice: TestClient;
    let bob: TestClient;
    let conversationId: string;
    beforeAll(async () => {
      const pair = await directPair(server);
      alice = pair.alice.client;
      bob = pair.bob.client;
      conversationId = pair.conversation.id;
      for (const text of [
        '我们今天下午开会吗', // 今天 … 开会, not the phrase 今天开会
        '今天开会', // the phrase
        '明天天开始', // 天开 bigram without 今天开
        'Meeting notes for the Café launch',
        'meet me at noon',
        'The CAFE is closed',
        'résumé attached',
      ]) await sendText(alice, conversationId, text);
    });
    afterAll(async () => {
      await alice.close();
      await bob.close();
    });

    it('finds Chinese by one character, two characters and a phrase, newest first', async () => {
      expect(await texts(bob, '会')).toEqual(['今天开会', '我们今天下午开会吗']);
      expect(await texts(bob, '开会')).toEqual(['今天开会', '我们今天下午开会吗']);
      expect(await texts(bob, '今天开会')).toEqual(['今天开会']);
      expect(await texts(bob, '下午开')).toEqual(['我们今天下午开会吗']);
    });

    it('ANDs space-separated terms, and has no bigram false positives', async () => {
      expect(await texts(bob, '今天 开会')).toEqual(['今天开会', '我们今天下午开会吗']);
      expect(await texts(bob, '天开始 明天')).toEqual(['明天天开始']);
      // 今天 + 天开 are both in '今天开会' and '明天天开始' has 天开: only the contiguous phrase counts
      expect(await texts(bob, '今天开始')).toEqual([]);
      expect(await texts(bob, 'meet café')).toEqual([]);
      expect(await texts(bob, '开会 notes')).toEqual([]);
    });

    it('matches a Latin prefix for the last word only, folding case, width and diacritics', async () => {
      expect(await texts(bob, 'meet')).toEqual(['meet me at noon', 'Meeting notes for the Café launch']);
      expect(await texts(bob, 'meet ')).toEqual(['meet me at noon']);
      expect(await texts(bob, 'MEETIN')).toEqual(['Meeting notes for the Café launch']);
      expect(await texts(bob, 'cafe')).toEqual(['The CAFE is closed', 'Meeting notes for the Café launch']);
      expect(await texts(bob, 'ＣＡＦÉ')).toEqual(['The CAFE is closed', 'Meeting notes for the Café launch']);
      expect(await texts(bob, 'resume')).toEqual(['résumé attached']);
      expect(await texts(bob, 'no')).toEqual([]); // 1-2 letters: whole words only ('noon', 'notes' do not match)
    });

    it('returns highlights as ranges of the original text', async () => {
      const { results } = await bob.request('messages.search', { query: '开会 今天', limit: 1 });
      expect(results[0]!.message.text).toBe('今天开会');
      expect(results[0]!.highlights).toEqual([{ start: 0, end: 4 }]);
      const cafe = await bob.request('messages.search', { query: 'café', conversationId, limit: 5 });
      const text = cafe.results.at(-1)!.message.text;
      expect(cafe.results.at(-1)!.highlights.map((h) => text.slice(h.start, h.end))).toEqual(['Café']);
    });

    it('refuses invalid params with validation.invalid', async () => {
      for (const params of [
        { query: '', limit: 10 },
        { query: 'x'.repeat(201), limit: 10 },
        { query: 'ok', limit: 0 },
        { query: 'ok', limit: 51 },
        { query: 'ok', limit: 10, before: { position: 0 } },
        { query: 'ok', limit: 10, conversationId: 'not an id!' },
        { limit: 10 },
      ]) {
        expect(await codeOf(bob.request('messages.search', params as never))).toBe('validation.invalid');
      }
    });

    it('a query with no searchable characters finds nothing', async () => {
      expect(await bob.request('messages.search', { query: '!!! ...', limit: 10 })).toEqual({ results: [], nextBefore: null });
    });
  });

  it('only searches conversations the caller is a member of, even when it names one', async () => {
    const { alice, bob, conversation } = await directPair(server);
    const mallory = await signedInClient(server, 'mallory');
    const secret = `机密计划 zebrafish${Date.now()}`;
    await sendText(alice.client, conversation.id, secret);
    expect(await texts(bob.client, '机密计划')).toContain(secret);
    expect(await texts(mallory.client, '机密计划')).toEqual([]);
    expect(await texts(mallory.client, 'zebrafish')).toEqual([]);
    expect(await codeOf(texts(mallory.client, '机密', conversation.id))).toBe('conversation.forbidden');
    expect(await codeOf(texts(mallory.client, '机密', 'no-such-conversation'))).toBe('conversation.not_found');
    // Mallory's own conversation with bob holds no match, and alice's does not leak into it.
    const { conversation: own } = await mallory.client.request('conversations.openDirect', { userId: bob.session.user.id });
    await sendText(mallory.client, own.id, '计划 is mine');
    expect(await texts(mallory.client, '计划')).toEqual(['计划 is mine']);
    expect(await texts(bob.client, '计划', own.id)).toEqual(['计划 is mine']);
    for (const c of [alice.client, bob.client, mallory.client]) await c.close();
  });

  it('pages newest first with nextBefore until it is null, honouring limit', async () => {
    const { alice, bob, conversation } = await directPair(server);
    const word = `pager${Date.now().toString(36)}`;
    for (let i = 1; i <= 12; i++) await sendText(alice.client, conversation.id, `${i % 3 === 0 ? 'skip' : word} 第${i}页`);
    const seen: string[] = [];
    let before: { position: number } | undefined;
    for (let page = 0; page < 10; page++) {
      const reply = await bob.client.request('messages.search', { query: `${word} `, limit: 3, ...(before ? { before } : {}) });
      expect(reply.results.length).toBeLessThanOrEqual(3);
      seen.push(...reply.results.map((r) => r.message.text));
      if (!reply.nextBefore) break;
      before = reply.nextBefore;
    }
    const expected = Array.from({ length: 12 }, (_, i) => i + 1).filter((i) => i % 3 !== 0).reverse().map((i) => `${word} 第${i}页`);
    expect(seen).toEqual(expected);
    const first = await bob.client.request('messages.search', { query: word, limit: 8 });
    expect(first.results).toHaveLength(8);
    await alice.client.close();
    await bob.client.close();
  });
});
