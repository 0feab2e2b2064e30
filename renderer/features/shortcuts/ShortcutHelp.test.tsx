import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test/render';
import { aliceWithTeam } from '../../test/world';
import { openConversation } from '../../test/signed-in';
import { CONTEXT_SHORTCUTS, GLOBAL_SHORTCUTS } from './shortcuts';

describe('keyboard shortcut help', () => {
  it('opens with Ctrl+/ and lists every shortcut with its keys', async () => {
    renderApp(aliceWithTeam().bridge);
    await screen.findAllByTestId('conversation-item');
    fireEvent.keyDown(document.body, { key: '/', ctrlKey: true });
    const sheet = await screen.findByTestId('shortcut-help');
    const rows = within(sheet).getAllByTestId('shortcut-row');
    expect(rows.map((r) => r.getAttribute('data-shortcut'))).toEqual([...GLOBAL_SHORTCUTS.map((s) => s.action), ...CONTEXT_SHORTCUTS.map((s) => s.id)]);
    const quick = rows.find((r) => r.getAttribute('data-shortcut') === 'quickSwitcher')!;
    expect(quick.textContent).toContain('Jump to a conversation');
    expect([...quick.querySelectorAll('kbd')].map((k) => k.textContent)).toEqual(['Ctrl', 'K']);
    const help = rows.find((r) => r.getAttribute('data-shortcut') === 'shortcutHelp')!;
    expect([...help.querySelectorAll('kbd')].map((k) => k.textContent)).toEqual(['Ctrl', '/', '?']);
  });

  it('opens with "?" outside a text field but not while typing a message', async () => {
    const world = aliceWithTeam();
    renderApp(world.bridge);
    await openConversation(world.withBob.id);
    const composer = screen.getByTestId('composer-input');
    fireEvent.keyDown(composer, { key: '?', shiftKey: true });
    expect(screen.queryByTestId('shortcut-help')).toBeNull();

    const list = await screen.findByTestId('message-list');
    list.focus();
    fireEvent.keyDown(list, { key: '?', shiftKey: true });
    await screen.findByTestId('shortcut-help');
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('shortcut-help')).toBeNull());
    expect(document.activeElement).toBe(list);
  });

  it('is reachable without the keyboard, from the sidebar and from settings', async () => {
    renderApp(aliceWithTeam().bridge);
    fireEvent.click(await screen.findByTestId('shortcut-help-button'));
    await screen.findByTestId('shortcut-help');
    fireEvent.click(within(screen.getByTestId('shortcut-help')).getAllByRole('button', { name: 'Close' })[0]!);
    await waitFor(() => expect(screen.queryByTestId('shortcut-help')).toBeNull());

    fireEvent.click(screen.getByTestId('settings-button'));
    fireEvent.click(await screen.findByTestId('settings-shortcuts'));
    await screen.findByTestId('shortcut-help');
    expect(screen.queryByTestId('settings-dialog')).toBeNull();
  });

  it('moves to the next and previous conversation with Alt+arrows', async () => {
    const world = aliceWithTeam();
    renderApp(world.bridge);
    await openConversation(world.withDan.id);
    const chatId = () => screen.getByTestId('chat-view').getAttribute('data-conversation-id');
    fireEvent.keyDown(screen.getByTestId('composer-input'), { key: 'ArrowDown', altKey: true });
    await waitFor(() => expect(chatId()).toBe(world.withCarol.id));
    fireEvent.keyDown(screen.getByTestId('composer-input'), { key: 'ArrowUp', altKey: true });
    await waitFor(() => expect(chatId()).toBe(world.withDan.id));
  });
});
