import type { Page } from '@playwright/test';
import { expect, test } from '../../helpers/fixtures';
import { e2eTarget } from '../../helpers/client';
import { expectMessages, openDirectWith, send, signUp, uniqueName } from '../../helpers/ui';

interface Shown {
  title: string;
  body: string;
  tag: string;
  silent: boolean;
}

/**
 * Records every web Notification the page creates (the real one still runs), so the test sees
 * what the person would see and can click it.
 */
function observeNotifications(): void {
  const Real = window.Notification;
  const shown: Array<{ title: string; body: string; tag: string; silent: boolean; instance: Notification }> = [];
  class Observed extends Real {
    constructor(title: string, options: NotificationOptions = {}) {
      super(title, options);
      shown.push({ title, body: options.body ?? '', tag: options.tag ?? '', silent: options.silent ?? false, instance: this });
    }
  }
  Object.defineProperty(window, 'Notification', { value: Observed, configurable: true, writable: true });
  Object.defineProperty(window, '__magpieNotifications', { value: shown });
}

async function shownNotifications(page: Page): Promise<Shown[]> {
  return page.evaluate(() =>
    ((window as unknown as { __magpieNotifications: Shown[] }).__magpieNotifications ?? []).map(({ title, body, tag, silent }) => ({ title, body, tag, silent })),
  );
}

async function clickNotification(page: Page, index: number): Promise<void> {
  await page.evaluate((i) => {
    const entry = (window as unknown as { __magpieNotifications: Array<{ instance: Notification }> }).__magpieNotifications[i];
    entry?.instance.dispatchEvent(new Event('click'));
  }, index);
}

test.skip(e2eTarget === 'electron', 'Electron shows OS notifications, which a page cannot observe');

test('a message in a conversation not in view shows a notification; clicking it opens the conversation', async ({ workspace }) => {
  const alice = await workspace.client('alice');
  const bob = await workspace.client('bob');
  const aliceUser = { username: uniqueName('alice'), displayName: 'Alice 爱丽丝' };
  const bobUser = { username: uniqueName('bob'), displayName: 'Bob 王' };
  await signUp(alice.page, aliceUser);
  await signUp(bob.page, bobUser);

  // Bob allows notifications for the shell's page; the reload keeps his session (the core holds it).
  const origin = new URL(bob.page.url()).origin;
  await bob.page.context().grantPermissions(['notifications'], { origin });
  await bob.page.context().addInitScript(observeNotifications);
  await bob.reload();
  await expect(bob.page.getByTestId('current-user')).toContainText(bobUser.displayName);
  await expect(bob.page.getByTestId('connection-status')).toHaveAttribute('data-status', 'online');
  expect(await bob.page.evaluate(() => Notification.permission)).toBe('granted');

  // Bob has no conversation open; Alice writes to him for the first time.
  await openDirectWith(alice.page, bobUser.username);
  await send(alice.page, '下午三点开会 meeting at 3');

  await expect.poll(() => shownNotifications(bob.page), { timeout: 20_000 }).toEqual([
    { title: aliceUser.displayName, body: '下午三点开会 meeting at 3', tag: expect.stringMatching(/^conversation:/), silent: false },
  ]);
  await expect(bob.page.getByTestId('chat-view')).toHaveCount(0);

  // The click focuses the tab and opens that conversation.
  await clickNotification(bob.page, 0);
  await expect(bob.page.getByTestId('chat-title')).toContainText(aliceUser.displayName);
  await expectMessages(bob.page, ['下午三点开会 meeting at 3']);

  // Now it is in view in a focused window: the next message needs no notification.
  await bob.page.bringToFront();
  await expect.poll(() => bob.page.evaluate(() => document.hasFocus())).toBe(true);
  await send(alice.page, 'see you there');
  await expectMessages(bob.page, ['下午三点开会 meeting at 3', 'see you there']);
  await bob.page.waitForTimeout(1_000);
  expect(await shownNotifications(bob.page)).toHaveLength(1);
});
