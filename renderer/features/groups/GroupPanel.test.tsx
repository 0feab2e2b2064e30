import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { MagpieError } from '../../../shared/errors';
import { openConversation } from '../../test/signed-in';
import { renderApp } from '../../test/render';
import { launchTeam } from '../../test/team';

async function openPanel(as: 'olga' | 'adam' | 'mia') {
  const world = launchTeam(as);
  renderApp(world.bridge);
  await openConversation(world.launch.id);
  fireEvent.click(await screen.findByTestId('group-panel-button'));
  const panel = await screen.findByTestId('group-panel');
  await waitFor(() => expect(within(panel).getAllByTestId('member-row')).toHaveLength(3));
  return { ...world, panel };
}

const memberRow = (panel: HTMLElement, userId: string) => panel.querySelector<HTMLElement>(`[data-testid="member-row"][data-user-id="${userId}"]`)!;
async function memberAction(panel: HTMLElement, userId: string, item: string) {
  fireEvent.click(within(memberRow(panel, userId)).getByTestId('member-actions'));
  fireEvent.click(within(await screen.findByTestId('member-menu')).getByTestId(`menu-${item}`));
}
const menuItems = async (panel: HTMLElement, userId: string) => {
  const button = within(memberRow(panel, userId)).queryByTestId('member-actions');
  if (!button) return [];
  fireEvent.click(button);
  const menu = await screen.findByTestId('member-menu');
  const ids = within(menu).getAllByRole('menuitem').map((el) => el.getAttribute('data-testid')!.replace('menu-', ''));
  fireEvent.keyDown(menu, { key: 'Escape' });
  return ids;
};

describe('group panel', () => {
  it('lists members owner first with roles, and shows the owner every action', async () => {
    const { panel, olga, adam, mia } = await openPanel('olga');
    expect(within(panel).getAllByTestId('member-row').map((r) => r.getAttribute('data-user-id'))).toEqual([olga.id, adam.id, mia.id]);
    expect(within(memberRow(panel, olga.id)).getByTestId('member-role').textContent).toBe('Owner');
    expect(within(memberRow(panel, adam.id)).getByTestId('member-role').textContent).toBe('Admin');
    expect(await menuItems(panel, adam.id)).toEqual(['remove-admin', 'mute-member', 'transfer', 'remove-member']);
    expect(await menuItems(panel, mia.id)).toEqual(['make-admin', 'mute-member', 'transfer', 'remove-member']);
    expect(await menuItems(panel, olga.id)).toEqual([]);
    for (const id of ['group-rename', 'announcement-edit', 'group-all-muted', 'group-history-visible', 'group-invite', 'group-dissolve']) {
      expect(within(panel).queryByTestId(id), id).toBeTruthy();
    }
    expect(within(panel).queryByTestId('group-leave')).toBeNull();
    expect(panel.textContent).toContain('To leave, first make someone else the owner.');
  });

  it('lets an admin manage plain members only, and a member only invite and leave', async () => {
    const admin = await openPanel('adam');
    expect(await menuItems(admin.panel, admin.mia.id)).toEqual(['mute-member', 'remove-member']);
    expect(await menuItems(admin.panel, admin.olga.id)).toEqual([]);
    expect(within(admin.panel).queryByTestId('group-rename')).toBeTruthy();
    expect(within(admin.panel).queryByTestId('group-dissolve')).toBeNull();
    expect(within(admin.panel).queryByTestId('group-leave')).toBeTruthy();
  });

  it('shows a plain member no management at all', async () => {
    const { panel, olga, adam } = await openPanel('mia');
    expect(within(panel).queryAllByTestId('member-actions')).toHaveLength(0);
    for (const id of ['group-rename', 'announcement-edit', 'group-all-muted', 'group-dissolve']) expect(within(panel).queryByTestId(id), id).toBeNull();
    expect(within(panel).queryByTestId('group-invite')).toBeTruthy();
    expect(within(panel).queryByTestId('group-leave')).toBeTruthy();
    expect(olga && adam).toBeTruthy();
  });

  it('renames the group and writes the announcement shown above the chat', async () => {
    const { bridge, panel, launch } = await openPanel('olga');
    fireEvent.click(within(panel).getByTestId('group-rename'));
    fireEvent.change(within(panel).getByTestId('group-rename-input'), { target: { value: '  Launch v2 ' } });
    fireEvent.click(within(panel).getByTestId('group-rename-save'));
    await waitFor(() => expect(screen.getByTestId('chat-title').textContent).toBe('Launch v2'));
    expect(within(panel).getByTestId('group-panel-title').textContent).toBe('Launch v2');

    fireEvent.click(within(panel).getByTestId('announcement-edit'));
    fireEvent.change(within(panel).getByTestId('announcement-input'), { target: { value: 'Ship on Friday 周五发布' } });
    fireEvent.click(within(panel).getByTestId('announcement-save'));
    expect((await screen.findByTestId('announcement-text')).textContent).toBe('Ship on Friday 周五发布');
    expect(bridge.callsTo('groups.update')).toEqual([
      { conversationId: launch.id, title: 'Launch v2' },
      { conversationId: launch.id, announcement: 'Ship on Friday 周五发布' },
    ]);
  });

  it('makes an admin, mutes, and removes a member after confirming', async () => {
    const { bridge, panel, mia, launch } = await openPanel('olga');
    await memberAction(panel, mia.id, 'make-admin');
    await waitFor(() => expect(memberRow(panel, mia.id).getAttribute('data-role')).toBe('admin'));
    await memberAction(panel, mia.id, 'mute-member');
    await waitFor(() => expect(within(memberRow(panel, mia.id)).queryByTestId('member-muted')).toBeTruthy());
    await memberAction(panel, mia.id, 'remove-member');
    const confirm = await screen.findByTestId('confirm-remove');
    expect(confirm.textContent).toContain('Remove 米娅?');
    fireEvent.click(within(confirm).getByTestId('confirm-remove-confirm'));
    await waitFor(() => expect(memberRow(panel, mia.id)).toBeNull());
    expect(bridge.callsTo('groups.removeMember')).toEqual([{ conversationId: launch.id, userId: mia.id }]);
    expect(screen.queryByTestId('confirm-remove')).toBeNull();
  });

  it('transfers ownership after confirming, and then offers leaving', async () => {
    const { panel, adam, olga } = await openPanel('olga');
    await memberAction(panel, adam.id, 'transfer');
    fireEvent.click(within(await screen.findByTestId('confirm-transfer')).getByTestId('confirm-transfer-confirm'));
    await waitFor(() => expect(memberRow(panel, adam.id).getAttribute('data-role')).toBe('owner'));
    expect(memberRow(panel, olga.id).getAttribute('data-role')).toBe('admin');
    expect(within(panel).getByTestId('group-leave')).toBeTruthy();
    expect(within(panel).queryByTestId('group-dissolve')).toBeNull();
  });

  it('shows the server’s refusal as a sentence, in the confirmation that caused it', async () => {
    const { bridge, panel, adam } = await openPanel('olga');
    bridge.override('groups.transferOwnership', () => {
      throw new MagpieError('conversation.role_required', 'no', { required: 'owner' });
    });
    await memberAction(panel, adam.id, 'transfer');
    const confirm = await screen.findByTestId('confirm-transfer');
    fireEvent.click(within(confirm).getByTestId('confirm-transfer-confirm'));
    expect((await within(confirm).findByTestId('confirm-transfer-error')).textContent).toBe("Your role in this group doesn't allow that.");
  });

  it('leaves the group: it stays in the list, read-only', async () => {
    const { panel, launch } = await openPanel('mia');
    fireEvent.click(within(panel).getByTestId('group-leave'));
    fireEvent.click(within(await screen.findByTestId('confirm-leave')).getByTestId('confirm-leave-confirm'));
    expect((await within(panel).findByTestId('group-panel-readonly')).textContent).toContain('no longer a member');
    const item = screen.getByTestId('conversation-list').querySelector(`[data-conversation-id="${launch.id}"]`)!;
    await waitFor(() => expect(item.getAttribute('data-state')).toBe('left'));
    expect(within(panel).queryByTestId('group-leave')).toBeNull();
    expect(within(panel).queryByTestId('group-invite')).toBeNull();
  });

  it('dissolves the group after confirming', async () => {
    const { bridge, panel, launch } = await openPanel('olga');
    fireEvent.click(within(panel).getByTestId('group-dissolve'));
    const confirm = await screen.findByTestId('confirm-dissolve');
    expect(confirm.textContent).toContain('“Launch 发布”');
    fireEvent.click(within(confirm).getByTestId('confirm-dissolve-confirm'));
    expect((await within(panel).findByTestId('group-panel-readonly')).textContent).toContain('dissolved');
    expect(bridge.callsTo('groups.dissolve')).toEqual([{ conversationId: launch.id }]);
  });

  it('invites people found by search', async () => {
    const { bridge, panel, dan, launch } = await openPanel('mia');
    fireEvent.click(within(panel).getByTestId('group-invite'));
    const input = within(panel).getByTestId('group-invite-picker-input');
    fireEvent.change(input, { target: { value: 'da' } });
    await within(panel).findByTestId('group-invite-picker-result', {}, { timeout: 2000 });
    // Members already in the group are not offered.
    expect(within(panel).getAllByTestId('group-invite-picker-result').map((r) => r.getAttribute('data-user-id'))).toEqual([dan.id]);
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(within(panel).getByTestId('picked-user').getAttribute('data-user-id')).toBe(dan.id);
    fireEvent.click(within(panel).getByTestId('group-invite-confirm'));
    await waitFor(() => expect(within(panel).getAllByTestId('member-row')).toHaveLength(4));
    expect(bridge.callsTo('groups.addMembers')).toEqual([{ conversationId: launch.id, userIds: [dan.id] }]);
  });

  it('changes the group picture by staging the image in chunks', async () => {
    const { bridge, panel, launch } = await openPanel('olga');
    const bytes = new Uint8Array(600 * 1024).fill(7);
    const file = new File([bytes], 'team.png', { type: 'image/png' });
    fireEvent.change(within(panel).getByTestId('group-avatar-input'), { target: { files: [file] } });
    await waitFor(() => expect(bridge.callsTo('groups.update')).toHaveLength(1));
    const stages = bridge.callsTo('transfers.stage');
    expect(stages.map((s) => [s.offset, s.last])).toEqual([
      [0, false],
      [512 * 1024, true],
    ]);
    expect(bridge.callsTo('groups.update')[0]).toEqual({ conversationId: launch.id, avatarStagingId: stages[0]!.stagingId ?? expect.any(String) });
  });

  it('refuses a picture that is not an image, before uploading anything', async () => {
    const { bridge, panel } = await openPanel('olga');
    const file = new File(['x'], 'notes.txt', { type: 'text/plain' });
    fireEvent.change(within(panel).getByTestId('group-avatar-input'), { target: { files: [file] } });
    expect(await within(panel).findByTestId('group-panel-error')).toBeTruthy();
    expect(bridge.callsTo('transfers.stage')).toEqual([]);
  });
});
