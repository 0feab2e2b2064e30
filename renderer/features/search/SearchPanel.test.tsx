import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { i18n } from '../../i18n';
import { renderApp } from '../../test/render';
import { openConversation } from '../../test/signed-in';
import { aliceWithTeam } from '../../test/world';
import { useUiStore } from '../../state/ui-store';
import { SEARCH_DEBOUNCE_MS } from './useImeSafeQuery';

const results = () => screen.queryAllByTestId('search-result');
const input = () => screen.getByTestId('search-input') as HTMLInputElement;
const pause = (ms: number) => act(() => new Promise((resolve) => setTimeout(resolve, ms)));

async function openSearch(world = aliceWithTeam(), conversationId?: string) {
  const rendered = renderApp(world.bridge);
  await screen.findAllByTestId('conversation-item');
  if (conversationId) await openConversation(conversationId);
  fireEvent.keyDown(document.body, { key: 'F', ctrlKey: true, shiftKey: true });
  await screen.findByTestId('search-panel');
  return { ...rendered, ...world };
}

describe('message search', () => {
  it('opens from the sidebar and with Ctrl+Shift+F, focused and labelled', async () => {
    const world = aliceWithTeam();
    renderApp(world.bridge);
    fireEvent.click(await screen.findByTestId('search-button'));
    expect(document.activeElement).toBe(input());
    expect(screen.getByLabelText('Search messages', { selector: 'input' })).toBe(input());
    fireEvent.keyDown(input(), { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('search-panel')).toBeNull());
    fireEvent.keyDown(document.body, { key: 'F', ctrlKey: true, shiftKey: true });
    expect(await screen.findByTestId('search-panel')).toBeTruthy();
  });

  it('shows hits with where, who and the matched words marked, Chinese included', async () => {
    const { withBob } = await openSearch();
    fireEvent.change(input(), { target: { value: '开会' } });
    await waitFor(() => expect(results()).toHaveLength(1));
    const hit = results()[0]!;
    expect(hit.getAttribute('data-conversation-id')).toBe(withBob.id);
    expect(hit.getAttribute('data-seq')).toBe('1');
    expect(hit.textContent).toContain('Bob 王');
    expect(within(hit).getAllByTestId('search-highlight').map((m) => m.textContent)).toEqual(['开会']);
    expect(screen.getByRole('listbox').contains(hit)).toBe(true);
    expect(hit.getAttribute('role')).toBe('option');
  });

  it('says so when nothing matches, in Chinese too', async () => {
    await openSearch();
    fireEvent.change(input(), { target: { value: 'zzz' } });
    await waitFor(() => expect(screen.getByTestId('search-status').textContent).toBe('No messages match “zzz”.'));
    await act(() => i18n.changeLanguage('zh-CN'));
    expect(screen.getByTestId('search-status').textContent).toBe('没有与“zzz”匹配的消息。');
  });

  it('waits for typing to pause, and ignores text an input method is still composing', async () => {
    const { bridge } = await openSearch();
    for (const value of ['l', 'lu', 'lun', 'lunch']) fireEvent.change(input(), { target: { value } });
    await waitFor(() => expect(results()).toHaveLength(1));
    expect(bridge.callsTo('search.local').map((c) => c.query)).toEqual(['lunch']);

    fireEvent.change(input(), { target: { value: '' } });
    fireEvent.compositionStart(input());
    fireEvent.change(input(), { target: { value: 'kai' } });
    fireEvent.change(input(), { target: { value: "kai'hui" } });
    await pause(SEARCH_DEBOUNCE_MS * 2);
    expect(bridge.callsTo('search.local').map((c) => c.query)).toEqual(['lunch']);
    fireEvent.change(input(), { target: { value: '开会' } });
    fireEvent.compositionEnd(input());
    await waitFor(() => expect(bridge.callsTo('search.local').map((c) => c.query)).toEqual(['lunch', '开会']));
    // Enter that commits a candidate is the input method's, not ours.
    fireEvent.keyDown(input(), { key: 'Enter', isComposing: true });
    expect(screen.getByTestId('search-panel')).toBeTruthy();
  });

  it('searches only the open conversation when asked to', async () => {
    const world = aliceWithTeam();
    world.bridge.addMessage(world.withCarol.id, world.carol, '开会 at 3?');
    const { bridge, withCarol } = await openSearch(world, world.withCarol.id);
    fireEvent.change(input(), { target: { value: '开会' } });
    await waitFor(() => expect(results()).toHaveLength(2));
    expect(bridge.callsTo('search.local').at(-1)!.conversationId).toBeUndefined();
    fireEvent.click(screen.getByTestId('search-scope-conversation'));
    await waitFor(() => expect(results()).toHaveLength(1));
    expect(bridge.callsTo('search.local').at(-1)!.conversationId).toBe(withCarol.id);
    expect(results()[0]!.getAttribute('data-conversation-id')).toBe(withCarol.id);
  });

  it('has no scope choice when no conversation is open', async () => {
    await openSearch();
    expect(screen.queryByTestId('search-scope-conversation')).toBeNull();
  });

  it('loads more results from where the last page stopped', async () => {
    const world = aliceWithTeam();
    const sent = Array.from({ length: 25 }, (_, i) => world.bridge.addMessage(world.withCarol.id, world.carol, `report ${i}`, { createdAt: 1_000_000 + i }));
    const { bridge } = await openSearch(world);
    fireEvent.change(input(), { target: { value: 'report' } });
    await waitFor(() => expect(results()).toHaveLength(20));
    expect(results()[0]!.textContent).toContain('report 24');
    fireEvent.click(screen.getByTestId('search-load-more'));
    await waitFor(() => expect(results()).toHaveLength(25));
    const [first, second] = bridge.callsTo('search.local');
    expect(first!.before).toBeUndefined();
    expect(second!.before).toEqual({ createdAt: 1_000_005, conversationId: world.withCarol.id, seq: sent[5]!.seq });
    expect(results().at(-1)!.textContent).toContain('report 0');
    expect(screen.queryByTestId('search-load-more')).toBeNull();
  });

  it('shows a typed error clearly', async () => {
    const world = aliceWithTeam();
    world.bridge.failWith('search.local', 'cache.unavailable');
    await openSearch(world);
    fireEvent.change(input(), { target: { value: 'report' } });
    const error = await screen.findByTestId('search-error');
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.textContent).toContain("Local storage isn't available right now.");
  });

  it('moves with the arrows and opens a hit with Enter, jumping to an old message', async () => {
    const world = aliceWithTeam();
    const target = world.bridge.addMessage(world.withBob.id, world.bob, 'Quarterly report is ready', { createdAt: Date.now() - 5000 });
    for (let i = 0; i < 120; i++) world.bridge.addMessage(world.withBob.id, world.alice, `filler ${i}`);
    world.bridge.addMessage(world.withCarol.id, world.carol, 'is the report ready?');
    await openSearch(world);
    fireEvent.change(input(), { target: { value: 'report ready' } });
    await waitFor(() => expect(results()).toHaveLength(2));
    expect(input().getAttribute('aria-activedescendant')).toBe(results()[0]!.id);
    fireEvent.keyDown(input(), { key: 'ArrowDown' });
    expect(results()[1]!.getAttribute('aria-selected')).toBe('true');
    expect(input().getAttribute('aria-activedescendant')).toBe(results()[1]!.id);
    fireEvent.keyDown(input(), { key: 'Enter' });

    await waitFor(() => expect(screen.queryByTestId('search-panel')).toBeNull());
    expect(screen.getByTestId('chat-view').getAttribute('data-conversation-id')).toBe(world.withBob.id);
    // Older pages load until the message is in, then it is scrolled to and flashed.
    const row = await waitFor(() => {
      // jsdom's scrollTo fires no scroll event; a browser's does, and the list renders from it.
      fireEvent.scroll(screen.getByTestId('message-list'));
      const found = document.querySelector<HTMLElement>('[data-jump-target="true"]');
      if (!found) throw new Error(`no jump target yet: ${JSON.stringify(useUiStore.getState().jumpTarget)} ${world.bridge.callsTo('messages.list').map((c) => c.beforeSeq).join(',')} ${[...document.querySelectorAll('[data-testid=message]')].map((m) => m.getAttribute('data-seq')).join(',')}`);
      return found;
      // Three pages load and render first: generous on a busy machine.
    }, { timeout: 8000 });
    expect(row.getAttribute('data-seq')).toBe(String(target.seq));
    expect(row.classList.contains('message--jump-target')).toBe(true);
    expect(useUiStore.getState().jumpTarget).toBeNull();
  }, 20_000);
});
