import type { Page } from '@playwright/test';
import { expect, test } from '../../helpers/fixtures';
import { createGroup, openGroupPanel } from '../../helpers/groups';
import { screenshot, send, signUp, uniqueName } from '../../helpers/ui';
import { expectAccessible } from './axe';

/** Screenshots and axe for one screen in both colour schemes. */
async function check(page: Page, screen: string, lang: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await expectAccessible(page, `${screen} ${lang} (${colorScheme})`);
    await screenshot(page, `${screen}-${colorScheme}-${lang}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test('group, new group and settings screens in light and dark, English and Chinese, pass axe', async ({ workspace }) => {
  const alice = await workspace.client('alice', { locale: 'en-US' });
  const bob = await workspace.client('bob', { locale: 'zh-CN' });
  const people = [
    { client: alice, lang: 'en', user: { username: uniqueName('alice'), displayName: 'Alice 爱丽丝' } },
    { client: bob, lang: 'zh-CN', user: { username: uniqueName('bob'), displayName: 'Bob 王' } },
  ];
  for (const { client, user } of people) await signUp(client.page, user);

  const a = alice.page;
  await a.getByTestId('new-group-button').click();
  await a.getByTestId('new-group-title').fill('Design review 设计评审');
  await a.getByTestId('new-group-members-input').fill(people[1]!.user.username);
  await expect(a.getByTestId('new-group-members-result')).toHaveCount(1);
  await check(a, 'new-group', 'en');
  await a.keyboard.press('Escape');
  await createGroup(a, 'Design review 设计评审', [people[1]!.user.username]);
  await send(a, 'Agenda: 1) colours 2) 字体');

  for (const { client, lang } of people) {
    const page = client.page;
    await page.getByTestId('conversation-item').filter({ hasText: 'Design review' }).click();
    await openGroupPanel(page);
    await check(page, 'group-panel', lang);
    await page.getByTestId('plugin-panel-button').click();
    await expect(page.getByTestId('plugin-panel')).toBeVisible();
    await check(page, 'plugin-panel', lang);
    await page.getByTestId('plugin-panel-close').click();

    await page.getByTestId('settings-button').click();
    for (const section of ['notifications', 'account']) {
      await page.getByTestId(`settings-tab-${section}`).click();
      await expect(page.getByTestId(`settings-panel-${section}`)).toBeVisible();
      if (section === 'account') await expect(page.getByTestId('session-row')).toHaveCount(1);
      await check(page, `settings-${section}`, lang);
    }
    await page.keyboard.press('Escape');
  }
});
