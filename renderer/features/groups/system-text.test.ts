import { describe, expect, it } from 'vitest';
import { i18n } from '../../i18n';
import { typingText } from '../presence/typing-text';
import { systemEventText } from './system-text';

const names: Record<string, string> = { a: 'Alice', b: 'Bob', c: '陈晨', me: 'You' };
const nameOf = (id: string) => names[id] ?? 'Unknown user';

describe('group event sentences', () => {
  it('reads every event type in English and Chinese', async () => {
    const t = i18n.t.bind(i18n);
    expect(systemEventText({ type: 'member.joined', actorId: 'a', targetIds: ['b', 'c'], value: '' }, nameOf, t)).toBe('Alice added Bob, 陈晨');
    expect(systemEventText({ type: 'member.joined', actorId: 'b', targetIds: ['b'], value: '' }, nameOf, t)).toBe('Bob joined the group');
    expect(systemEventText({ type: 'member.role_changed', actorId: 'a', targetIds: ['b'], value: 'admin' }, nameOf, t)).toBe('Alice made Bob an admin');
    expect(systemEventText({ type: 'member.role_changed', actorId: 'a', targetIds: ['b'], value: 'member' }, nameOf, t)).toBe('Alice removed Bob as admin');
    expect(systemEventText({ type: 'group.renamed', actorId: 'me', targetIds: [], value: 'Ops' }, nameOf, t)).toBe('You renamed the group to “Ops”');
    expect(systemEventText({ type: 'group.announcement_changed', actorId: 'a', targetIds: [], value: '' }, nameOf, t)).toBe('Alice removed the announcement');
    expect(systemEventText({ type: 'group.all_muted', actorId: 'a', targetIds: [], value: 'true' }, nameOf, t)).toBe('Alice turned on “only admins can send”');
    await i18n.changeLanguage('zh-CN');
    const zh = i18n.t.bind(i18n);
    expect(systemEventText({ type: 'member.removed', actorId: 'a', targetIds: ['b', 'c'], value: '' }, nameOf, zh)).toBe('Alice将Bob、陈晨移出了群组');
    expect(systemEventText({ type: 'group.dissolved', actorId: 'a', targetIds: [], value: '' }, nameOf, zh)).toBe('Alice解散了群组');
  });

  it('says who is typing, shortening long lists', () => {
    const t = i18n.t.bind(i18n);
    expect(typingText([], nameOf, t)).toBe('');
    expect(typingText(['a'], nameOf, t)).toBe('Alice is typing…');
    expect(typingText(['a', 'b'], nameOf, t)).toBe('Alice and Bob are typing…');
    expect(typingText(['a', 'b', 'c'], nameOf, t)).toBe('Alice and 2 others are typing…');
  });
});
