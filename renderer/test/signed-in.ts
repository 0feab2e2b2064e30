import { fireEvent, screen, waitFor } from '@testing-library/react';
import { aliceAndBob, renderApp } from './render';

/** Alice signed in, her conversation with Bob open. */
export async function openChatWithBob(setup: (world: ReturnType<typeof aliceAndBob>) => void = () => {}) {
  const world = aliceAndBob();
  setup(world);
  const rendered = renderApp(world.bridge);
  await openConversation(world.conversation.id);
  return { ...rendered, ...world };
}

export async function openConversation(conversationId: string) {
  const target = await waitFor(() => {
    const item = screen.getByTestId('conversation-list').querySelector<HTMLElement>(`[data-conversation-id="${conversationId}"]`);
    if (!item) throw new Error(`conversation ${conversationId} is not in the list`);
    return item;
  });
  fireEvent.click(target);
  return waitFor(() => {
    const chat = screen.getByTestId('chat-view');
    if (chat.getAttribute('data-conversation-id') !== conversationId) throw new Error('chat not open yet');
    return chat;
  });
}

export function composer(): HTMLTextAreaElement {
  return screen.getByTestId('composer-input') as HTMLTextAreaElement;
}

export function type(text: string): void {
  fireEvent.change(composer(), { target: { value: text } });
}

export function renderedMessages(): HTMLElement[] {
  return screen.queryAllByTestId('message');
}
