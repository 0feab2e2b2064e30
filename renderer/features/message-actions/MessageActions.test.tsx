import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../../shared/limits';
import { openChatWithBob, renderedMessages } from '../../test/signed-in';

const row = (index = 0) => renderedMessages()[index]!;

describe('message actions', () => {
  it('the menu offers only what is allowed: edit and recall (with time left) on mine, neither on theirs', async () => {
    await openChatWithBob(({ bridge, conversation, alice, bob }) => {
      bridge.addMessage(conversation.id, alice, 'mine');
      bridge.addMessage(conversation.id, bob, 'theirs');
    });
    await waitFor(() => expect(renderedMessages()).toHaveLength(2));
    fireEvent.contextMenu(row(0), { clientX: 10, clientY: 10 });
    let menu = await screen.findByTestId('message-menu');
    expect(within(menu).getAllByRole('menuitem').map((i) => i.getAttribute('data-testid'))).toEqual([
      'menu-reply', 'menu-react', 'menu-edit', 'menu-forward', 'menu-copy', 'menu-recall', 'menu-hide',
    ]);
    expect(within(menu).getByTestId('menu-recall').textContent).toMatch(/^Recall \(\d:\d\d left\)$/);
    fireEvent.keyDown(menu, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('message-menu')).toBeNull());

    fireEvent.keyDown(row(1), { key: 'F10', shiftKey: true });
    menu = await screen.findByTestId('message-menu');
    expect(within(menu).queryByTestId('menu-edit')).toBeNull();
    expect(within(menu).queryByTestId('menu-recall')).toBeNull();
  });

  it('recalling leaves a tombstone that says who recalled it', async () => {
    const { bridge, conversation } = await openChatWithBob(({ bridge, conversation, alice }) => bridge.addMessage(conversation.id, alice, 'oops'));
    await waitFor(() => expect(renderedMessages()).toHaveLength(1));
    fireEvent.contextMenu(row(), { clientX: 10, clientY: 10 });
    fireEvent.click(await screen.findByTestId('menu-recall'));
    const tombstone = await screen.findByTestId('message-recalled');
    expect(tombstone.textContent).toBe('You recalled a message');
    expect(bridge.callsTo('messages.recall')).toEqual([{ conversationId: conversation.id, messageId: bridge.messagesOf(conversation.id)[0]!.id }]);
  });

  it('a recall refused by the server says why', async () => {
    const { bridge } = await openChatWithBob(({ bridge, conversation, alice }) => bridge.addMessage(conversation.id, alice, 'old'));
    bridge.failWith('messages.recall', 'message.recall_expired');
    await waitFor(() => expect(renderedMessages()).toHaveLength(1));
    fireEvent.contextMenu(row(), { clientX: 10, clientY: 10 });
    fireEvent.click(await screen.findByTestId('menu-recall'));
    expect((await screen.findByTestId('message-action-error')).textContent).toBe("It's too late to recall this message.");
  });

  it('past the recall window, my message offers no recall', async () => {
    await openChatWithBob(({ bridge, conversation, alice }) =>
      bridge.addMessage(conversation.id, alice, 'old', { createdAt: Date.now() - LIMITS.defaultRecallWindowMs - 1000 }),
    );
    await waitFor(() => expect(renderedMessages()).toHaveLength(1));
    fireEvent.contextMenu(row(), { clientX: 10, clientY: 10 });
    const menu = await screen.findByTestId('message-menu');
    expect(within(menu).queryByTestId('menu-recall')).toBeNull();
  });

  it('a quick reaction toggles mine; the chip names who reacted', async () => {
    const { bridge, conversation } = await openChatWithBob(({ bridge, conversation, bob }) => bridge.addMessage(conversation.id, bob, 'lunch?'));
    await waitFor(() => expect(renderedMessages()).toHaveLength(1));
    fireEvent.click(within(row()).getAllByTestId('quick-reaction')[0]!);
    const chip = await within(row()).findByTestId('reaction');
    expect(chip.getAttribute('data-mine')).toBe('true');
    expect(chip.getAttribute('title')).toBe('You reacted with 👍');
    fireEvent.click(chip);
    await waitFor(() => expect(within(row()).queryByTestId('reaction')).toBeNull());
    expect(bridge.callsTo('messages.react').map((r) => r.on)).toEqual([true, false]);
    expect(bridge.messagesOf(conversation.id)[0]!.reactions).toEqual([]);
  });

  it('delete for me asks first, then the message is gone from this list', async () => {
    const { bridge } = await openChatWithBob(({ bridge, conversation, bob }) => bridge.addMessage(conversation.id, bob, 'spam'));
    await waitFor(() => expect(renderedMessages()).toHaveLength(1));
    fireEvent.contextMenu(row(), { clientX: 10, clientY: 10 });
    fireEvent.click(await screen.findByTestId('menu-hide'));
    expect(bridge.callsTo('messages.hide')).toHaveLength(0);
    fireEvent.click(await screen.findByTestId('hide-confirm'));
    await waitFor(() => expect(renderedMessages()).toHaveLength(0));
    expect(bridge.callsTo('messages.hide')).toHaveLength(1);
  });

  it('forwards to the chosen conversations, filtered by name', async () => {
    let carolId = '';
    const { bridge, conversation } = await openChatWithBob((world) => {
      world.bridge.addMessage(world.conversation.id, world.bob, 'pass it on');
      carolId = world.bridge.openDirect(world.alice, world.bridge.addUser('carol', 'Carol Chen')).id;
    });
    await waitFor(() => expect(renderedMessages()).toHaveLength(1));
    fireEvent.contextMenu(row(), { clientX: 10, clientY: 10 });
    fireEvent.click(await screen.findByTestId('menu-forward'));
    const dialog = await screen.findByTestId('forward-dialog');
    fireEvent.change(within(dialog).getByTestId('forward-filter'), { target: { value: 'caro' } });
    const options = within(dialog).getAllByTestId('forward-option');
    expect(options.map((o) => o.getAttribute('data-conversation-id'))).toEqual([carolId]);
    fireEvent.click(options[0]!);
    fireEvent.click(within(dialog).getByTestId('forward-submit'));
    await waitFor(() => expect(screen.queryByTestId('forward-dialog')).toBeNull());
    expect(bridge.callsTo('messages.forward')).toEqual([{ conversationId: conversation.id, messageId: bridge.messagesOf(conversation.id)[0]!.id, targetConversationIds: [carolId] }]);
    expect(bridge.messagesOf(carolId)[0]!.forwardedFrom?.senderName).toBe('Bob Stone');
  });

  it('a reply quote jumps to the quoted message', async () => {
    const { bridge, conversation } = await openChatWithBob(({ bridge, conversation, alice, bob }) => {
      const original = bridge.addMessage(conversation.id, bob, 'the question');
      bridge.addMessage(conversation.id, alice, 'the answer', {
        replyTo: { messageId: original.id!, seq: original.seq!, senderId: bob.id, kind: 'text', preview: 'the question' },
      });
    });
    const quote = await screen.findByTestId('reply-quote');
    expect(quote.textContent).toBe('Bob Stonethe question');
    act(() => fireEvent.click(quote));
    await waitFor(() => expect(document.querySelector('[data-jump-target="true"]')?.getAttribute('data-seq')).toBe('1'));
    expect(bridge.messagesOf(conversation.id)).toHaveLength(2);
  });
});
