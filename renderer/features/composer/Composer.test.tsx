import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../../shared/limits';
import { composer, openChatWithBob, openConversation, renderedMessages, type } from '../../test/signed-in';

describe('composer', () => {
  it('Enter sends and clears; Shift+Enter does not send', async () => {
    const { bridge, conversation } = await openChatWithBob();
    type('first line');
    fireEvent.keyDown(composer(), { key: 'Enter', shiftKey: true });
    expect(bridge.callsTo('messages.send')).toHaveLength(0);

    type('first line\nsecond line');
    fireEvent.keyDown(composer(), { key: 'Enter' });
    await waitFor(() => expect(bridge.callsTo('messages.send')).toEqual([{ conversationId: conversation.id, text: 'first line\nsecond line', mentions: [], mentionsAll: false }]));
    expect(composer().value).toBe('');
    const message = await screen.findByTestId('message');
    expect(message.getAttribute('data-own')).toBe('true');
    expect(screen.getByTestId('message-text').innerHTML).toContain('first line<br>second line');
  });

  it('the send button sends too', async () => {
    const { bridge } = await openChatWithBob();
    type('hello');
    fireEvent.click(screen.getByTestId('composer-send'));
    await waitFor(() => expect(bridge.callsTo('messages.send')).toHaveLength(1));
  });

  it('an Enter that commits an IME candidate never sends', async () => {
    const { bridge } = await openChatWithBob();
    type('nihao');
    // Chromium: keydown during composition carries isComposing.
    fireEvent.keyDown(composer(), { key: 'Enter', isComposing: true });
    // Safari: the committing keydown arrives with keyCode 229.
    fireEvent.keyDown(composer(), { key: 'Enter', keyCode: 229 });
    // Between compositionstart and compositionend, whatever the event says.
    fireEvent.compositionStart(composer());
    type('你好');
    fireEvent.keyDown(composer(), { key: 'Enter' });
    expect(bridge.callsTo('messages.send')).toHaveLength(0);
    expect(composer().value).toBe('你好');

    fireEvent.compositionEnd(composer());
    fireEvent.keyDown(composer(), { key: 'Enter' });
    await waitFor(() => expect(bridge.callsTo('messages.send').map((r) => r.text)).toEqual(['你好']));
  });

  it('does not send empty or whitespace-only text', async () => {
    const { bridge } = await openChatWithBob();
    fireEvent.keyDown(composer(), { key: 'Enter' });
    type('   \n\t  ');
    fireEvent.keyDown(composer(), { key: 'Enter' });
    fireEvent.click(screen.getByTestId('composer-send'));
    expect(bridge.callsTo('messages.send')).toHaveLength(0);
    expect((screen.getByTestId('composer-send') as HTMLButtonElement).disabled).toBe(true);
  });

  it('refuses text over the limit and says why', async () => {
    const { bridge } = await openChatWithBob();
    type('x'.repeat(LIMITS.maxMessageChars + 1));
    fireEvent.keyDown(composer(), { key: 'Enter' });
    expect(bridge.callsTo('messages.send')).toHaveLength(0);
    expect(screen.getByRole('alert').textContent).toBe(`Too long to send: ${LIMITS.maxMessageChars + 1} / ${LIMITS.maxMessageChars} characters.`);
  });

  it('keeps a draft per conversation while switching', async () => {
    let carolConversationId = '';
    const { bridge, conversation } = await openChatWithBob((world) => {
      const carol = world.bridge.addUser('carol', 'Carol Chen');
      carolConversationId = world.bridge.openDirect(world.alice, carol).id;
    });
    const carolConversation = { id: carolConversationId };
    type('half-written for Bob');

    await openConversation(carolConversation.id);
    expect(composer().value).toBe('');
    type('for Carol');

    await openConversation(conversation.id);
    await waitFor(() => expect(composer().value).toBe('half-written for Bob'));
    await openConversation(carolConversation.id);
    await waitFor(() => expect(composer().value).toBe('for Carol'));
    expect(bridge.callsTo('messages.send')).toHaveLength(0);
  });

  it('sends while offline: the message shows as sending', async () => {
    const { bridge } = await openChatWithBob((world) => {
      world.bridge.deliver = false;
      world.bridge.connection = { status: 'offline' };
    });
    type('queued');
    fireEvent.keyDown(composer(), { key: 'Enter' });
    await waitFor(() => expect(renderedMessages()).toHaveLength(1));
    const message = renderedMessages()[0]!;
    expect(message.getAttribute('data-status')).toBe('sending');
    expect(message.getAttribute('data-seq')).toBe('');
    expect(bridge.callsTo('messages.send')).toHaveLength(1);
  });
});
