import type { Page } from '@playwright/test';
import { expect, test } from '../../helpers/fixtures';
import { openConversationTitled, openDirectWith, screenshot, send, signUp, uniqueName } from '../../helpers/ui';
import { expectAccessible } from '../ui/axe';

const MEETING = '我们今天下午开会吗';
const REPORT = 'Quarterly report is ready';
/** More than a page of history (50) after the hits, so opening one has to load older messages. */
const FILLERS = 60;

async function search(page: Page, query: string) {
  const panel = page.getByTestId('search-panel');
  if (!(await panel.isVisible())) await page.getByTestId('search-button').click();
  await page.getByTestId('search-input').fill(query);
  return panel.getByTestId('search-result');
}

test('search finds Chinese and English messages, jumps to an old one, and works offline', async ({ workspace }) => {
  const alice = await workspace.client('alice', { locale: 'zh-CN' });
  const bob = await workspace.client('bob');
  const aliceUser = { username: uniqueName('alice'), displayName: 'Alice 爱丽丝' };
  const bobUser = { username: uniqueName('bob'), displayName: 'Bob 王' };
  await signUp(alice.page, aliceUser);
  await signUp(bob.page, bobUser);
  await openDirectWith(alice.page, bobUser.username);
  await send(alice.page, MEETING);
  await send(alice.page, REPORT);
  for (let i = 1; i <= FILLERS; i++) await send(alice.page, i % 2 ? `filler message ${i}` : `填充消息 ${i}`);

  // Bob has received everything (so his computer holds it) and sees only the newest page.
  await openConversationTitled(bob.page, aliceUser.displayName);
  await expect(bob.page.getByTestId('message-text').filter({ hasText: `填充消息 ${FILLERS}` })).toBeVisible({ timeout: 30_000 });
  await expect(bob.page.getByTestId('message-text').filter({ hasText: MEETING })).toHaveCount(0);

  const meeting = await search(bob.page, '开会');
  await expect(meeting).toHaveCount(1);
  await expect(meeting.getByTestId('search-highlight')).toHaveText(['开会']);
  await expect(meeting).toContainText(aliceUser.displayName);

  const report = await search(bob.page, 'report');
  await expect(report).toHaveCount(1);
  await expect(report.getByTestId('search-highlight')).toHaveText(['report']);
  await expect(report).toHaveAttribute('aria-selected', 'true');
  await screenshot(bob.page, 'search-light-en');
  await expectAccessible(bob.page, 'the search panel (en)');

  // Opening a hit jumps to it, loading the older page it is on, and flashes it.
  const hit = (await search(bob.page, '开会')).first();
  await expect(hit.getByTestId('search-highlight')).toHaveText(['开会']); // not the previous query's hit
  const seq = await hit.getAttribute('data-seq');
  await hit.click();
  await expect(bob.page.getByTestId('search-panel')).toHaveCount(0);
  const target = bob.page.locator(`[data-testid="message"][data-seq="${seq}"]`);
  await expect(target).toHaveAttribute('data-jump-target', 'true', { timeout: 20_000 });
  await expect(target).toBeInViewport();
  await expect(target.getByTestId('message-text')).toHaveText(MEETING);
  await screenshot(bob.page, 'search-jump-en');

  // The same in Chinese, from the keyboard, for the sender.
  await alice.page.keyboard.press('Control+Shift+F');
  const zh = await search(alice.page, '开会');
  await expect(zh).toHaveCount(1);
  await expect(zh.getByTestId('search-highlight')).toHaveText(['开会']);
  await expect(alice.page.getByTestId('search-scope-conversation')).toBeVisible();
  await screenshot(alice.page, 'search-light-zh-CN');
  await expectAccessible(alice.page, 'the search panel (zh-CN)');
  await alice.page.getByTestId('search-input').fill('不存在的词');
  await expect(alice.page.getByTestId('search-status')).toHaveText('没有与“不存在的词”匹配的消息。');

  // Offline: search reads what this computer holds.
  await workspace.server.stop();
  await expect(bob.page.getByTestId('connection-status')).not.toHaveAttribute('data-status', 'online');
  const offline = await search(bob.page, 'report');
  await expect(offline).toHaveCount(1);
  await expect(offline.getByTestId('search-highlight')).toHaveText(['report']);
  await bob.page.getByTestId('search-scope-conversation').check();
  await expect(await search(bob.page, '填充消息')).toHaveCount(20);
  await expect(bob.page.getByTestId('search-load-more')).toBeVisible();
  await bob.page.getByTestId('search-load-more').click();
  await expect(bob.page.getByTestId('search-result')).toHaveCount(FILLERS / 2);
  await expect(bob.page.getByTestId('search-load-more')).toHaveCount(0);
});
