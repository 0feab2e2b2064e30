import { TimelineMessageSchema, type TimelineMessage } from '../../shared/ipc';

/**
 * A timeline message with the contract's defaults filled in (kind text, no mentions, no
 * attachment…), so tests name only what they are about. Sent ones get an id from their seq.
 */
export function timelineMessage(fields: Partial<TimelineMessage> & Pick<TimelineMessage, 'clientId' | 'conversationId' | 'senderId'>): TimelineMessage {
  const seq = fields.seq ?? null;
  return TimelineMessageSchema.parse({
    id: seq === null ? null : `msg-${fields.conversationId}-${seq}`,
    seq,
    text: '',
    createdAt: Date.now(),
    status: seq === null ? 'sending' : 'sent',
    ...fields,
  });
}
