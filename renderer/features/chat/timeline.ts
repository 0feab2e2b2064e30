import type { TimelineMessage } from '../../../shared/ipc';
import { startOfDay } from '../../i18n/format';

/** Messages from one sender closer together than this read as one block: one avatar, one name. */
export const GROUP_WINDOW_MS = 5 * 60 * 1000;

/**
 * One row of the list: a message, with the day separator above it when it opens a new day. Every row
 * is keyed by its message's client id, so the list can keep the reader's place by key when older
 * history is added above (a separate separator row would be a moving, unreliable anchor).
 */
export interface TimelineRow {
  key: string;
  message: TimelineMessage;
  own: boolean;
  /** First of a block from one sender: shows the avatar and the name. */
  first: boolean;
  /** Start of the day to announce above this message, when it is the first of its day. */
  dayStart: number | null;
}

export function buildTimelineRows(messages: readonly TimelineMessage[], meId: string): TimelineRow[] {
  const rows: TimelineRow[] = [];
  let previous: TimelineMessage | null = null;
  for (const message of messages) {
    const day = startOfDay(message.createdAt);
    const newDay = previous === null || startOfDay(previous.createdAt) !== day;
    const continues =
      !newDay &&
      previous !== null &&
      previous.senderId === message.senderId &&
      // Event lines and tombstones stand alone: the message after one shows its sender again.
      previous.kind !== 'system' &&
      message.kind !== 'system' &&
      !previous.recalled &&
      !message.recalled &&
      message.createdAt - previous.createdAt < GROUP_WINDOW_MS &&
      message.createdAt >= previous.createdAt;
    rows.push({
      key: message.clientId,
      message,
      own: message.senderId === meId,
      first: !continues,
      dayStart: newDay ? day : null,
    });
    previous = message;
  }
  return rows;
}
