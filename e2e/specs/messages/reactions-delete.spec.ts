import { expect, test } from '../../helpers/fixtures';
import { menuAction, messageWith } from '../../helpers/messages';
import { expectMessages, openConversationTitled, send, startDirectChat, uniqueName } from '../../helpers/ui';

test('a reaction is seen by the other side, with who reacted, and disappears when taken back', async ({ workspace }) => {
  const alice = await workspace.client('alice');
  const bob = await workspace.client('bob');
  const aliceUser = { username: uniqueName('alice'), displayName: 'Alice 爱丽丝' };
  const bobUser = { username: uniqueName('bob'), displayName: 'Bob 王' };
  await startDirectChat(alice.page, bob.page, [aliceUser, bobUser]);
  await send(alice.page, 'We shipped it! 发布了');
  await expectMessages(bob.page, ['We shipped it! 发布了']);

  // Bob reacts from the toolbar's quick reactions.
  const onBob = messageWith(bob.page, 'We shipped it!');
  await onBob.hover();
  await onBob.getByTestId('quick-reaction').first().click();
  const bobChip = onBob.getByTestId('reaction');
  await expect(bobChip).toHaveAttribute('data-mine', 'true');
  const emoji = await bobChip.getAttribute('data-emoji');
  expect(emoji).toBeTruthy();

  // Alice sees it, one count, not hers, and who it was.
  const aliceChip = messageWith(alice.page, 'We shipped it!').getByTestId('reaction');
  await expect(aliceChip).toHaveCount(1, { timeout: 20_000 });
  await expect(aliceChip).toHaveAttribute('data-emoji', emoji!);
  await expect(aliceChip).toHaveAttribute('data-mine', 'false');
  await expect(aliceChip).toHaveText(`${emoji}1`);
  await expect(aliceChip).toHaveAttribute('aria-label', `${bobUser.displayName} reacted with ${emoji}`);

  // Alice adds the same one by clicking the chip: two, hers included.
  await aliceChip.click();
  await expect(aliceChip).toHaveText(`${emoji}2`);
  await expect(bobChip).toHaveText(`${emoji}2`, { timeout: 20_000 });

  // Both take theirs back; the chip goes away on both sides.
  await bobChip.click();
  await expect(aliceChip).toHaveText(`${emoji}1`, { timeout: 20_000 });
  await aliceChip.click();
  for (const page of [alice.page, bob.page]) await expect(page.getByTestId('reaction')).toHaveCount(0, { timeout: 20_000 });
});

test('delete for me removes a message from all my devices and leaves it for the other person', async ({ workspace }) => {
  const alice = await workspace.client('alice');
  const bob = await workspace.client('bob');
  const aliceUser = { username: uniqueName('alice'), displayName: 'Alice 爱丽丝', password: 'correct horse battery' };
  const bobUser = { username: uniqueName('bob'), displayName: 'Bob 王' };
  await startDirectChat(alice.page, bob.page, [aliceUser, bobUser]);
  await send(bob.page, 'keep this 保留');
  await send(bob.page, 'embarrassing typo 错别字');
  const both = ['keep this 保留', 'embarrassing typo 错别字'];
  await expectMessages(alice.page, both);

  // Alice's second computer has the conversation too.
  const laptop = await workspace.client('alice-laptop');
  await laptop.page.getByTestId('auth-username').fill(aliceUser.username);
  await laptop.page.getByTestId('auth-password').fill(aliceUser.password);
  await laptop.page.getByTestId('auth-submit').click();
  await openConversationTitled(laptop.page, bobUser.displayName);
  await expectMessages(laptop.page, both);

  // Delete for me asks first; cancelling keeps the message.
  await menuAction(alice.page, messageWith(alice.page, 'embarrassing typo'), 'hide');
  const dialog = alice.page.getByTestId('hide-dialog');
  await expect(dialog).toContainText('Others in the conversation will still see it.');
  await alice.page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expectMessages(alice.page, both);

  await menuAction(alice.page, messageWith(alice.page, 'embarrassing typo'), 'hide');
  await alice.page.getByTestId('hide-confirm').click();
  await expect(dialog).toHaveCount(0);
  await expectMessages(alice.page, ['keep this 保留']);
  await expectMessages(laptop.page, ['keep this 保留']);

  // Bob still has both, and after a reload Alice still does not.
  await bob.page.waitForTimeout(1_000);
  await expectMessages(bob.page, both);
  await alice.reload();
  await openConversationTitled(alice.page, bobUser.displayName);
  await expectMessages(alice.page, ['keep this 保留']);
});
