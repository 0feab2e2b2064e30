import { expect, test } from '../../helpers/fixtures';
import { messageWith, openDirect, toolbarAction } from '../../helpers/messages';
import { expectMessages, openConversationTitled, send, signUp, uniqueName } from '../../helpers/ui';

test('the emoji picker inserts at the caret, by English or Chinese search, and the emoji is sent', async ({ workspace }) => {
  const alice = await workspace.client('alice');
  const bob = await workspace.client('bob', { locale: 'zh-CN' });
  const aliceUser = { username: uniqueName('alice'), displayName: 'Alice 爱丽丝' };
  const bobUser = { username: uniqueName('bob'), displayName: 'Bob 王' };
  await signUp(alice.page, aliceUser);
  await signUp(bob.page, bobUser);
  await openDirect(alice.page, bobUser);

  const composer = alice.page.getByTestId('composer-input');
  await composer.fill('Ship it  today');
  // The caret between the two spaces: the emoji goes there, not at the end.
  await composer.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(8, 8));
  await alice.page.getByTestId('composer-emoji').click();
  const picker = alice.page.getByTestId('emoji-picker');
  await expect(picker).toBeVisible();
  await expect(picker.getByTestId('emoji-search')).toBeFocused();
  await picker.getByTestId('emoji-search').fill('rocket');
  await picker.locator('[data-testid="emoji-option"][data-emoji="🚀"]').click();
  await expect(picker).toHaveCount(0);
  await expect(composer).toHaveValue('Ship it 🚀 today');
  await expect(composer).toBeFocused();

  // The keyboard works too: search, Enter picks the first match.
  await composer.press('End');
  await alice.page.getByTestId('composer-emoji').click();
  await picker.getByTestId('emoji-search').fill('party popper');
  await expect(picker.getByTestId('emoji-option').first()).toHaveAttribute('data-emoji', '🎉');
  await picker.getByTestId('emoji-search').press('Enter');
  await expect(composer).toHaveValue('Ship it 🚀 today🎉');
  await composer.press('Enter');

  await openConversationTitled(bob.page, aliceUser.displayName);
  await expectMessages(bob.page, ['Ship it 🚀 today🎉']);

  // Bob searches in Chinese from the reaction picker; the picked emoji is a reaction Alice sees.
  const message = messageWith(bob.page, 'Ship it');
  await toolbarAction(message, 'reaction-picker-button');
  const bobPicker = bob.page.getByTestId('emoji-picker');
  await bobPicker.getByTestId('emoji-search').fill('火箭');
  await bobPicker.locator('[data-testid="emoji-option"][data-emoji="🚀"]').click();
  await expect(message.getByTestId('reaction')).toHaveAttribute('data-emoji', '🚀');
  await expect(messageWith(alice.page, 'Ship it').getByTestId('reaction')).toHaveAttribute('data-emoji', '🚀', { timeout: 20_000 });
});

test('each conversation keeps its own draft, with its reply, across switching and a reload', async ({ workspace }) => {
  const alice = await workspace.client('alice');
  const bob = await workspace.client('bob');
  const carol = await workspace.client('carol');
  const aliceUser = { username: uniqueName('alice'), displayName: 'Alice 爱丽丝' };
  const bobUser = { username: uniqueName('bob'), displayName: 'Bob 王' };
  const carolUser = { username: uniqueName('carol'), displayName: 'Carol 陈' };
  await signUp(alice.page, aliceUser);
  await signUp(bob.page, bobUser);
  await signUp(carol.page, carolUser);
  const page = alice.page;
  await openDirect(page, carolUser);
  await send(page, 'hello Carol');
  await openDirect(page, bobUser);
  await send(page, 'Status report due Friday 周五交报告');

  // A half-written answer to Bob, quoting the message.
  const composer = page.getByTestId('composer-input');
  await toolbarAction(messageWith(page, 'Status report'), 'action-reply');
  await composer.fill('I will send the 初稿 tomorrow');
  await expect(page.getByTestId('reply-bar')).toBeVisible();

  // Over to Carol: an empty composer of her own, and Bob's row shows the draft.
  await openConversationTitled(page, carolUser.displayName);
  await expect(composer).toHaveValue('');
  await expect(page.getByTestId('reply-bar')).toHaveCount(0);
  const bobRow = page.getByTestId('conversation-item').filter({ hasText: bobUser.displayName });
  await expect(bobRow.getByTestId('conversation-draft')).toHaveText('[Draft]');
  await expect(bobRow.getByTestId('conversation-preview')).toContainText('I will send the 初稿 tomorrow');
  await composer.fill('Carol: 周末愉快');

  // Back to Bob: his draft and its quote are still there, and Carol's row now has hers.
  await openConversationTitled(page, bobUser.displayName);
  await expect(composer).toHaveValue('I will send the 初稿 tomorrow');
  await expect(page.getByTestId('reply-bar')).toContainText('Status report due Friday');
  const carolRow = page.getByTestId('conversation-item').filter({ hasText: carolUser.displayName });
  await expect(carolRow.getByTestId('conversation-preview')).toContainText('Carol: 周末愉快');

  // A reload (a restart of the window) keeps both.
  await alice.reload();
  await openConversationTitled(page, carolUser.displayName);
  await expect(composer).toHaveValue('Carol: 周末愉快');
  await openConversationTitled(page, bobUser.displayName);
  await expect(composer).toHaveValue('I will send the 初稿 tomorrow');
  await expect(page.getByTestId('reply-bar')).toBeVisible();

  // Sending clears the draft; nothing is left behind in the list.
  await composer.press('Enter');
  await expect(composer).toHaveValue('');
  await openConversationTitled(page, carolUser.displayName);
  await expect(bobRow.getByTestId('conversation-draft')).toHaveCount(0);
  await expect(bobRow.getByTestId('conversation-preview')).toContainText('I will send the 初稿 tomorrow');
  await openConversationTitled(bob.page, aliceUser.displayName);
  await expect(messageWith(bob.page, 'I will send the 初稿 tomorrow').getByTestId('reply-quote')).toContainText('Status report due Friday', { timeout: 20_000 });
});
