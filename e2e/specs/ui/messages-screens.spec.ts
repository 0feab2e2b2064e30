import type { Page } from '@playwright/test';
import { expect, test } from '../../helpers/fixtures';
import { createGroup } from '../../helpers/groups';
import { decodedSize, dropFiles, gradientPng, menuAction, messageWith, toolbarAction } from '../../helpers/messages';
import { openConversationTitled, screenshot, send, signUp, uniqueName } from '../../helpers/ui';
import { expectAccessible } from './axe';

const GROUP = 'Launch 发布';
const picture = { name: 'whiteboard 白板.png', type: 'image/png', bytes: gradientPng(800, 500, [30, 90, 200], [250, 200, 40]) };
const notes = { name: 'meeting notes 会议纪要.txt', type: 'text/plain', bytes: Buffer.from('Agenda 议程\n1. launch date\n2. 预算\n'.repeat(40)) };

/** Axe and a screenshot of what is on screen, in both colour schemes. */
async function check(page: Page, screen: string, lang: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await expectAccessible(page, `${screen} ${lang} (${colorScheme})`);
    await screenshot(page, `${screen}-${colorScheme}-${lang}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

// Seven screens × two languages × two schemes, each with axe: more than the default two minutes.
test.setTimeout(360_000);

test('a chat with every message kind, its menus, pickers and dialogs, in light and dark, English and Chinese, passes axe', async ({ workspace }) => {
  const alice = await workspace.client('alice', { locale: 'en-US' });
  const bob = await workspace.client('bob', { locale: 'zh-CN' });
  const aliceUser = { username: uniqueName('alice'), displayName: 'Alice 爱丽丝' };
  const bobUser = { username: uniqueName('bob'), displayName: 'Bob 王' };
  const [a, b] = [alice.page, bob.page];
  await signUp(a, aliceUser);
  await signUp(b, bobUser);
  await createGroup(a, GROUP, [bobUser.username]);
  await openConversationTitled(b, GROUP);

  // Every kind of message: plain, a mention, edited, a reply, recalled, reactions, an image, a file.
  await send(b, 'Morning! Agenda for today 今天的议程');
  const composer = a.getByTestId('composer-input');
  await composer.pressSequentially('Please check @Bob');
  await composer.press('Enter');
  await composer.pressSequentially('the draft 请看草稿');
  await composer.press('Enter');
  await send(a, 'Meeting at 3pm');
  await expect(messageWith(a, 'Meeting at 3pm')).toHaveAttribute('data-status', 'sent');
  await composer.press('ArrowUp');
  await expect(composer).toHaveValue('Meeting at 3pm');
  await composer.fill('Meeting at 4pm 改到四点');
  await composer.press('Enter');
  await expect(messageWith(b, 'Meeting at 4pm').getByTestId('message-edited')).toBeVisible({ timeout: 20_000 });
  await toolbarAction(messageWith(b, 'Please check'), 'action-reply');
  await send(b, '好的，马上看 On it');
  await send(a, 'Oops, wrong chat');
  await menuAction(a, messageWith(a, 'Oops, wrong chat'), 'recall');
  await expect(b.getByTestId('message-recalled')).toBeVisible({ timeout: 20_000 });
  const meeting = messageWith(b, 'Meeting at 4pm');
  await meeting.hover();
  await meeting.getByTestId('quick-reaction').first().click();
  await expect(messageWith(a, 'Meeting at 4pm').getByTestId('reaction')).toBeVisible({ timeout: 20_000 });
  await messageWith(a, 'Meeting at 4pm').getByTestId('reaction').click();
  await dropFiles(a, [picture]);
  await expect(a.getByTestId('attachment')).toHaveAttribute('data-state', 'ready', { timeout: 20_000 });
  await composer.press('Enter');
  await dropFiles(b, [notes]);
  await expect(b.getByTestId('attachment')).toHaveAttribute('data-state', 'ready', { timeout: 20_000 });
  await b.getByTestId('composer-input').press('Enter');

  for (const [client, lang] of [[alice, 'en'], [bob, 'zh-CN']] as const) {
    const page = client.page;
    await expect(page.getByTestId('file-attachment').filter({ hasText: notes.name })).toBeVisible({ timeout: 30_000 });
    await decodedSize(page.getByTestId('image-thumbnail'));
    await expect(page.getByTestId('reaction')).toHaveText(/2$/, { timeout: 20_000 });
    await page.mouse.move(0, 0);
    await check(page, 'chat-messages', lang);

    // The message menu and the reaction picker.
    await messageWith(page, 'Please check').getByTestId('message-text').click({ button: 'right' });
    await expect(page.getByTestId('message-menu')).toBeVisible();
    await check(page, 'message-menu', lang);
    await page.keyboard.press('Escape');
    await toolbarAction(messageWith(page, 'Morning!'), 'reaction-picker-button');
    await expect(page.getByTestId('emoji-option').first()).toBeVisible();
    await check(page, 'emoji-picker', lang);
    await page.keyboard.press('Escape');

    // The forward dialog.
    await menuAction(page, messageWith(page, 'Morning!'), 'forward');
    await expect(page.getByTestId('forward-option')).toHaveCount(1);
    await page.getByTestId('forward-option').check();
    await check(page, 'forward-dialog', lang);
    await page.keyboard.press('Escape');

    // The composer with a reply, a file waiting in the tray and member suggestions open.
    await toolbarAction(messageWith(page, 'Morning!'), 'action-reply');
    await dropFiles(page, [picture]);
    await expect(page.getByTestId('attachment')).toHaveAttribute('data-state', 'ready', { timeout: 20_000 });
    await page.getByTestId('composer-input').pressSequentially('@');
    await expect(page.getByTestId('mention-option')).not.toHaveCount(0);
    await page.mouse.move(0, 0);
    await check(page, 'composer-reply-attachments', lang);
    await page.getByTestId('composer-input').press('Escape');
    await page.getByTestId('attachment-remove').click();
    await page.getByTestId('composer-input').fill('');
    await page.getByTestId('reply-cancel').click();

    // The image preview, a download, and the transfers panel.
    await page.getByTestId('image-attachment').click();
    const preview = page.getByTestId('image-preview');
    await decodedSize(preview.getByTestId('image-full'));
    await check(page, 'image-preview', lang);
    await page.keyboard.press('Escape');
    const file = page.getByTestId('file-attachment').filter({ hasText: notes.name });
    if ((await file.getByTestId('download-button').count()) > 0) await file.getByTestId('download-button').click();
    await expect(file.getByTestId('file-download')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
    await page.getByTestId('transfers-button').click();
    await expect(page.getByTestId('transfers-panel').getByTestId('transfer')).not.toHaveCount(0);
    await check(page, 'transfers-panel', lang);
    await page.keyboard.press('Escape');
  }
});
