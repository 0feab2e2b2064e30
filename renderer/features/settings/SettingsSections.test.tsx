import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeBridge } from '../../test/fake-bridge';
import { renderApp } from '../../test/render';

function world(isAdmin = false) {
  const bridge = new FakeBridge();
  const alice = bridge.addUser('alice', 'Alice Liddell', 'correct horse', { isAdmin });
  bridge.signInAs(alice);
  bridge.groupOps.sessions.push({ id: 'sess-phone', deviceName: 'Magpie on Windows', createdAt: Date.now() - 3_600_000, lastSeenAt: Date.now() - 60_000, current: false });
  return { bridge, alice };
}

async function openSection(bridge: FakeBridge, section: string) {
  renderApp(bridge);
  fireEvent.click(await screen.findByTestId('settings-button'));
  fireEvent.click(await screen.findByTestId(`settings-tab-${section}`));
  return screen.findByTestId(`settings-panel-${section}`);
}

describe('settings sections', () => {
  it('moves between sections with the arrow keys', async () => {
    const { bridge } = world();
    renderApp(bridge);
    fireEvent.click(await screen.findByTestId('settings-button'));
    const general = await screen.findByTestId('settings-tab-general');
    fireEvent.keyDown(general, { key: 'ArrowDown' });
    await screen.findByTestId('settings-panel-notifications');
    expect(document.activeElement).toBe(screen.getByTestId('settings-tab-notifications'));
    expect(screen.queryByTestId('settings-tab-admin')).toBeNull();
  });

  it('hides start-at-login and tray settings in the browser shell, and shows them in the desktop app', async () => {
    const { bridge } = world();
    await openSection(bridge, 'general');
    await waitFor(() => expect(bridge.callsTo('app.info')).toHaveLength(1));
    expect(screen.queryByTestId('settings-desktop')).toBeNull();
  });

  it('changes start at login and close to tray in the desktop app', async () => {
    const { bridge } = world();
    bridge.override('app.info', () => ({ version: '1', shell: 'electron', platform: 'win32' }));
    await openSection(bridge, 'general');
    fireEvent.click(await screen.findByTestId('settings-start-at-login'));
    fireEvent.click(screen.getByTestId('settings-close-to-tray'));
    await waitFor(() => expect(bridge.callsTo('settings.update')).toEqual([{ startAtLogin: true }, { closeToTray: false }]));
    expect((screen.getByTestId('settings-close-to-tray') as HTMLInputElement).checked).toBe(false);
  });

  it('turns notification options on and off, and do not disturb for an hour', async () => {
    const { bridge } = world();
    await openSection(bridge, 'notifications');
    fireEvent.click(await screen.findByTestId('settings-notifications-mentions'));
    fireEvent.click(screen.getByTestId('settings-notifications-sound'));
    const before = Date.now();
    fireEvent.change(screen.getByTestId('settings-dnd'), { target: { value: 'hour' } });
    await waitFor(() => expect(bridge.callsTo('settings.update')).toHaveLength(3));
    const [mentions, sound, dnd] = bridge.callsTo('settings.update');
    expect(mentions).toEqual({ notifications: { mode: 'mentions' } });
    expect(sound).toEqual({ notifications: { sound: false } });
    expect(dnd!.notifications!.dndUntil! - before).toBeGreaterThanOrEqual(3_600_000 - 5);
    await waitFor(() => expect(screen.getByTestId('settings-dnd-status').textContent).toMatch(/^On until /));
    fireEvent.change(screen.getByTestId('settings-dnd'), { target: { value: 'off' } });
    await waitFor(() => expect(bridge.groupOps.appSettings.notifications.dndUntil).toBeNull());
    fireEvent.click(screen.getByTestId('settings-notifications-enabled'));
    await waitFor(() => expect((screen.getByTestId('settings-notifications-sound') as HTMLInputElement).disabled).toBe(true));
  });

  it('lists signed-in devices, marks this one, and signs another out', async () => {
    const { bridge } = world();
    const panel = await openSection(bridge, 'account');
    const rows = await within(panel).findAllByTestId('session-row');
    expect(rows.map((r) => r.textContent)).toEqual([expect.stringContaining('Browser shell on Linux'), expect.stringContaining('Magpie on Windows')]);
    expect(within(rows[0]!).getByTestId('session-current').textContent).toBe('This device');
    expect(within(rows[0]!).queryByTestId('session-revoke')).toBeNull();
    const revoke = within(rows[1]!).getByTestId('session-revoke');
    expect(revoke.getAttribute('aria-label')).toBe('Sign out Magpie on Windows');
    fireEvent.click(revoke);
    await waitFor(() => expect(within(panel).getAllByTestId('session-row')).toHaveLength(1));
    expect(bridge.callsTo('account.revokeSession')).toEqual([{ sessionId: 'sess-phone' }]);
  });

  it('says why signing a device out failed', async () => {
    const { bridge } = world();
    bridge.failWith('account.revokeSession', 'session.not_found');
    const panel = await openSection(bridge, 'account');
    fireEvent.click(within((await within(panel).findAllByTestId('session-row'))[1]!).getByTestId('session-revoke'));
    expect((await within(panel).findByTestId('session-error')).textContent).toBe('That device is no longer signed in.');
  });

  it('changes the password only with the right current one', async () => {
    const { bridge } = world();
    const panel = await openSection(bridge, 'account');
    fireEvent.change(within(panel).getByTestId('password-current'), { target: { value: 'wrong one' } });
    fireEvent.change(within(panel).getByTestId('password-new'), { target: { value: 'a much better one' } });
    fireEvent.click(within(panel).getByTestId('password-submit'));
    expect((await within(panel).findByTestId('password-error')).textContent).toBe('The current password is wrong.');
    fireEvent.change(within(panel).getByTestId('password-current'), { target: { value: 'correct horse' } });
    fireEvent.click(within(panel).getByTestId('password-submit'));
    await within(panel).findByTestId('password-changed');
    expect(bridge.passwordOf('u-alice')).toBe('a much better one');
    await waitFor(() => expect(within(panel).getAllByTestId('session-row')).toHaveLength(1));
  });

  it('renames the profile everywhere at once', async () => {
    const { bridge } = world();
    const panel = await openSection(bridge, 'account');
    fireEvent.change(within(panel).getByTestId('profile-display-name'), { target: { value: '爱丽丝' } });
    fireEvent.click(within(panel).getByTestId('profile-save'));
    await within(panel).findByTestId('profile-saved');
    expect(bridge.callsTo('account.updateProfile')).toEqual([{ displayName: '爱丽丝' }]);
    await waitFor(() => expect(screen.getByTestId('current-user').textContent).toBe('爱丽丝'));
  });

  it('gives workspace admins the admin section: sign-up policy, invite codes, audit log', async () => {
    const { bridge } = world(true);
    const panel = await openSection(bridge, 'admin');
    const signup = (await within(panel).findByTestId('admin-signup')) as HTMLSelectElement;
    expect(signup.value).toBe('open');
    fireEvent.change(signup, { target: { value: 'invite' } });
    await waitFor(() => expect(signup.value).toBe('invite'));
    fireEvent.change(within(panel).getByTestId('admin-recall-window'), { target: { value: String(10 * 60_000) } });
    fireEvent.click(within(panel).getByTestId('admin-invite-create'));
    expect((await within(panel).findByTestId('admin-invite-code')).textContent).toMatch(/^INV-/);
    await waitFor(() => expect(within(panel).getAllByTestId('audit-entry').length).toBeGreaterThanOrEqual(3));
    expect(within(panel).getAllByTestId('audit-entry')[0]!.textContent).toContain('Created an invite code');
    expect(bridge.callsTo('admin.settings.update')).toEqual([{ signup: 'invite' }, { recallWindowMs: 600_000 }]);
  });

  it('shows a refusal when the server says the caller is not an admin', async () => {
    const { bridge } = world(true);
    bridge.failWith('admin.settings.get', 'auth.admin_required');
    const panel = await openSection(bridge, 'admin');
    expect((await within(panel).findByTestId('admin-settings-error')).textContent).toBe('Only workspace admins can do that.');
  });
});
