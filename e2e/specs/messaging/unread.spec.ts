import { expect, test } from '../../helpers/fixtures';
import { expectMessages, openConversationTitled, openDirectWith, screenshot, send, signUp, uniqueName } from '../../helpers/ui';

test('unread badges, the title count, the new-messages divider and read receipts across people and devices', async ({ workspace }) => {
  const alice = await workspace.client('alice');
  const bob = await workspace.client('bob');
  const aliceUser = { username: uniqueName('alice'), displayName: 'Alice 爱丽丝' };
  const bobUser = { username: uniqueName('bob'), displayName: 'Bob 王' };
  await signUp(alice.page, aliceUser);
  await signUp(bob.page, bobUser);

  // Bob has nothing open while Alice writes.
  await openDirectWith(alice.page, bobUser.username);
  const sent = ['第一条 one', 'second', '第三条 three'];
  for (const text of sent) await send(alice.page, text);
  await expectMessages(alice.page, sent);

  const bobItem = bob.page.getByTestId('conversation-item').filter({ hasText: aliceUser.displayName });
  await expect(bobItem.getByTestId('conversation-unread')).toHaveText('3', { timeout: 20_000 });
  await expect(bob.page).toHaveTitle('(3) Magpie');
  await screenshot(bob.page, 'unread-badge-en');

  // Bob's second device, signed in to the same account, sees the same unread count.
  const bobPhone = await workspace.client('bob-phone');
  await bobPhone.page.getByTestId('auth-mode-signin').click();
  await bobPhone.page.getByTestId('auth-username').fill(bobUser.username);
  await bobPhone.page.getByTestId('auth-password').fill('correct horse battery');
  await bobPhone.page.getByTestId('auth-submit').click();
  const phoneItem = bobPhone.page.getByTestId('conversation-item').filter({ hasText: aliceUser.displayName });
  await expect(phoneItem.getByTestId('conversation-unread')).toHaveText('3', { timeout: 20_000 });

  // Bob opens it: read at once, the divider marks where he left off, Alice sees the receipt.
  await openConversationTitled(bob.page, aliceUser.displayName);
  await expectMessages(bob.page, sent);
  await expect(bobItem.getByTestId('conversation-unread')).toHaveCount(0);
  await expect(bob.page).toHaveTitle('Magpie');
  const divider = bob.page.getByTestId('unread-divider');
  await expect(divider).toHaveCount(1);
  await expect(bob.page.locator('.timeline-row').filter({ has: divider }).getByTestId('message-text')).toHaveText(sent[0]!);
  await screenshot(bob.page, 'unread-divider-en');

  const receipt = alice.page.getByTestId('message-read-receipt');
  await expect(receipt).toHaveCount(1, { timeout: 20_000 });
  await expect(receipt).toHaveText('Read');
  await expect(alice.page.getByTestId('message').last().getByTestId('message-read-receipt')).toBeVisible();

  // The other device follows the read without opening anything.
  await expect(phoneItem.getByTestId('conversation-unread')).toHaveCount(0, { timeout: 20_000 });
  await expect(bobPhone.page).toHaveTitle('Magpie');
});
