import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { unreadLabel } from '../../data/read-state';
import { aliceAndBob, renderApp } from '../../test/render';
import { openChatWithBob, renderedMessages } from '../../test/signed-in';

function setVisibility(state: 'visible' | 'hidden') {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  act(() => void document.dispatchEvent(new Event('visibilitychange')));
}

describe('read state in the UI', () => {
  afterEach(() => setVisibility('visible'));

  it('shows an unread badge with the count, bold, and the total in the window title', async () => {
    const world = aliceAndBob();
    for (const text of ['one', 'two', 'three']) world.bridge.addMessage(world.conversation.id, world.bob, text);
    renderApp(world.bridge);
    const badge = await screen.findByTestId('conversation-unread');
    expect(badge.textContent).toBe('3');
    expect(badge.closest('[data-testid="conversation-item"]')!.className).toContain('conversation-item--unread');
    await waitFor(() => expect(document.title).toBe('(3) Magpie'));
    expect(unreadLabel(100)).toBe('99+');
    expect(unreadLabel(99)).toBe('99');
  });

  it('opening the conversation marks it read, clears the badge and title, and shows the divider above the first unread', async () => {
    const { bridge, conversation } = await openChatWithBob(({ bridge, conversation, alice, bob }) => {
      bridge.addMessage(conversation.id, bob, 'earlier');
      bridge.addMessage(conversation.id, alice, 'my reply'); // Alice's send read everything before it
      bridge.markReadAs(conversation.id, alice.id, 2);
      bridge.addMessage(conversation.id, bob, 'new one');
      bridge.addMessage(conversation.id, bob, 'new two');
    });
    await waitFor(() => expect(renderedMessages()).toHaveLength(4));
    const divider = screen.getByTestId('unread-divider');
    expect(divider.textContent).toBe('New messages');
    expect(divider.closest('.timeline-row')!.textContent).toContain('new one');
    await waitFor(() => expect(bridge.callsTo('conversations.markRead')).toEqual([{ conversationId: conversation.id, seq: 4 }]));
    await waitFor(() => expect(screen.queryByTestId('conversation-unread')).toBeNull());
    await waitFor(() => expect(document.title).toBe('Magpie'));
    expect(screen.getByTestId('unread-divider')).toBeTruthy(); // stays while the view is open
  });

  it('does not mark read while the page is hidden, and does once it is visible again', async () => {
    setVisibility('hidden');
    const { bridge, conversation } = await openChatWithBob(({ bridge, conversation, bob }) => {
      bridge.addMessage(conversation.id, bob, 'while you were away');
    });
    await waitFor(() => expect(renderedMessages()).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 500));
    expect(bridge.callsTo('conversations.markRead')).toEqual([]);
    expect(screen.getByTestId('conversation-unread').textContent).toBe('1');
    setVisibility('visible');
    await waitFor(() => expect(bridge.callsTo('conversations.markRead')).toEqual([{ conversationId: conversation.id, seq: 1 }]));
  });

  it('shows "Read" on the newest own message the peer has read, and no divider when nothing was unread', async () => {
    const { bridge, conversation, bob } = await openChatWithBob(({ bridge, conversation, alice }) => {
      bridge.addMessage(conversation.id, alice, 'first');
      bridge.addMessage(conversation.id, alice, 'second');
      bridge.addMessage(conversation.id, alice, 'third');
    });
    await waitFor(() => expect(renderedMessages()).toHaveLength(3));
    expect(screen.queryByTestId('message-read-receipt')).toBeNull();
    bridge.markReadAs(conversation.id, bob.id, 2);
    act(() => bridge.emit('conversations.changed', {}));
    const receipt = await screen.findByTestId('message-read-receipt');
    expect(receipt.textContent).toBe('Read');
    expect(within(renderedMessages()[1]!).getByTestId('message-read-receipt')).toBe(receipt);
    expect(screen.queryByTestId('unread-divider')).toBeNull();
  });
});
