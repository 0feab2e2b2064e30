import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test/render';
import { aliceWithTeam } from '../../test/world';

const items = () => screen.queryAllByTestId('quick-switcher-item');
const titles = () => items().map((item) => item.querySelector('.quick-switcher__title')?.textContent);
const activeTitle = () => items().find((item) => item.getAttribute('aria-selected') === 'true')?.querySelector('.quick-switcher__title')?.textContent;

async function openSwitcher() {
  const world = aliceWithTeam();
  renderApp(world.bridge);
  await screen.findAllByTestId('conversation-item');
  fireEvent.keyDown(document.body, { key: 'k', ctrlKey: true });
  const input = (await screen.findByTestId('quick-switcher-input')) as HTMLInputElement;
  await waitFor(() => expect(items()).toHaveLength(3));
  return { ...world, input };
}

describe('quick switcher', () => {
  it('opens with Ctrl+K, focused, listing conversations most recent first', async () => {
    const { input } = await openSwitcher();
    expect(document.activeElement).toBe(input);
    expect(screen.getByTestId('quick-switcher').getAttribute('role')).toBe('dialog');
    expect(titles()).toEqual(['李丹', 'Carol Chen', 'Bob 王']);
    expect(activeTitle()).toBe('李丹');
    expect(input.getAttribute('aria-activedescendant')).toBe(items()[0]!.id);
  });

  it('filters by title as you type, Chinese included, and by username', async () => {
    const { input } = await openSwitcher();
    fireEvent.change(input, { target: { value: '王' } });
    expect(titles()).toEqual(['Bob 王']);
    fireEvent.change(input, { target: { value: 'CAROL' } });
    expect(titles()).toEqual(['Carol Chen']);
    fireEvent.change(input, { target: { value: 'dan' } });
    expect(titles()).toEqual(['李丹']);
    fireEvent.change(input, { target: { value: 'zzz' } });
    expect(items()).toHaveLength(0);
    expect(screen.getByTestId('quick-switcher').textContent).toContain('No conversations match “zzz”.');
  });

  it('moves with the arrows (wrapping) and opens the highlighted conversation with Enter', async () => {
    const { input, withBob } = await openSwitcher();
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect(activeTitle()).toBe('Carol Chen');
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect(activeTitle()).toBe('李丹');
    fireEvent.keyDown(input, { key: 'ArrowUp' });
    expect(activeTitle()).toBe('Bob 王');
    fireEvent.keyDown(input, { key: 'Enter' });
    const chat = await screen.findByTestId('chat-view');
    expect(chat.getAttribute('data-conversation-id')).toBe(withBob.id);
    expect(screen.queryByTestId('quick-switcher')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('composer-input')));
  });

  it('does not act on keys that an input method is still composing', async () => {
    const { input } = await openSwitcher();
    fireEvent.keyDown(input, { key: 'ArrowDown', isComposing: true });
    fireEvent.keyDown(input, { key: 'Enter', isComposing: true });
    expect(activeTitle()).toBe('李丹');
    expect(screen.getByTestId('quick-switcher')).toBeTruthy();
  });

  it('opens a conversation on click', async () => {
    const { withCarol } = await openSwitcher();
    fireEvent.click(items()[1]!);
    expect((await screen.findByTestId('chat-view')).getAttribute('data-conversation-id')).toBe(withCarol.id);
  });

  it('closes with Escape (or Ctrl+K again) and gives focus back', async () => {
    const { input } = await openSwitcher();
    fireEvent.keyDown(input, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('quick-switcher')).toBeNull());
    expect(document.activeElement).toBe(document.body);

    const filter = screen.getByTestId('conversation-filter');
    filter.focus();
    fireEvent.keyDown(filter, { key: 'k', ctrlKey: true });
    const again = await screen.findByTestId('quick-switcher-input');
    fireEvent.keyDown(again, { key: 'k', ctrlKey: true });
    await waitFor(() => expect(screen.queryByTestId('quick-switcher')).toBeNull());
    expect(document.activeElement).toBe(filter);
  });
});
