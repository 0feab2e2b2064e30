import { expect, type Page } from '@playwright/test';

/** Group actions as a person does them, through the UI only. */

export async function createGroup(page: Page, title: string, usernames: string[]): Promise<void> {
  await page.getByTestId('new-group-button').click();
  await page.getByTestId('new-group-title').fill(title);
  const input = page.getByTestId('new-group-members-input');
  for (const [i, username] of usernames.entries()) {
    await input.fill(username);
    await page.getByTestId('new-group-members-result').filter({ hasText: username }).first().click();
    await expect(page.getByTestId('picked-user')).toHaveCount(i + 1);
  }
  await page.getByTestId('new-group-create').click();
  await expect(page.getByTestId('new-group-dialog')).toBeHidden();
  await expect(page.getByTestId('chat-title')).toHaveText(title);
}

export async function openGroupPanel(page: Page): Promise<void> {
  const button = page.getByTestId('group-panel-button');
  if ((await button.getAttribute('aria-pressed')) !== 'true') await button.click();
  await expect(page.getByTestId('group-panel')).toBeVisible();
}

export function memberRow(page: Page, displayName: string) {
  return page.getByTestId('member-row').filter({ hasText: displayName });
}

export async function memberAction(page: Page, displayName: string, action: string): Promise<void> {
  await memberRow(page, displayName).getByTestId('member-actions').click();
  await page.getByTestId('member-menu').getByTestId(`menu-${action}`).click();
}
