import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { openConversation } from '../test/signed-in';
import { renderApp } from '../test/render';
import { launchTeam } from '../test/team';
import { useUiStore } from '../state/ui-store';

describe('app navigation', () => {
  it('tells main which conversation is in view and whether the window has focus', async () => {
    const { bridge, launch } = launchTeam('mia');
    renderApp(bridge);
    await waitFor(() => expect(bridge.groupOps.views.at(-1)).toEqual({ conversationId: null, focused: expect.any(Boolean) }));
    await openConversation(launch.id);
    await waitFor(() => expect(bridge.groupOps.views.at(-1)?.conversationId).toBe(launch.id));
    act(() => void window.dispatchEvent(new Event('blur')));
    await waitFor(() => expect(bridge.groupOps.views.at(-1)).toEqual({ conversationId: launch.id, focused: false }));
    act(() => void window.dispatchEvent(new Event('focus')));
    await waitFor(() => expect(bridge.groupOps.views.at(-1)).toEqual({ conversationId: launch.id, focused: true }));
  });

  it('opens the conversation main asks for, at the message when a seq is given', async () => {
    const { bridge, launch, adam, mia } = launchTeam('mia');
    const direct = bridge.openDirect(mia, adam);
    renderApp(bridge);
    await screen.findAllByTestId('conversation-item');
    act(() => useUiStore.getState().openDialog('settings'));
    act(() => bridge.emit('app.navigate', { conversationId: direct.id }));
    await waitFor(() => expect(screen.getByTestId('chat-view').getAttribute('data-conversation-id')).toBe(direct.id));
    expect(screen.queryByTestId('settings-dialog')).toBeNull();
    act(() => bridge.emit('app.navigate', { conversationId: launch.id, seq: 1 }));
    await waitFor(() => expect(screen.getByTestId('chat-view').getAttribute('data-conversation-id')).toBe(launch.id));
    expect(useUiStore.getState().jumpTarget).toMatchObject({ conversationId: launch.id, seq: 1 });
  });
});
