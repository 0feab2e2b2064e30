import { describe, expect, it } from 'vitest';
import type { SearchHit } from '../../../shared/ipc';
import { timelineMessage } from '../../test/messages';
import { mergeHits } from './merge';

const hit = (conversationId: string, seq: number): SearchHit => ({
  conversationId,
  highlights: [],
  message: timelineMessage({ clientId: `${conversationId}-${seq}`, conversationId, senderId: 'u', seq, text: 'x' }),
});

describe('merging local and server search', () => {
  it('keeps local hits first and adds only what the server found beyond them, once each', () => {
    const merged = mergeHits([hit('a', 9), hit('b', 3)], [hit('a', 9), hit('a', 2), hit('b', 3), hit('c', 1), hit('a', 2)]);
    expect(merged.map((m) => `${m.source}:${m.hit.conversationId}:${m.hit.message.seq}`)).toEqual(['local:a:9', 'local:b:3', 'server:a:2', 'server:c:1']);
  });
});
