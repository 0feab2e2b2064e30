import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { STAGE_CHUNK_BYTES } from '../../../shared/ipc';
import { useDrafts } from '../../state/drafts';
import { composer, openChatWithBob, openConversation, renderedMessages, type } from '../../test/signed-in';
import { renderApp } from '../../test/render';
import { aliceAndBob } from '../../test/render';

function typeAt(text: string) {
  fireEvent.change(composer(), { target: { value: text, selectionStart: text.length, selectionEnd: text.length } });
}

describe('composer: mentions, editing, drafts, files', () => {
  it('@ suggests members; Enter inserts the mention and the send carries its id', async () => {
    const { bridge, bob } = await openChatWithBob();
    typeAt('hello @bo');
    const list = await screen.findByTestId('mention-suggestions');
    expect(within(list).getAllByTestId('mention-option').map((o) => o.getAttribute('data-user-id'))).toEqual([bob.id]);
    fireEvent.keyDown(composer(), { key: 'Enter' });
    expect(composer().value).toBe('hello @Bob Stone ');
    expect(bridge.callsTo('messages.send')).toHaveLength(0);
    await waitFor(() => expect(screen.queryByTestId('mention-suggestions')).toBeNull());
    fireEvent.keyDown(composer(), { key: 'Enter' });
    await waitFor(() => expect(bridge.callsTo('messages.send')).toEqual([expect.objectContaining({ text: 'hello @Bob Stone ', mentions: [bob.id], mentionsAll: false })]));
  });

  it('a mention deleted from the text no longer names anyone; @all is only for group owners and admins', async () => {
    const { bridge } = await openChatWithBob();
    typeAt('@bo');
    await screen.findByTestId('mention-suggestions');
    fireEvent.keyDown(composer(), { key: 'Tab' });
    typeAt('@all ping');
    expect(screen.queryByTestId('mention-suggestions')).toBeNull();
    fireEvent.keyDown(composer(), { key: 'Enter' });
    await waitFor(() => expect(bridge.callsTo('messages.send')).toEqual([expect.objectContaining({ text: '@all ping', mentions: [], mentionsAll: false })]));
  });

  it('while an input method composes, Enter picks nothing and sends nothing', async () => {
    const { bridge } = await openChatWithBob();
    typeAt('@bo');
    await screen.findByTestId('mention-suggestions');
    fireEvent.compositionStart(composer());
    fireEvent.keyDown(composer(), { key: 'Enter', isComposing: true });
    expect(composer().value).toBe('@bo');
    expect(bridge.callsTo('messages.send')).toHaveLength(0);
  });

  it('Up on an empty composer edits my last message; Enter saves it; Escape would cancel', async () => {
    const { bridge, conversation } = await openChatWithBob(({ bridge, conversation, alice, bob }) => {
      bridge.addMessage(conversation.id, alice, 'first try');
      bridge.addMessage(conversation.id, bob, 'from bob');
    });
    await waitFor(() => expect(renderedMessages()).toHaveLength(2));
    fireEvent.keyDown(composer(), { key: 'ArrowUp' });
    await screen.findByTestId('edit-bar');
    expect(composer().value).toBe('first try');
    typeAt('second try');
    fireEvent.keyDown(composer(), { key: 'Enter' });
    const [mine] = bridge.messagesOf(conversation.id);
    await waitFor(() => expect(bridge.callsTo('messages.edit')).toEqual([{ conversationId: conversation.id, messageId: mine!.id, text: 'second try', mentions: [], mentionsAll: false }]));
    await waitFor(() => expect(screen.queryByTestId('edit-bar')).toBeNull());
    await waitFor(() => expect(within(renderedMessages()[0]!).getByTestId('message-edited')).toBeTruthy());
    expect(composer().value).toBe('');

    fireEvent.keyDown(composer(), { key: 'ArrowUp' });
    await screen.findByTestId('edit-bar');
    fireEvent.keyDown(composer(), { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('edit-bar')).toBeNull());
    expect(bridge.callsTo('messages.edit')).toHaveLength(1);
  });

  it('Up right after sending does not reach past my message still being sent to edit an older one', async () => {
    const { bridge } = await openChatWithBob(({ bridge, conversation, alice }) => {
      bridge.addMessage(conversation.id, alice, 'older one');
      bridge.addMessage(conversation.id, alice, 'just sent', { status: 'sending' });
    });
    await waitFor(() => expect(renderedMessages()).toHaveLength(2));
    fireEvent.keyDown(composer(), { key: 'ArrowUp' });
    await expect(screen.findByTestId('edit-bar', {}, { timeout: 300 })).rejects.toThrow();
    expect(composer().value).toBe('');
    expect(bridge.callsTo('messages.edit')).toHaveLength(0);
  });

  it('keeps the draft and the quoted reply across a reload of the window', async () => {
    const world = aliceAndBob();
    world.bridge.addMessage(world.conversation.id, world.bob, 'question?');
    const first = renderApp(world.bridge);
    await openConversation(world.conversation.id);
    await waitFor(() => expect(renderedMessages()).toHaveLength(1));
    fireEvent.click(within(renderedMessages()[0]!).getByTestId('action-reply'));
    await screen.findByTestId('reply-bar');
    typeAt('half an answer');
    first.unmount();
    // A reload: the persisted drafts are read back from localStorage.
    await act(() => useDrafts.persist.rehydrate());
    renderApp(world.bridge);
    await openConversation(world.conversation.id);
    await waitFor(() => expect(composer().value).toBe('half an answer'));
    expect(screen.getByTestId('reply-bar').textContent).toContain('question?');
    fireEvent.keyDown(composer(), { key: 'Enter' });
    await waitFor(() => expect(world.bridge.callsTo('messages.send')).toEqual([expect.objectContaining({ text: 'half an answer', replyToMessageId: world.bridge.messagesOf(world.conversation.id)[0]!.id })]));
    await waitFor(() => expect(screen.queryByTestId('reply-bar')).toBeNull());
    await waitFor(() => expect(screen.getAllByTestId('reply-quote')).toHaveLength(1));
  });

  it('a pasted image is staged in chunks, previewed, and sent with its staging id', async () => {
    const { bridge, conversation } = await openChatWithBob();
    const bytes = new Uint8Array(STAGE_CHUNK_BYTES + 10).fill(7);
    const image = new File([bytes], '', { type: 'image/png' });
    fireEvent.paste(composer(), { clipboardData: { files: [image] } });
    const item = await screen.findByTestId('attachment');
    await waitFor(() => expect(item.getAttribute('data-state')).toBe('ready'));
    const stages = bridge.callsTo('transfers.stage');
    expect(stages.map((s) => [s.offset, s.last, s.stagingId === undefined])).toEqual([
      [0, false, true],
      [STAGE_CHUNK_BYTES, true, false],
    ]);
    expect(stages[0]!.name).toMatch(/^pasted-.*\.png$/);
    typeAt('look');
    fireEvent.keyDown(composer(), { key: 'Enter' });
    await waitFor(() => expect(bridge.callsTo('messages.send')).toEqual([expect.objectContaining({ text: 'look', stagingId: stages[1]!.stagingId })]));
    expect(screen.queryByTestId('attachment')).toBeNull();
    const sent = await screen.findByTestId('image-thumbnail');
    expect(sent.getAttribute('src')).toContain('/thumbnail');
    expect(bridge.messagesOf(conversation.id)[0]!.kind).toBe('image');
  });

  it('files dropped anywhere on the window show a drop zone, then wait in the tray', async () => {
    await openChatWithBob();
    const file = new File(['hello'], 'notes.txt', { type: 'text/plain' });
    const dataTransfer = { types: ['Files'], files: [file], dropEffect: 'none' };
    fireEvent.dragEnter(window, { dataTransfer });
    expect(await screen.findByTestId('drop-zone')).toBeTruthy();
    fireEvent.drop(window, { dataTransfer });
    expect(screen.queryByTestId('drop-zone')).toBeNull();
    const item = await screen.findByTestId('attachment');
    expect(item.textContent).toContain('notes.txt');
    fireEvent.click(within(item).getByTestId('attachment-remove'));
    expect(screen.queryByTestId('attachment')).toBeNull();
  });

  it('inserts an emoji from the picker, found by its Chinese name', async () => {
    await openChatWithBob();
    typeAt('ok ');
    fireEvent.click(screen.getByTestId('composer-emoji'));
    const search = await screen.findByTestId('emoji-search');
    fireEvent.change(search, { target: { value: '拇指向上' } });
    const option = await screen.findAllByTestId('emoji-option', {}, { timeout: 5000 });
    const thumbsUp = option[0]!.getAttribute('data-emoji')!;
    expect(thumbsUp.codePointAt(0)).toBe(0x1f44d);
    fireEvent.keyDown(search, { key: 'Enter' });
    await waitFor(() => expect(composer().value).toBe(`ok ${thumbsUp}`));
    expect(screen.queryByTestId('emoji-picker')).toBeNull();
  });
});
