import { describe, expect, it } from 'vitest';
import { DEFAULT_APP_SETTINGS, type AppSettings } from '../../../shared/ipc';
import { messageDecision, type AppView, type PolicyConversation, type PolicyMessage, type SkipReason } from './policy';

const NOW = 1_800_000_000_000;
const SELF = 'me';

const message = (over: Partial<PolicyMessage> = {}): PolicyMessage => ({
  conversationId: 'c1',
  senderId: 'bob',
  kind: 'text',
  recalled: null,
  mentions: [],
  mentionsAll: false,
  ...over,
});
const group = (over: Partial<PolicyConversation> = {}): PolicyConversation => ({
  id: 'c1',
  kind: 'group',
  state: 'active',
  settings: { muted: false, pinned: false },
  ...over,
});
const direct = (over: Partial<PolicyConversation> = {}) => group({ kind: 'direct', ...over });
const notifications = (over: Partial<AppSettings['notifications']> = {}) => ({ ...DEFAULT_APP_SETTINGS.notifications, ...over });
const away: AppView = { conversationId: null, focused: true };

type Row = {
  rule: string;
  message?: Partial<PolicyMessage>;
  conversation?: PolicyConversation;
  settings?: Partial<AppSettings['notifications']>;
  view?: AppView;
  expected: SkipReason | 'notify';
};

const rows: Row[] = [
  { rule: 'a message from someone else in a group notifies', expected: 'notify' },
  { rule: 'a direct message notifies', conversation: direct(), expected: 'notify' },
  { rule: 'my own message (from another device) never notifies', message: { senderId: SELF }, expected: 'own' },
  { rule: 'a system event does not notify', message: { kind: 'system' }, expected: 'system' },
  { rule: 'a recalled message is never shown', message: { recalled: { by: 'bob', at: NOW } }, expected: 'recalled' },
  { rule: 'notifications switched off', settings: { enabled: false }, expected: 'disabled' },
  { rule: 'do not disturb until a time still ahead', settings: { dndUntil: NOW + 60_000 }, expected: 'dnd' },
  { rule: 'do not disturb that has ended no longer holds', settings: { dndUntil: NOW - 1 }, expected: 'notify' },
  { rule: 'do not disturb ending exactly now has ended', settings: { dndUntil: NOW }, expected: 'notify' },
  { rule: 'a muted conversation is silent', conversation: group({ settings: { muted: true, pinned: false } }), expected: 'muted' },
  {
    rule: 'a muted conversation stays silent for a mention too',
    conversation: group({ settings: { muted: true, pinned: false } }),
    message: { mentions: [SELF] },
    expected: 'muted',
  },
  { rule: 'a muted direct conversation is silent', conversation: direct({ settings: { muted: true, pinned: false } }), expected: 'muted' },
  { rule: 'a group I left', conversation: group({ state: 'left' }), expected: 'inactive' },
  { rule: 'a dissolved group', conversation: group({ state: 'dissolved' }), expected: 'inactive' },
  { rule: 'the conversation in view in a focused window', view: { conversationId: 'c1', focused: true }, expected: 'in-view' },
  { rule: 'the conversation in view but the window unfocused', view: { conversationId: 'c1', focused: false }, expected: 'notify' },
  { rule: 'another conversation in view', view: { conversationId: 'c2', focused: true }, expected: 'notify' },
  { rule: 'mentions mode: a plain group message', settings: { mode: 'mentions' }, expected: 'not-mentioned' },
  { rule: 'mentions mode: a mention of someone else', settings: { mode: 'mentions' }, message: { mentions: ['carol'] }, expected: 'not-mentioned' },
  { rule: 'mentions mode: a mention of me', settings: { mode: 'mentions' }, message: { mentions: ['carol', SELF] }, expected: 'notify' },
  { rule: 'mentions mode: @all', settings: { mode: 'mentions' }, message: { mentionsAll: true }, expected: 'notify' },
  { rule: 'mentions mode: a direct message', settings: { mode: 'mentions' }, conversation: direct(), expected: 'notify' },
  {
    rule: 'off wins over everything else',
    settings: { enabled: false, dndUntil: NOW + 1 },
    conversation: group({ settings: { muted: true, pinned: false } }),
    expected: 'disabled',
  },
  { rule: 'own wins over off', message: { senderId: SELF }, settings: { enabled: false }, expected: 'own' },
];

describe('notification policy', () => {
  it.each(rows)('$rule → $expected', (row) => {
    const decision = messageDecision(message(row.message), SELF, {
      conversation: row.conversation ?? group(),
      settings: notifications(row.settings),
      view: row.view ?? away,
      now: NOW,
    });
    expect(decision.notify ? 'notify' : decision.reason).toBe(row.expected);
  });
});
