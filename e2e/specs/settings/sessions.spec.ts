import { expect, test } from '../../helpers/fixtures';
import { signUp, uniqueName } from '../../helpers/ui';

test('the sessions list shows every device and signs another one out', async ({ workspace }) => {
  const laptop = await workspace.client('laptop');
  const desktop = await workspace.client('desktop');
  const person = { username: uniqueName('sam'), displayName: 'Sam 山', password: 'correct horse battery' };
  await signUp(laptop.page, person);

  // The same person signs in on a second computer.
  const d = desktop.page;
  await d.getByTestId('auth-username').fill(person.username);
  await d.getByTestId('auth-password').fill(person.password);
  await d.getByTestId('auth-submit').click();
  await expect(d.getByTestId('current-user')).toContainText(person.displayName);

  const page = laptop.page;
  await page.getByTestId('settings-button').click();
  await page.getByTestId('settings-tab-account').click();
  const rows = page.getByTestId('session-row');
  await expect(rows).toHaveCount(2);
  await expect(page.locator('[data-testid="session-row"][data-current]').getByTestId('session-current')).toBeVisible();
  await page.locator('[data-testid="session-row"]:not([data-current])').getByTestId('session-revoke').click();
  await expect(rows).toHaveCount(1);

  // The revoked computer is sent back to sign-in.
  await expect(d.getByTestId('auth-username')).toBeVisible({ timeout: 20_000 });
});
