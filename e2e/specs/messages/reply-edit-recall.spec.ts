import type { Page } from '@playwright/test';
import { expect, test } from '../../helpers/fixtures';
import { menuAction, messageWith, scrollUpTo, toolbarAction } from '../../helpers/messages';
import { expectMessages, send, startDirectChat, uniqueName } from '../../helpers/ui';

/** Enough newer messages that the first one is scrolled out of view (the list is virtualised). */
const FILLERS = 30;

async function searchFor(page: Page, query: string) {
  await page.keyboard.press('Control+Shift+F');
  await page.getByTestId('search-input').fill(query);
  return page.getByTestId('search-panel').getByTestId('search-result');
}

// Thirty-odd messages sent one by one through the UI: slow on a busy two-core machine.
test.setTimeout(240_000);

test('a reply carries a quote the other side sees, and clicking the quote jumps to the original', async ({ workspace }) => {
  const alice = await workspace.client('alice');
  const bob = await workspace.client('bob');
  const aliceUser = { username: uniqueName('alice'), displayName: 'Alice 爱丽丝' };
  const bobUser = { username: uniqueName('bob'), displayName: 'Bob 王' };
  await startDirectChat(alice.page, bob.page, [aliceUser, bobUser]);

  const question = 'Can you review the launch plan? 能看看发布计划吗';
  await send(alice.page, question);
  for (let i = 1; i <= FILLERS; i++) await send(alice.page, `note ${i} 备注`);
  await expect(messageWith(bob.page, `note ${FILLERS} 备注`)).toBeVisible({ timeout: 20_000 });

  // Bob scrolls up to the question and answers it from the message's toolbar.
  const original = messageWith(bob.page, question);
  await scrollUpTo(bob.page, original);
  await toolbarAction(original, 'action-reply');
  const bar = bob.page.getByTestId('reply-bar');
  await expect(bar).toContainText(aliceUser.displayName);
  await expect(bar).toContainText(question);
  await expect(bob.page.getByTestId('composer-input')).toBeFocused();
  await send(bob.page, 'Yes, this afternoon 下午看');
  await expect(bar).toHaveCount(0);

  // Alice sees the answer with the quote of her question, under Bob's text.
  const answer = messageWith(alice.page, 'Yes, this afternoon 下午看');
  const quote = answer.getByTestId('reply-quote');
  await expect(quote).toContainText(question, { timeout: 20_000 });
  await expect(quote).toContainText('You');
  const seq = await quote.getAttribute('data-reply-seq');
  expect(Number(seq)).toBeGreaterThan(0);

  // Her question is far above; the quote takes her there and marks it.
  const target = alice.page.locator(`[data-testid="message"][data-seq="${seq}"]`);
  await expect(target).not.toBeInViewport();
  await quote.click();
  await expect(target).toHaveAttribute('data-jump-target', 'true', { timeout: 20_000 });
  await expect(target).toBeInViewport();
  await expect(target.getByTestId('message-text')).toHaveText(question);
});

test('an edit shows the new text marked edited on both sides; a recall leaves a tombstone that search no longer finds', async ({ workspace }) => {
  const alice = await workspace.client('alice');
  const bob = await workspace.client('bob');
  const aliceUser = { username: uniqueName('alice'), displayName: 'Alice 爱丽丝' };
  const bobUser = { username: uniqueName('bob'), displayName: 'Bob 王' };
  await startDirectChat(alice.page, bob.page, [aliceUser, bobUser]);

  const lunch = 'Lunch at noon? 中午一起吃饭吗';
  await send(alice.page, lunch);
  await send(alice.page, 'Meeting at 3pm');
  await expectMessages(bob.page, [lunch, 'Meeting at 3pm']);

  // Up on an empty composer edits my newest message (once the server has it); Enter saves it.
  await expect(messageWith(alice.page, 'Meeting at 3pm')).toHaveAttribute('data-status', 'sent');
  const composer = alice.page.getByTestId('composer-input');
  await composer.press('ArrowUp');
  await expect(alice.page.getByTestId('edit-bar')).toBeVisible();
  await expect(composer).toHaveValue('Meeting at 3pm');
  await composer.fill('Meeting at 4pm 改到四点');
  await composer.press('Enter');
  await expect(alice.page.getByTestId('edit-bar')).toHaveCount(0);
  await expect(composer).toHaveValue('');

  for (const page of [alice.page, bob.page]) {
    const edited = messageWith(page, 'Meeting at 4pm 改到四点');
    await expect(edited.getByTestId('message-edited')).toHaveText('(edited)', { timeout: 20_000 });
    await expect(page.getByTestId('message-text').filter({ hasText: '3pm' })).toHaveCount(0);
    await expect(page.getByTestId('message')).toHaveCount(2);
  }

  // Bob can find the lunch message before it is recalled…
  await expect(await searchFor(bob.page, '吃饭')).toHaveCount(1);
  await bob.page.keyboard.press('Escape');

  // …Alice recalls it from its menu: both see a tombstone instead of the words.
  await menuAction(alice.page, messageWith(alice.page, lunch), 'recall');
  await expect(alice.page.getByTestId('message-recalled')).toHaveText('You recalled a message');
  await expect(bob.page.getByTestId('message-recalled')).toHaveText(`${aliceUser.displayName} recalled a message`, { timeout: 20_000 });
  for (const page of [alice.page, bob.page]) await expect(page.getByTestId('message-text').filter({ hasText: 'noon' })).toHaveCount(0);

  // …and the recalled words are gone from search, in either language.
  for (const query of ['吃饭', 'noon']) {
    const results = await searchFor(bob.page, query);
    await expect(bob.page.getByTestId('search-status')).toHaveText(`No messages match “${query}”.`);
    await expect(results).toHaveCount(0);
    await bob.page.keyboard.press('Escape');
  }
  // The edited message is still found by its new words, not its old ones.
  await expect(await searchFor(bob.page, '四点')).toHaveCount(1);
});
