import { expect, test } from '../../helpers/fixtures';
import { expectMessages, openConversationTitled, openDirectWith, send, signUp, uniqueName } from '../../helpers/ui';
import type { Page } from '@playwright/test';
import { expectAccessible } from './axe';

/** Every screen in both colour schemes: contrast problems are usually in one of them only. */
async function checkBothSchemes(page: Page, screen: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await expectAccessible(page, `${screen} (${colorScheme})`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test('every main screen passes axe with no serious or critical violations', async ({ workspace }) => {
  const alice = await workspace.client('alice');
  const bob = await workspace.client('bob');
  const aliceUser = { username: uniqueName('alice'), displayName: 'Alice 爱丽丝' };
  const bobUser = { username: uniqueName('bob'), displayName: 'Bob 王' };
  const page = alice.page;

  await expect(page.getByTestId('auth-submit')).toBeVisible();
  await checkBothSchemes(page, 'sign-in');
  await page.getByTestId('auth-mode-signup').click();
  await expect(page.getByTestId('auth-display-name')).toBeVisible();
  await checkBothSchemes(page, 'sign-up');

  await signUp(page, aliceUser);
  await signUp(bob.page, bobUser);
  await openDirectWith(page, bobUser.username);
  await send(page, 'Hi Bob! 你好，今天开会吗？');
  await openConversationTitled(bob.page, aliceUser.displayName);
  await send(bob.page, '好的，三点见 👍');
  await expectMessages(page, ['Hi Bob! 你好，今天开会吗？', '好的，三点见 👍']);
  await checkBothSchemes(page, 'main layout with a conversation');

  await page.getByTestId('new-direct-button').click();
  await page.getByTestId('user-search-input').fill(bobUser.username);
  await expect(page.getByTestId('user-search-result')).toBeVisible();
  await checkBothSchemes(page, 'new direct message dialog');
  await page.keyboard.press('Escape');

  await page.getByTestId('settings-button').click();
  await expect(page.getByTestId('settings-dialog')).toBeVisible();
  await checkBothSchemes(page, 'settings');
  await page.keyboard.press('Escape');

  await page.keyboard.press('Control+K');
  await page.getByTestId('quick-switcher-input').fill('王');
  await expect(page.getByTestId('quick-switcher-item')).toHaveCount(1);
  await checkBothSchemes(page, 'quick switcher');
  await page.keyboard.press('Escape');

  await page.keyboard.press('Control+/');
  await expect(page.getByTestId('shortcut-help')).toBeVisible();
  await checkBothSchemes(page, 'keyboard shortcut help');
});
