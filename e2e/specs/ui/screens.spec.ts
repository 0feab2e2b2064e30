import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from '../../helpers/fixtures';
import { repoRoot } from '../../helpers/processes';
import { expectMessages, openConversationTitled, openDirectWith, screenshot, send, signUp, uniqueName } from '../../helpers/ui';

type Strings = { [key: string]: string | Strings };
const strings = (lang: string): Strings => JSON.parse(readFileSync(path.join(repoRoot, 'renderer', 'i18n', `${lang}.json`), 'utf8'));
const text = (tree: Strings, key: string): string => key.split('.').reduce<Strings | string>((node, k) => (node as Strings)[k]!, tree) as string;

const THEMES = ['light', 'dark'] as const;

/** Relative luminance (0 black … 1 white) of an element's background. */
async function backgroundLuminance(page: Page, selector: string): Promise<number> {
  const colour = await page.locator(selector).first().evaluate((el) => getComputedStyle(el).backgroundColor);
  const [r, g, b] = (colour.match(/[\d.]+/g) ?? []).map(Number).map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** Screenshots one screen in both colour schemes, checking the scheme really applied. */
async function shootBothThemes(page: Page, screen: string, lang: string, surface: string): Promise<void> {
  for (const theme of THEMES) {
    await page.emulateMedia({ colorScheme: theme });
    const luminance = await backgroundLuminance(page, surface);
    if (theme === 'dark') expect(luminance, `${screen} ${lang} background is dark`).toBeLessThan(0.05);
    else expect(luminance, `${screen} ${lang} background is light`).toBeGreaterThan(0.8);
    await screenshot(page, `${screen}-${theme}-${lang}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test('every main screen in light and dark, in Chinese and English', async ({ workspace }) => {
  const alice = await workspace.client('alice', { locale: 'en-US' });
  const bob = await workspace.client('bob', { locale: 'zh-CN' });
  const people = [
    { client: alice, lang: 'en', user: { username: uniqueName('alice'), displayName: 'Alice 爱丽丝' } },
    { client: bob, lang: 'zh-CN', user: { username: uniqueName('bob'), displayName: 'Bob 王' } },
  ];

  // The page loads without a failed request (a missing favicon used to log a 404).
  const failed: string[] = [];
  alice.page.on('response', (response) => void (response.status() >= 400 && failed.push(`${response.status()} ${response.url()}`)));
  await alice.reload();

  for (const { client, lang } of people) {
    const page = client.page;
    await expect(page.getByTestId('auth-submit')).toHaveText(text(strings(lang), 'auth.submitSignIn'));
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    await shootBothThemes(page, 'sign-in', lang, '.auth');
  }
  expect(failed).toEqual([]);

  for (const { client, user } of people) await signUp(client.page, user);
  await openDirectWith(alice.page, people[1]!.user.username);
  await send(alice.page, 'Hi Bob! 你好，今天下午三点开会吗？');
  await openConversationTitled(bob.page, people[0]!.user.displayName);
  await send(bob.page, '好的，三点见。我会带上季度报告（第三季度）');
  await send(bob.page, 'See you at 3!');
  const conversation = ['Hi Bob! 你好，今天下午三点开会吗？', '好的，三点见。我会带上季度报告（第三季度）', 'See you at 3!'];

  for (const { client, lang } of people) {
    const page = client.page;
    await expectMessages(page, conversation);
    await expect(page.getByTestId('sign-out-button')).toHaveText(text(strings(lang), 'sidebar.signOut'));
    await shootBothThemes(page, 'chat', lang, '.app-layout__main');
    await page.getByTestId('settings-button').click();
    await expect(page.getByTestId('settings-dialog')).toContainText(text(strings(lang), 'settings.theme'));
    await expect(page.getByTestId('settings-theme')).toHaveValue('system');
    await shootBothThemes(page, 'settings', lang, '.dialog');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('settings-dialog')).toBeHidden();

    await page.keyboard.press('Control+K');
    await expect(page.getByTestId('quick-switcher-item')).toHaveCount(1);
    await shootBothThemes(page, 'quick-switcher', lang, '.dialog');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+/');
    await expect(page.getByTestId('shortcut-help')).toContainText(text(strings(lang), 'shortcuts.actions.quickSwitcher'));
    await shootBothThemes(page, 'shortcut-help', lang, '.dialog');
    await page.keyboard.press('Escape');
  }
});

test('a theme chosen in Settings overrides the system and is remembered', async ({ workspace }) => {
  const carol = await workspace.client('carol', { colorScheme: 'light' });
  const page = carol.page;
  await signUp(page, { username: uniqueName('carol'), displayName: 'Carol 陈' });
  expect(await backgroundLuminance(page, 'body')).toBeGreaterThan(0.8);

  await page.keyboard.press('Control+,');
  await page.getByTestId('settings-theme').selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await backgroundLuminance(page, 'body')).toBeLessThan(0.05);
  await page.getByTestId('settings-language').selectOption('zh-CN');
  await expect(page.getByTestId('settings-dialog')).toContainText('主题');

  await carol.reload();
  await expect(page.getByTestId('current-user')).toContainText('Carol 陈');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByTestId('sign-out-button')).toHaveText('退出登录');
  expect(await backgroundLuminance(page, 'body')).toBeLessThan(0.05);

  // Back to the system: light again, because the system is light.
  await page.getByTestId('settings-button').click();
  await page.getByTestId('settings-theme').selectOption('system');
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /.+/);
  expect(await backgroundLuminance(page, 'body')).toBeGreaterThan(0.8);
});
