import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../../shared/limits';
import { timelineMessage } from '../../test/messages';
import { canSend, formatRemaining, messageActions, type ConversationFacts } from './permissions';

const me = 'u-me';
const member = (id: string, role: 'owner' | 'admin' | 'member' = 'member', muted = false) => ({ id, username: id, displayName: id, avatarFileId: null, isAdmin: false, role, muted });
const direct: ConversationFacts = { kind: 'direct', members: [member(me), member('u-bob')], state: 'active', allMuted: false };
const group = (role: 'owner' | 'admin' | 'member'): ConversationFacts => ({ kind: 'group', members: [member(me, role), member('u-bob')], state: 'active', allMuted: false });
const now = 1_000_000_000;
const sent = (senderId: string, extra = {}) => timelineMessage({ clientId: 'c', conversationId: 'c1', senderId, seq: 5, text: 'hello', createdAt: now - 1000, ...extra });

describe('message actions', () => {
  it('my fresh text message: everything, with the recall time left', () => {
    const a = messageActions(sent(me), direct, me, now);
    expect(a).toMatchObject({ reply: true, edit: true, recall: true, hide: true, forward: true, copy: true, react: true });
    expect(a.recallRemainingMs).toBe(LIMITS.defaultRecallWindowMs - 1000);
  });

  it("someone else's message: no edit, no recall for a plain member", () => {
    expect(messageActions(sent('u-bob'), direct, me, now)).toMatchObject({ reply: true, edit: false, recall: false, react: true, hide: true });
    expect(messageActions(sent('u-bob'), group('member'), me, now).recall).toBe(false);
  });

  it('my message past the recall window cannot be recalled; owners and admins recall any time', () => {
    const old = sent(me, { createdAt: now - LIMITS.defaultRecallWindowMs - 1 });
    expect(messageActions(old, direct, me, now).recall).toBe(false);
    for (const role of ['owner', 'admin'] as const) {
      const a = messageActions(sent('u-bob', { createdAt: 0 }), group(role), me, now);
      expect(a.recall).toBe(true);
      expect(a.recallRemainingMs).toBeNull();
    }
  });

  it('only text messages are editable; a captioned image is not', () => {
    expect(messageActions(sent(me, { kind: 'image' }), direct, me, now).edit).toBe(false);
  });

  it('a recalled message offers only delete-for-me; an outbox or system one offers nothing', () => {
    expect(messageActions(sent(me, { recalled: { by: me, at: now } }), direct, me, now)).toMatchObject({ hide: true, reply: false, recall: false, forward: false, react: false });
    const queued = timelineMessage({ clientId: 'q', conversationId: 'c1', senderId: me, text: 'x' });
    expect(Object.values(messageActions(queued, direct, me, now)).filter((v) => v === true)).toEqual([]);
    expect(messageActions(sent('u-bob', { kind: 'system' }), group('owner'), me, now).hide).toBe(false);
  });

  it('a left group is read-only; muted members cannot reply or edit but may still react', () => {
    const left = { ...group('member'), state: 'left' as const };
    expect(messageActions(sent(me), left, me, now)).toMatchObject({ reply: false, edit: false, recall: false, react: false, copy: true, forward: true });
    const muted: ConversationFacts = { ...group('member'), members: [member(me, 'member', true), member('u-bob')] };
    expect(canSend(muted, me)).toBe(false);
    expect(messageActions(sent(me), muted, me, now)).toMatchObject({ reply: false, edit: false, react: true });
    expect(canSend({ ...group('member'), allMuted: true }, me)).toBe(false);
    expect(canSend({ ...group('admin'), allMuted: true }, me)).toBe(true);
  });

  it('formats the time left as m:ss', () => {
    expect(formatRemaining(65_000)).toBe('1:05');
    expect(formatRemaining(400)).toBe('0:01');
    expect(formatRemaining(-5)).toBe('0:00');
  });
});
