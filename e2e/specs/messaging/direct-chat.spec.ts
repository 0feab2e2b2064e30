import { expect, test } from '../../helpers/fixtures';
import { expectMessages, openConversationTitled, openDirectWith, screenshot, send, signUp, uniqueName } from '../../helpers/ui';

test('two people sign up, open a direct conversation and exchange messages both ways', async ({ workspace }) => {
  const alice = await workspace.client('alice');
  const bob = await workspace.client('bob');
  const aliceUser = { username: uniqueName('alice'), displayName: 'Alice 爱丽丝' };
  const bobUser = { username: uniqueName('bob'), displayName: 'Bob 王' };

  await expect(alice.page.getByTestId('auth-submit')).toBeVisible();
  await screenshot(alice.page, 'sign-in-en');
  await signUp(alice.page, aliceUser);
  await signUp(bob.page, bobUser);

  await openDirectWith(alice.page, bobUser.username);
  await send(alice.page, 'Hi Bob! 你好，今天开会吗？');
  await expect(alice.page.getByTestId('message').last()).toHaveAttribute('data-status', 'sent');

  await openConversationTitled(bob.page, aliceUser.displayName);
  await expectMessages(bob.page, ['Hi Bob! 你好，今天开会吗？']);

  // Shift+Enter starts a new line; Enter sends.
  const composer = bob.page.getByTestId('composer-input');
  await composer.fill('Yes, at 3pm');
  await composer.press('Shift+Enter');
  await composer.pressSequentially('三点见');
  await expect(composer).toHaveValue('Yes, at 3pm\n三点见');
  await composer.press('Enter');

  const both = ['Hi Bob! 你好，今天开会吗？', 'Yes, at 3pm\n三点见'];
  await expectMessages(alice.page, both);
  await expectMessages(bob.page, both);
  await expect(alice.page.getByTestId('message').first()).toHaveAttribute('data-own', 'true');
  await expect(alice.page.getByTestId('message').last()).toHaveAttribute('data-own', 'false');
  await screenshot(alice.page, 'chat-en');
});

test('a wrong password gets a clear error and the form keeps what was typed', async ({ workspace }) => {
  const carol = await workspace.client('carol');
  const user = { username: uniqueName('carol'), displayName: 'Carol' };
  await signUp(carol.page, user);
  await carol.page.getByTestId('sign-out-button').click();
  await carol.page.getByTestId('sign-out-confirm').click();

  await carol.page.getByTestId('auth-mode-signin').click();
  await carol.page.getByTestId('auth-username').fill(user.username);
  await carol.page.getByTestId('auth-password').fill('not the password');
  await carol.page.getByTestId('auth-submit').click();
  await expect(carol.page.getByTestId('auth-error')).toBeVisible();
  await expect(carol.page.getByTestId('auth-username')).toHaveValue(user.username);
  await screenshot(carol.page, 'sign-in-error-en');

  await carol.page.getByTestId('auth-password').fill('correct horse battery');
  await carol.page.getByTestId('auth-submit').click();
  await expect(carol.page.getByTestId('current-user')).toContainText('Carol');
});
