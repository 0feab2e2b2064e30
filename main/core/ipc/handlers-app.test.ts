import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_APP_SETTINGS } from '../../../shared/ipc';
import { CoreEvents } from '../events';
import type { OsIntegration } from '../host';
import { createNotificationCenter } from '../notifications/notification-center';
import { desktopText } from '../notifications/desktop-strings';
import { AppSettingsService } from '../settings/app-settings';
import { MemorySettingsStorage } from '../settings/settings-storage';
import { createDispatcher, type ChannelHandlers } from './dispatch';
import { appHandlers } from './handlers-app';

function dispatcher(os?: OsIntegration) {
  const events = new CoreEvents();
  const appSettings = new AppSettingsService({ storage: new MemorySettingsStorage(), events, log: () => {} });
  const { notifier } = createNotificationCenter({
    events,
    settings: appSettings,
    selfId: () => undefined,
    listConversations: async () => [],
    text: desktopText('en'),
    now: Date.now,
    log: () => {},
  });
  const handlers = appHandlers({ appSettings, notifier, os }) as unknown as ChannelHandlers;
  return { dispatch: createDispatcher(handlers, { validateResponses: true, log: () => {} }), notifier, events };
}

describe('app channels', () => {
  it('settings.get and settings.update work without a sign-in and are validated', async () => {
    const { dispatch, events } = dispatcher();
    const changed = vi.fn();
    events.on('settings.changed', changed);
    expect(await dispatch('settings.get', {})).toEqual({ ok: true, value: DEFAULT_APP_SETTINGS });
    const reply = await dispatch('settings.update', { notifications: { mode: 'mentions' } });
    expect(reply).toMatchObject({ ok: true, value: { notifications: { mode: 'mentions' } } });
    expect(changed).toHaveBeenCalledTimes(1);
    expect(await dispatch('settings.update', { notifications: { mode: 'loud' } })).toMatchObject({ ok: false, error: { code: 'ipc.invalid_request' } });
    expect(await dispatch('settings.update', { notifications: { dndUntil: -1 } })).toMatchObject({ ok: false, error: { code: 'ipc.invalid_request' } });
  });

  it('app.openExternal passes only http(s) links to the OS', async () => {
    const os: OsIntegration = { applySettings: vi.fn(), openExternal: vi.fn(async () => {}) };
    const { dispatch } = dispatcher(os);
    expect(await dispatch('app.openExternal', { url: 'https://example.com/a?b=c' })).toEqual({ ok: true, value: {} });
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'magpie://conversation/x', 'smb://host/share', 'https:evil', 'not a url']) {
      expect(await dispatch('app.openExternal', { url })).toMatchObject({ ok: false, error: { code: 'ipc.invalid_request' } });
    }
    expect(os.openExternal).toHaveBeenCalledTimes(1);
    expect(os.openExternal).toHaveBeenCalledWith('https://example.com/a?b=c');
  });

  it('without an OS (the browser shell opens links in the page) app.openExternal says unsupported', async () => {
    const { dispatch } = dispatcher();
    expect(await dispatch('app.openExternal', { url: 'https://example.com' })).toMatchObject({ ok: false, error: { code: 'app.unsupported' } });
  });

  it('app.setView tells the notifier what is in view', async () => {
    const { dispatch, notifier } = dispatcher();
    const setView = vi.spyOn(notifier, 'setView');
    expect(await dispatch('app.setView', { conversationId: 'c1', focused: true })).toEqual({ ok: true, value: {} });
    expect(setView).toHaveBeenCalledWith({ conversationId: 'c1', focused: true });
    expect(await dispatch('app.setView', { conversationId: '../x', focused: true })).toMatchObject({ ok: false });
  });
});
