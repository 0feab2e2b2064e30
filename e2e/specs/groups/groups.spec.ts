import { expect, test } from '../../helpers/fixtures';
import { createGroup, memberAction, memberRow, openGroupPanel } from '../../helpers/groups';
import { expectMessages, openConversationTitled, send, signUp, uniqueName } from '../../helpers/ui';

test('a group of three: rename, announcement, admin, remove, leave and dissolve', async ({ workspace }) => {
  const [olgaClient, adamClient, miaClient] = await Promise.all([workspace.client('olga'), workspace.client('adam'), workspace.client('mia')]);
  const olga = { username: uniqueName('olga'), displayName: 'Olga 欧' };
  const adam = { username: uniqueName('adam'), displayName: 'Adam 亚当' };
  const mia = { username: uniqueName('mia'), displayName: 'Mia 米娅' };
  const [o, a, m] = [olgaClient.page, adamClient.page, miaClient.page];
  await signUp(o, olga);
  await signUp(a, adam);
  await signUp(m, mia);

  await createGroup(o, 'Launch 发布', [adam.username, mia.username]);
  await send(o, 'Welcome 欢迎');
  for (const page of [a, m]) {
    await openConversationTitled(page, 'Launch 发布');
    await expectMessages(page, ['Welcome 欢迎']);
  }

  // Rename and announcement, seen by the others.
  await openGroupPanel(o);
  await o.getByTestId('group-rename').click();
  await o.getByTestId('group-rename-input').fill('Launch v2');
  await o.getByTestId('group-rename-save').click();
  await expect(o.getByTestId('chat-title')).toHaveText('Launch v2');
  await o.getByTestId('announcement-edit').click();
  await o.getByTestId('announcement-input').fill('Ship on Friday 周五发布');
  await o.getByTestId('announcement-save').click();
  for (const page of [a, m]) {
    await expect(page.getByTestId('chat-title')).toHaveText('Launch v2', { timeout: 15_000 });
    await expect(page.getByTestId('announcement-text')).toHaveText('Ship on Friday 周五发布');
  }

  // Olga makes Adam an admin: Adam sees management he did not have.
  await openGroupPanel(a);
  await expect(a.getByTestId('group-rename')).toHaveCount(0);
  await memberAction(o, adam.displayName, 'make-admin');
  await expect(memberRow(o, adam.displayName).getByTestId('member-role')).toHaveText('Admin');
  await expect(a.getByTestId('group-rename')).toBeVisible({ timeout: 15_000 });

  // Adam removes Mia: she keeps the group, read-only, marked as left.
  await memberAction(a, mia.displayName, 'remove-member');
  await a.getByTestId('confirm-remove-confirm').click();
  await expect(memberRow(a, mia.displayName)).toHaveCount(0);
  const miaRow = m.getByTestId('conversation-item').filter({ hasText: 'Launch v2' });
  await expect(miaRow).toHaveAttribute('data-state', 'left', { timeout: 15_000 });
  await expect(miaRow.getByTestId('conversation-ended')).toBeVisible();
  await expectMessages(m, ['Welcome 欢迎']);

  // Adam leaves; Olga, the owner, cannot leave until she transfers, and dissolves instead.
  await a.getByTestId('group-leave').click();
  await a.getByTestId('confirm-leave-confirm').click();
  await expect(a.getByTestId('group-panel-readonly')).toBeVisible();
  await expect(o.getByTestId('member-row')).toHaveCount(1, { timeout: 15_000 });
  await expect(o.getByTestId('group-leave')).toHaveCount(0);
  await o.getByTestId('group-dissolve').click();
  await o.getByTestId('confirm-dissolve-confirm').click();
  await expect(o.getByTestId('group-panel-readonly')).toContainText('dissolved');
  await expect(o.getByTestId('conversation-item').filter({ hasText: 'Launch v2' })).toHaveAttribute('data-state', 'dissolved');
});
