import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useDrafts } from '../../state/drafts';
import { addGroup, summaryOf } from '../../test/fake-groups';
import { renderApp } from '../../test/render';
import { launchTeam } from '../../test/team';

const row = (id: string) =>
  waitFor(() => {
    const el = screen.getByTestId('conversation-list').querySelector<HTMLElement>(`[data-conversation-id="${id}"]`);
    if (!el) throw new Error(`no row ${id}`);
    return el;
  });
const preview = async (id: string) => within(await row(id)).getByTestId('conversation-preview').textContent;

describe('conversation list', () => {
  it('shows a group by its title, with the group event as its preview', async () => {
    const { bridge, launch } = launchTeam('mia');
    renderApp(bridge);
    const item = await row(launch.id);
    expect(item.getAttribute('data-kind')).toBe('group');
    expect(within(item).getByTestId('conversation-title').textContent).toBe('Launch 发布');
    expect(await preview(launch.id)).toBe('Olga Owner created the group');
  });

  it('previews each kind of message in a few words', async () => {
    const { bridge, launch, adam, mia } = launchTeam('mia');
    bridge.addMessage(launch.id, adam, '', { kind: 'image' });
    renderApp(bridge);
    expect(await preview(launch.id)).toBe('Adam Admin: [Photo]');

    const cases: [Parameters<typeof bridge.addMessage>[3], string][] = [
      [{ kind: 'file', attachment: { id: 'f1', name: 'plan.pdf', size: 10, contentType: 'application/pdf', sha256: 'a'.repeat(64), width: null, height: null, durationMs: null, thumbnailFileId: null } }, 'Adam Admin: [File] plan.pdf'],
      [{ kind: 'card', card: { title: 'Build passed', body: '', fields: [], actions: [], pluginId: null } }, 'Adam Admin: [Card] Build passed'],
      [{ recalled: { by: adam.id, at: 1 } }, 'Adam Admin recalled a message'],
    ];
    for (const [extra, expected] of cases) {
      bridge.addMessage(launch.id, adam, '', extra);
      bridge.emit('conversations.changed', {});
      await waitFor(async () => expect(await preview(launch.id)).toBe(expected));
    }
    bridge.addMessage(launch.id, mia, 'on it');
    bridge.emit('conversations.changed', {});
    await waitFor(async () => expect(await preview(launch.id)).toBe('You: on it'));
  });

  it('puts pinned conversations first with a pin, and greys the badge of muted ones', async () => {
    const { bridge, launch, olga, adam, mia } = launchTeam('mia');
    const quiet = addGroup(bridge, olga, 'Quiet room', [mia]);
    const direct = bridge.openDirect(mia, adam);
    bridge.addMessage(direct.id, adam, 'newest of all');
    bridge.addMessage(quiet.id, olga, 'psst');
    bridge.groupOps.settings.set(`${launch.id}:${mia.id}`, { pinned: true, muted: false });
    bridge.groupOps.settings.set(`${quiet.id}:${mia.id}`, { pinned: false, muted: true });
    renderApp(bridge);
    await row(quiet.id);
    const ids = screen.getAllByTestId('conversation-item').map((el) => el.getAttribute('data-conversation-id'));
    expect(ids[0]).toBe(launch.id);
    expect(within(await row(launch.id)).getByTestId('conversation-pinned').getAttribute('aria-label')).toBe('Pinned');
    const quietRow = await row(quiet.id);
    expect(within(quietRow).getByTestId('conversation-muted')).toBeTruthy();
    expect(within(quietRow).getByTestId('conversation-unread').className).toContain('conversation-item__badge--muted');
    expect(quietRow.className).not.toContain('conversation-item--unread');
  });

  it('marks unread mentions with @ and says so to screen readers', async () => {
    const { bridge, launch, mia } = launchTeam('mia');
    bridge.override('conversations.list', () => ({
      conversations: [{ ...summaryOf(bridge, launch, mia), unreadCount: 3, unreadMentions: 2 }],
    }));
    renderApp(bridge);
    const mention = within(await row(launch.id)).getByTestId('conversation-mention');
    expect(mention.textContent).toBe('@');
    expect(mention.getAttribute('aria-label')).toBe('You were mentioned 2 times');
  });

  it('shows a draft left in a conversation in place of its last message', async () => {
    const { bridge, launch, mia } = launchTeam('mia');
    useDrafts.getState().setDraft(mia.id, launch.id, { text: 'half a\nthought' });
    renderApp(bridge);
    const item = await row(launch.id);
    expect(within(item).getByTestId('conversation-draft').textContent).toBe('[Draft]');
    expect(await preview(launch.id)).toBe('[Draft]half a thought');
  });

  it('shows the presence of the other person in a direct conversation', async () => {
    const { bridge, adam, mia } = launchTeam('mia');
    const direct = bridge.openDirect(mia, adam);
    bridge.groupOps.presence.set(adam.id, 'online');
    renderApp(bridge);
    const dot = await waitFor(async () => within(await row(direct.id)).getByTestId('presence-dot'));
    await waitFor(() => expect(dot.getAttribute('data-presence')).toBe('online'));
    bridge.emit('presence.changed', { userId: adam.id, presence: 'away' });
    await waitFor(async () => expect(within(await row(direct.id)).getByTestId('presence-dot').getAttribute('data-presence')).toBe('away'));
    expect((await row(direct.id)).textContent).toContain('Away');
  });

  it('keeps groups the user left or that were dissolved, marked read-only', async () => {
    const { bridge, launch, mia } = launchTeam('mia');
    bridge.groupOps.departed.set(`${launch.id}:${mia.id}`, 'left');
    launch.members = launch.members.filter((m) => m.id !== mia.id);
    renderApp(bridge);
    const item = await row(launch.id);
    expect(item.getAttribute('data-state')).toBe('left');
    expect(within(item).getByTestId('conversation-ended').textContent).toBe('Left');
  });

  it('pins, mutes and marks read from the row menu, by keyboard', async () => {
    const { bridge, launch, adam } = launchTeam('mia');
    bridge.addMessage(launch.id, adam, 'read me');
    renderApp(bridge);
    const item = await row(launch.id);
    item.focus();
    fireEvent.keyDown(item, { key: 'F10', shiftKey: true });
    const menu = await screen.findByTestId('conversation-menu');
    expect(document.activeElement).toBe(within(menu).getByTestId('menu-pin'));
    fireEvent.keyDown(menu, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(within(menu).getByTestId('menu-mute'));
    fireEvent.keyDown(menu, { key: 'ArrowDown' });
    fireEvent.click(document.activeElement!);
    expect(screen.queryByTestId('conversation-menu')).toBeNull();
    await waitFor(() => expect(bridge.callsTo('conversations.markRead')).toEqual([{ conversationId: launch.id, seq: 2 }]));
    expect(document.activeElement).toBe(item);

    fireEvent.contextMenu(item, { clientX: 10, clientY: 10 });
    fireEvent.click(within(await screen.findByTestId('conversation-menu')).getByTestId('menu-pin'));
    await waitFor(async () => expect(within(await row(launch.id)).queryByTestId('conversation-pinned')).toBeTruthy());
    fireEvent.contextMenu(await row(launch.id));
    fireEvent.click(within(await screen.findByTestId('conversation-menu')).getByTestId('menu-mute'));
    await waitFor(async () => expect(within(await row(launch.id)).queryByTestId('conversation-muted')).toBeTruthy());
    expect(bridge.callsTo('conversations.updateSettings')).toEqual([
      { conversationId: launch.id, pinned: true },
      { conversationId: launch.id, muted: true },
    ]);
  });

  it('says why a menu action failed', async () => {
    const { bridge, launch } = launchTeam('mia');
    bridge.failWith('conversations.updateSettings', 'client.offline');
    renderApp(bridge);
    fireEvent.contextMenu(await row(launch.id));
    fireEvent.click(within(await screen.findByTestId('conversation-menu')).getByTestId('menu-pin'));
    expect((await screen.findByTestId('conversation-action-error')).textContent).toBe("You're offline. Magpie will reconnect automatically.");
    await waitFor(async () => expect(within(await row(launch.id)).queryByTestId('conversation-pinned')).toBeNull());
  });
});
