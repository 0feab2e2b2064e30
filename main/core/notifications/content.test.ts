import { describe, expect, it } from 'vitest';
import type { FileInfo, Member } from '../../../shared/protocol';
import { notificationContent, type ContentConversation, type ContentMessage } from './content';
import { desktopLanguage, desktopText } from './desktop-strings';

const en = desktopText('en');
const zh = desktopText('zh-CN');
const member = (id: string, displayName: string): Member => ({ id, username: id, displayName, avatarFileId: null, isAdmin: false, role: 'member', muted: false });
const team: ContentConversation = { kind: 'group', title: 'Launch team', members: [member('me', 'Me'), member('bob', 'Bob 王')] };
const dm: ContentConversation = { kind: 'direct', title: '', members: [member('me', 'Me'), member('bob', 'Bob 王')] };
const file: FileInfo = { id: 'f1', name: 'plan.pdf', size: 10, contentType: 'application/pdf', sha256: 'a'.repeat(64), width: null, height: null, durationMs: null, thumbnailFileId: null };
const msg = (over: Partial<ContentMessage> = {}): ContentMessage => ({ senderId: 'bob', kind: 'text', text: 'hello', attachment: null, card: null, recalled: null, ...over });

describe('what a notification says', () => {
  it('a group: the title is the group, the body names the sender', () => {
    expect(notificationContent(msg(), team, en)).toEqual({ title: 'Launch team', body: 'Bob 王: hello' });
    expect(notificationContent(msg(), team, zh)).toEqual({ title: 'Launch team', body: 'Bob 王：hello' });
  });

  it('a direct conversation: the title is the sender', () => {
    expect(notificationContent(msg(), dm, en)).toEqual({ title: 'Bob 王', body: 'hello' });
  });

  it('attachments are named by kind, with the caption when there is one', () => {
    expect(notificationContent(msg({ kind: 'image', text: '' }), dm, en).body).toBe('[Photo]');
    expect(notificationContent(msg({ kind: 'image', text: 'look' }), dm, en).body).toBe('[Photo] look');
    expect(notificationContent(msg({ kind: 'file', text: '', attachment: file }), dm, en).body).toBe('[File] plan.pdf');
    expect(notificationContent(msg({ kind: 'audio', text: '' }), dm, zh).body).toBe('[语音]');
    expect(notificationContent(msg({ kind: 'video', text: '' }), dm, zh).body).toBe('[视频]');
    expect(notificationContent(msg({ kind: 'card', text: '', card: { title: 'Build #12', body: '', fields: [], actions: [], pluginId: null } }), dm, en).body).toBe('[Card] Build #12');
  });

  it('a recalled message shows nothing of its content', () => {
    expect(notificationContent(msg({ text: 'secret', recalled: { by: 'bob', at: 1 } }), team, en).body).not.toContain('secret');
  });

  it('long text is cut and line breaks are flattened', () => {
    const body = notificationContent(msg({ text: `line one\n\nline two ${'x'.repeat(500)}` }), dm, en).body;
    expect(body.startsWith('line one line two')).toBe(true);
    expect([...body].length).toBe(180);
    expect(body.endsWith('…')).toBe(true);
  });

  it('an unknown sender and an untitled group still read well', () => {
    expect(notificationContent(msg({ senderId: 'gone' }), { ...team, title: '' }, en)).toEqual({ title: 'Me, Bob 王', body: 'Someone: hello' });
  });

  it('the system language picks the strings; plurals follow it', () => {
    expect(desktopLanguage('zh-Hans-CN')).toBe('zh-CN');
    expect(desktopLanguage('en-GB')).toBe('en');
    expect(desktopLanguage(undefined)).toBe('en');
    expect(en('notification.newMessages', { count: 1 })).toBe('1 new message');
    expect(en('notification.newMessages', { count: 3 })).toBe('3 new messages');
    expect(zh('notification.newMessages', { count: 3 })).toBe('3 条新消息');
    expect(zh('notification.summaryBody', { count: 7, conversations: 2 })).toBe('2 个会话中有 7 条新消息');
  });
});
