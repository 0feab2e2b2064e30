import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeBridge } from '../../test/fake-bridge';
import { aliceAndBob, renderApp } from '../../test/render';

describe('sidebar', () => {
  it('shows the signed-in user and each conversation titled by the other member', async () => {
    const { bridge, conversation, bob } = aliceAndBob();
    bridge.addMessage(conversation.id, bob, 'see you\ntomorrow');
    renderApp(bridge);
    expect((await screen.findByTestId('current-user')).textContent).toBe('Alice Liddell');
    const item = await screen.findByTestId('conversation-item');
    expect(item.getAttribute('data-conversation-id')).toBe(conversation.id);
    expect(within(item).getByTestId('conversation-title').textContent).toBe('Bob Stone');
    expect(within(item).getByTestId('conversation-preview').textContent).toBe('see you tomorrow');
  });

  it('hints that the last message is still sending', async () => {
    const { bridge, conversation, alice } = aliceAndBob();
    bridge.addMessage(conversation.id, alice, 'on its way', { status: 'sending' });
    renderApp(bridge);
    const preview = await screen.findByTestId('conversation-preview');
    expect(preview.textContent).toBe('Sending…You: on its way');
  });

  it('starts a direct conversation from a user search', async () => {
    const bridge = new FakeBridge();
    const alice = bridge.addUser('alice', 'Alice Liddell');
    const carol = bridge.addUser('carol', '陈卡罗');
    bridge.signInAs(alice);
    renderApp(bridge);
    fireEvent.click(await screen.findByTestId('new-direct-button'));
    const input = await screen.findByTestId('user-search-input');
    expect(document.activeElement).toBe(input);
    fireEvent.change(input, { target: { value: 'car' } });
    const result = await screen.findByTestId('user-search-result', {}, { timeout: 2000 });
    expect(result.getAttribute('data-user-id')).toBe(carol.id);
    expect(result.textContent).toContain('carol');
    expect(result.textContent).toContain('陈卡罗');
    // Debounced: one search for the settled query, none per keystroke.
    expect(bridge.callsTo('users.search')).toEqual([{ query: 'car' }]);

    fireEvent.click(result);
    const chat = await screen.findByTestId('chat-view');
    expect(bridge.callsTo('conversations.openDirect')).toEqual([{ userId: carol.id }]);
    expect(screen.getByTestId('chat-title').textContent).toBe('陈卡罗');
    expect(chat.getAttribute('data-conversation-id')).toBeTruthy();
    expect(screen.queryByTestId('user-search-input')).toBeNull();
    // Ready to type straight away.
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('composer-input')));
  });

  it('closes the dialog with Escape', async () => {
    const { bridge } = aliceAndBob();
    renderApp(bridge);
    const opener = await screen.findByTestId('new-direct-button');
    opener.focus();
    fireEvent.click(opener);
    fireEvent.keyDown(await screen.findByTestId('user-search-input'), { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('user-search-input')).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('new-direct-button')));
  });

  it('signs out after confirming, optionally wiping local data', async () => {
    const { bridge } = aliceAndBob();
    renderApp(bridge);
    fireEvent.click(await screen.findByTestId('sign-out-button'));
    fireEvent.click(await screen.findByTestId('sign-out-wipe'));
    fireEvent.click(screen.getByTestId('sign-out-confirm'));
    await screen.findByTestId('auth-username');
    expect(bridge.callsTo('session.signOut')).toEqual([{ wipeCache: true }]);
  });

  it('goes back to sign-in when the session ends elsewhere', async () => {
    const { bridge } = aliceAndBob();
    renderApp(bridge);
    await screen.findByTestId('current-user');
    bridge.session = { state: 'signed-out', serverUrl: 'https://magpie.test' };
    bridge.emit('session.changed', bridge.session);
    await screen.findByTestId('auth-username');
  });
});
