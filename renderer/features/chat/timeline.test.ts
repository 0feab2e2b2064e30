import { describe, expect, it } from 'vitest';
import type { TimelineMessage } from '../../../shared/ipc';
import { flattenPages } from '../../data/messages';
import { timelineMessage } from '../../test/messages';
import { buildTimelineRows, GROUP_WINDOW_MS } from './timeline';

const at = (h: number, m = 0) => new Date(2024, 4, 1, h, m).getTime();
function msg(clientId: string, senderId: string, createdAt: number, seq: number | null = null): TimelineMessage {
  return timelineMessage({ clientId, conversationId: 'c1', seq, senderId, text: clientId, createdAt });
}

describe('timeline', () => {
  it('starts a new block after five minutes, on another sender, and on a new day (with a separator)', () => {
    const rows = buildTimelineRows(
      [
        msg('a', 'u1', at(9), 1),
        msg('b', 'u1', at(9) + GROUP_WINDOW_MS - 1, 2),
        msg('c', 'u1', at(9) + 2 * GROUP_WINDOW_MS, 3),
        msg('d', 'u2', at(9) + 2 * GROUP_WINDOW_MS + 1, 4),
        msg('e', 'u2', at(9) + 24 * 3600_000, 5),
      ],
      'u1',
    );
    expect(rows.map((r) => `${r.dayStart === null ? '' : 'day|'}${r.key}:${r.first ? 'first' : 'cont'}:${r.own ? 'own' : 'other'}`)).toEqual([
      'day|a:first:own',
      'b:cont:own',
      'c:first:own',
      'd:first:other',
      'day|e:first:other',
    ]);
  });

  it('merges pages newest-first into one oldest-first list, outbox last, no duplicates', () => {
    const pages = [
      { messages: [msg('m3', 'u1', at(10), 3), msg('p1', 'u1', at(11))], hasMore: true },
      { messages: [msg('m1', 'u1', at(8), 1), msg('m2', 'u2', at(9), 2), msg('m3', 'u1', at(10), 3)], hasMore: false },
    ];
    expect(flattenPages(pages).map((m) => m.clientId)).toEqual(['m1', 'm2', 'm3', 'p1']);
  });
});
