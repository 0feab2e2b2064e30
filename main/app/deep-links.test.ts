import { describe, expect, it, vi } from 'vitest';
import { DeepLinkRouter, findDeepLink, parseDeepLink, registerProtocolClient } from './deep-links';

vi.mock('electron', () => ({}));

describe('magpie:// links', () => {
  it.each([
    ['magpie://conversation/c1', { conversationId: 'c1' }],
    ['magpie://conversation/Abc_12-x', { conversationId: 'Abc_12-x' }],
    ['magpie://conversation/c1/', { conversationId: 'c1' }],
    ['MAGPIE://Conversation/c1', { conversationId: 'c1' }],
    ['magpie://conversation/c1?seq=42', { conversationId: 'c1', seq: 42 }],
  ])('%s opens a conversation', (link, target) => {
    expect(parseDeepLink(link)).toEqual(target);
  });

  it.each([
    ['another scheme', 'https://conversation/c1'],
    ['a javascript link', 'javascript:alert(1)//magpie://conversation/c1'],
    ['no host', 'magpie:conversation/c1'],
    ['another action', 'magpie://settings/c1'],
    ['no id', 'magpie://conversation/'],
    ['no id, no slash', 'magpie://conversation'],
    ['two segments', 'magpie://conversation/c1/messages'],
    ['climbing', 'magpie://conversation/../../etc/passwd'],
    ['encoded slash', 'magpie://conversation/a%2Fb'],
    ['encoded dot-dot', 'magpie://conversation/%2e%2e'],
    ['a space', 'magpie://conversation/a b'],
    ['unicode', 'magpie://conversation/ç'],
    ['an id too long', `magpie://conversation/${'a'.repeat(65)}`],
    ['a huge link', `magpie://conversation/c1?seq=1${'0'.repeat(5000)}`],
    ['credentials', 'magpie://user:pw@conversation/c1'],
    ['a port', 'magpie://conversation:99/c1'],
    ['a fragment', 'magpie://conversation/c1#x'],
    ['another parameter', 'magpie://conversation/c1?next=https://evil'],
    ['a repeated parameter', 'magpie://conversation/c1?seq=1&seq=2'],
    ['a zero seq', 'magpie://conversation/c1?seq=0'],
    ['a negative seq', 'magpie://conversation/c1?seq=-1'],
    ['a fractional seq', 'magpie://conversation/c1?seq=1.5'],
    ['a seq beyond safe integers', 'magpie://conversation/c1?seq=99999999999999999'],
    ['a line break', 'magpie://conversation/c1\n'],
    ['a tab inside', 'magpie://conver\tsation/c1'],
    ['a 16-digit seq beyond safe integers', 'magpie://conversation/c1?seq=9999999999999999'],
    ['not text', 42],
    ['nothing', undefined],
  ])('ignores %s', (_what, link) => {
    expect(parseDeepLink(link)).toBeNull();
  });

  it('finds the link among launch arguments', () => {
    expect(findDeepLink(['/opt/Magpie/magpie', '--no-sandbox', 'magpie://conversation/c1'])).toBe('magpie://conversation/c1');
    expect(findDeepLink(['/opt/Magpie/magpie', '--hidden'])).toBeNull();
  });

  it('registers the scheme, passing the script to Electron in development', () => {
    const app = { setAsDefaultProtocolClient: vi.fn(() => true) };
    registerProtocolClient(app, { defaultApp: true, argv: ['/usr/bin/electron', 'out/main/app.cjs'], execPath: '/usr/bin/electron' }, (p) => `/work/${p}`);
    expect(app.setAsDefaultProtocolClient).toHaveBeenLastCalledWith('magpie', '/usr/bin/electron', ['/work/out/main/app.cjs']);
    registerProtocolClient(app, { defaultApp: false, argv: ['/opt/Magpie/magpie'], execPath: '/opt/Magpie/magpie' } as never, (p) => p);
    expect(app.setAsDefaultProtocolClient).toHaveBeenLastCalledWith('magpie');
  });

  it('links that arrive early wait for the app, then go straight through; bad ones are logged', () => {
    const log = vi.fn();
    const router = new DeepLinkRouter(log);
    expect(router.deliver('magpie://conversation/first')).toBe(true);
    expect(router.deliver('magpie://conversation/second')).toBe(true);
    const open = vi.fn();
    router.attach(open);
    expect(open.mock.calls).toEqual([[{ conversationId: 'second' }]]);
    router.deliver('magpie://conversation/third');
    expect(open).toHaveBeenLastCalledWith({ conversationId: 'third' });
    expect(router.deliver(`magpie://evil/\u0000${'x'.repeat(500)}`)).toBe(false);
    expect(open).toHaveBeenCalledTimes(2);
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0]![0].length).toBeLessThan(200);
  });
});
