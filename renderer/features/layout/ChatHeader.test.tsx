import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { addGroup } from '../../test/fake-groups';
import { openConversation as openChat } from '../../test/signed-in';
import { renderApp } from '../../test/render';
import { launchTeam } from '../../test/team';

/** The chat, once its header knows the conversation. */
async function openConversation(id: string) {
  await openChat(id);
  await screen.findByTestId('chat-subtitle');
}

describe('chat header', () => {
  it('shows a group’s member count, then who is typing', async () => {
    const { bridge, launch, olga, adam, mia, dan } = launchTeam('mia');
    const big = addGroup(bridge, olga, 'Big', [adam, mia, dan]);
    renderApp(bridge);
    await openConversation(launch.id);
    const subtitle = screen.getByTestId('chat-subtitle');
    expect(subtitle.textContent).toBe('3 members');
    bridge.emit('typing.changed', { conversationId: launch.id, userIds: [olga.id] });
    await waitFor(() => expect(subtitle.textContent).toBe('Olga Owner is typing…'));
    bridge.emit('typing.changed', { conversationId: launch.id, userIds: [olga.id, adam.id] });
    await waitFor(() => expect(subtitle.textContent).toBe('Olga Owner and Adam Admin are typing…'));
    bridge.emit('typing.changed', { conversationId: launch.id, userIds: [] });
    await waitFor(() => expect(subtitle.textContent).toBe('3 members'));

    await openConversation(big.id);
    bridge.emit('typing.changed', { conversationId: big.id, userIds: [olga.id, adam.id, dan.id] });
    await waitFor(() => expect(screen.getByTestId('chat-subtitle').textContent).toBe('Olga Owner and 2 others are typing…'));
  });

  it('shows the other person’s presence in a direct conversation, live', async () => {
    const { bridge, adam, mia } = launchTeam('mia');
    const direct = bridge.openDirect(mia, adam);
    bridge.groupOps.presence.set(adam.id, 'online');
    renderApp(bridge);
    await openConversation(direct.id);
    await waitFor(() => expect(screen.getByTestId('chat-subtitle').textContent).toBe('Online · @adam'));
    bridge.emit('presence.changed', { userId: adam.id, presence: 'offline' });
    await waitFor(() => expect(screen.getByTestId('chat-subtitle').textContent).toBe('Offline · @adam'));
    expect(screen.queryByTestId('group-panel-button')).toBeNull();
  });

  it('toggles the plugin panel, a labelled region with its own close button', async () => {
    const { bridge, launch } = launchTeam('mia');
    renderApp(bridge);
    await openConversation(launch.id);
    const toggle = screen.getByTestId('plugin-panel-button');
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(toggle);
    const panel = await screen.findByRole('complementary', { name: 'Plugins' });
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
    expect(toggle.getAttribute('aria-controls')).toBe(panel.id);
    fireEvent.click(within(panel).getByTestId('plugin-panel-close'));
    await waitFor(() => expect(screen.queryByTestId('plugin-panel')).toBeNull());
  });

  it('toggles the group panel with Ctrl+Shift+D in a group', async () => {
    const { bridge, launch } = launchTeam('mia');
    renderApp(bridge);
    await openConversation(launch.id);
    fireEvent.keyDown(document.body, { key: 'D', ctrlKey: true, shiftKey: true });
    expect(await screen.findByTestId('group-panel')).toBeTruthy();
    expect(screen.getByTestId('group-panel-button').getAttribute('aria-pressed')).toBe('true');
    fireEvent.keyDown(document.body, { key: 'D', ctrlKey: true, shiftKey: true });
    await waitFor(() => expect(screen.queryByTestId('group-panel')).toBeNull());
  });

  it('shows the announcement above the chat; Group info opens the panel', async () => {
    const { bridge, launch } = launchTeam('mia');
    launch.announcement = 'Standup moves to 10:00';
    renderApp(bridge);
    await openConversation(launch.id);
    const banner = await screen.findByTestId('announcement-banner');
    expect(within(banner).getByTestId('announcement-text').textContent).toBe('Standup moves to 10:00');
    fireEvent.click(within(banner).getByRole('button', { name: 'Group info' }));
    expect(await screen.findByTestId('group-panel')).toBeTruthy();
  });
});
