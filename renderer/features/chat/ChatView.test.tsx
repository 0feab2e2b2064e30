import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { openChatWithBob, renderedMessages } from '../../test/signed-in';
import { aliceAndBob, renderApp } from '../../test/render';

describe('chat view', () => {
  it('asks the user to pick a conversation until one is selected', async () => {
    const { bridge } = aliceAndBob();
    renderApp(bridge);
    expect(await screen.findByTestId('no-conversation-selected')).toBeTruthy();
    expect(screen.queryByTestId('chat-view')).toBeNull();
  });

  it('shows the other member as the title and an empty state for a new conversation', async () => {
    await openChatWithBob();
    expect(screen.getByTestId('chat-title').textContent).toBe('Bob Stone');
    expect(await screen.findByTestId('empty-conversation')).toBeTruthy();
  });

  it('renders the history with own and other messages told apart', async () => {
    const { conversation } = await openChatWithBob(({ bridge, conversation, alice, bob }) => {
      bridge.addMessage(conversation.id, bob, 'hi Alice');
      bridge.addMessage(conversation.id, alice, 'hi Bob\nhow are you?');
    });
    await waitFor(() => expect(renderedMessages()).toHaveLength(2));
    const [fromBob, fromAlice] = renderedMessages();
    expect(fromBob!.getAttribute('data-own')).toBe('false');
    expect(fromBob!.getAttribute('data-seq')).toBe('1');
    expect(fromBob!.getAttribute('data-status')).toBe('sent');
    expect(fromAlice!.getAttribute('data-own')).toBe('true');
    // A line break in the text is a line break on screen.
    expect(within(fromAlice!).getByTestId('message-text').innerHTML).toContain('hi Bob<br>how are you?');
    expect(screen.getByTestId('message-list').getAttribute('role')).toBe('log');
    expect(screen.getByTestId('chat-view').getAttribute('data-conversation-id')).toBe(conversation.id);
  });

  it('refetches and shows a new message when the bridge says the conversation changed', async () => {
    const { bridge, conversation, bob } = await openChatWithBob();
    await screen.findByTestId('empty-conversation');
    bridge.addMessage(conversation.id, bob, 'are you there?');
    act(() => bridge.emit('messages.changed', { conversationId: conversation.id }));
    await waitFor(() => expect(renderedMessages().map((m) => m.textContent)).toEqual([expect.stringContaining('are you there?')]));
    // The list's preview follows as well.
    await waitFor(() => expect(screen.getByTestId('conversation-preview').textContent).toBe('are you there?'));
  });

  it('offers retry and delete on a failed message, calling the outbox', async () => {
    const { bridge, conversation } = await openChatWithBob(({ bridge, conversation, alice }) => {
      bridge.addMessage(conversation.id, alice, 'did not make it', {
        status: 'failed',
        error: { code: 'message.too_long', message: 'too long' },
      });
    });
    const failed = await screen.findByTestId('message');
    expect(failed.getAttribute('data-status')).toBe('failed');
    const clientId = failed.getAttribute('data-client-id')!;

    fireEvent.click(within(failed).getByTestId('message-retry'));
    await waitFor(() => expect(bridge.callsTo('outbox.retry')).toEqual([{ clientId }]));
    await waitFor(() => expect(screen.getByTestId('message').getAttribute('data-status')).toBe('sending'));

    bridge.messagesOf(conversation.id)[0]!.status = 'failed';
    act(() => bridge.emit('messages.changed', { conversationId: conversation.id }));
    fireEvent.click(await screen.findByTestId('message-discard'));
    await waitFor(() => expect(bridge.callsTo('outbox.discard')).toEqual([{ clientId }]));
    await screen.findByTestId('empty-conversation');
  });

  it('groups consecutive messages from one sender and separates days', async () => {
    const day1 = new Date(2024, 0, 15, 9, 0).getTime();
    const day2 = new Date(2024, 0, 16, 9, 0).getTime();
    await openChatWithBob(({ bridge, conversation, bob, alice }) => {
      bridge.addMessage(conversation.id, bob, 'one', { createdAt: day1 });
      bridge.addMessage(conversation.id, bob, 'two', { createdAt: day1 + 60_000 });
      bridge.addMessage(conversation.id, bob, 'three, much later', { createdAt: day1 + 60 * 60_000 });
      bridge.addMessage(conversation.id, alice, 'next day', { createdAt: day2 });
    });
    await waitFor(() => expect(renderedMessages()).toHaveLength(4));
    const grouped = renderedMessages().map((m) => m.classList.contains('message--first'));
    expect(grouped).toEqual([true, false, true, true]);
    // Two day separators (the third separator is the divider above Bob's unread messages).
    expect(screen.getAllByRole('separator').filter((el) => el.classList.contains('day-separator'))).toHaveLength(2);
    // Only the first of a block names the sender.
    expect(screen.getAllByText('Bob Stone', { selector: '.message__sender' })).toHaveLength(2);
  });

  it('loads older history with beforeSeq', async () => {
    const { bridge, conversation } = await openChatWithBob(({ bridge, conversation, bob }) => {
      for (let i = 1; i <= 60; i++) bridge.addMessage(conversation.id, bob, `message ${i}`);
    });
    await waitFor(() => expect(bridge.callsTo('messages.list')).toHaveLength(1));
    expect(bridge.callsTo('messages.list')[0]).toEqual({ conversationId: conversation.id, limit: 50 });
    fireEvent.click(await screen.findByTestId('load-older'));
    await waitFor(() => expect(bridge.callsTo('messages.list')[1]).toEqual({ conversationId: conversation.id, limit: 50, beforeSeq: 11 }));
    await waitFor(() => expect(screen.getByText(/This is the beginning of your conversation/)).toBeTruthy());
  });
});
