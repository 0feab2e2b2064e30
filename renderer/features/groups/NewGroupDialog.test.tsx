import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test/render';
import { launchTeam } from '../../test/team';

async function openDialog() {
  const world = launchTeam('mia');
  renderApp(world.bridge);
  const button = await screen.findByTestId('new-group-button');
  button.focus();
  fireEvent.click(button);
  return { ...world, dialog: await screen.findByTestId('new-group-dialog'), button };
}

async function pick(query: string) {
  const input = screen.getByTestId('new-group-members-input');
  fireEvent.change(input, { target: { value: query } });
  await screen.findAllByTestId('new-group-members-result', {}, { timeout: 2000 });
  fireEvent.keyDown(input, { key: 'Enter' });
}

describe('new group', () => {
  it('creates a named group with people picked from search, by keyboard, and opens it', async () => {
    const { bridge, olga, dan, mia } = await openDialog();
    expect(document.activeElement).toBe(screen.getByTestId('new-group-title'));
    fireEvent.change(screen.getByTestId('new-group-title'), { target: { value: '  设计评审 ' } });
    await pick('olga');
    await pick('dan');
    expect(screen.getAllByTestId('picked-user').map((c) => c.getAttribute('data-user-id'))).toEqual([olga.id, dan.id]);
    // Backspace in the empty field takes the last chip back.
    fireEvent.keyDown(screen.getByTestId('new-group-members-input'), { key: 'Backspace' });
    expect(screen.getAllByTestId('picked-user')).toHaveLength(1);
    await pick('dan');
    fireEvent.click(screen.getByTestId('new-group-history'));
    fireEvent.click(screen.getByTestId('new-group-create'));
    await waitFor(() => expect(screen.queryByTestId('new-group-dialog')).toBeNull());
    expect(bridge.callsTo('groups.create')).toEqual([{ title: '设计评审', memberIds: [olga.id, dan.id], historyVisible: false }]);
    expect((await screen.findByTestId('chat-title')).textContent).toBe('设计评审');
    expect(mia).toBeTruthy();
  });

  it('does not offer yourself, and asks for a name before creating', async () => {
    const { bridge, mia } = await openDialog();
    fireEvent.change(screen.getByTestId('new-group-members-input'), { target: { value: 'm' } });
    const results = await screen.findAllByTestId('new-group-members-result', {}, { timeout: 2000 });
    expect(results.map((r) => r.getAttribute('data-user-id'))).not.toContain(mia.id);
    fireEvent.click(screen.getByTestId('new-group-create'));
    expect((await screen.findByTestId('new-group-error')).textContent).toBe('Give the group a name.');
    expect(bridge.callsTo('groups.create')).toEqual([]);
  });

  it('shows why the server refused, and keeps what was typed', async () => {
    const { bridge, dialog } = await openDialog();
    bridge.failWith('groups.create', 'conversation.too_many_members');
    fireEvent.change(screen.getByTestId('new-group-title'), { target: { value: 'Everyone' } });
    fireEvent.click(screen.getByTestId('new-group-create'));
    expect((await within(dialog).findByTestId('new-group-error')).textContent).toBe('The group is full.');
    expect((screen.getByTestId('new-group-title') as HTMLInputElement).value).toBe('Everyone');
  });

  it('opens with Ctrl+Shift+G and closes with Escape, giving focus back', async () => {
    const world = launchTeam('mia');
    renderApp(world.bridge);
    const button = await screen.findByTestId('new-group-button');
    button.focus();
    fireEvent.keyDown(button, { key: 'G', ctrlKey: true, shiftKey: true });
    const title = await screen.findByTestId('new-group-title');
    fireEvent.keyDown(title, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('new-group-dialog')).toBeNull());
    expect(document.activeElement).toBe(button);
  });
});
