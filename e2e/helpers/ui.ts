import { expect, type Page } from '@playwright/test';
import path from 'node:path';
import { repoRoot } from './processes';

/** Actions as a person does them, through the UI only. */

export function uniqueName(prefix: string): string {
  return `${prefix}${Date.now().toString(36).slice(-5)}${Math.floor(Math.random() * 1000)}`;
}

export async function signUp(page: Page, user: { username: string; displayName: string; password?: string }): Promise<void> {
  await page.getByTestId('auth-mode-signup').click();
  await page.getByTestId('auth-username').fill(user.username);
  await page.getByTestId('auth-display-name').fill(user.displayName);
  await page.getByTestId('auth-password').fill(user.password ?? 'correct horse battery');
  await page.getByTestId('auth-submit').click();
  await expect(page.getByTestId('current-user')).toContainText(user.displayName);
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'online');
}

export async function openDirectWith(page: Page, username: string): Promise<void> {
  await page.getByTestId('new-direct-button').click();
  await page.getByTestId('user-search-input').fill(username);
  await page.getByTestId('user-search-result').filter({ hasText: username }).first().click();
  await expect(page.getByTestId('chat-view')).toBeVisible();
}

export async function openConversationTitled(page: Page, title: string): Promise<void> {
  await page.getByTestId('conversation-item').filter({ hasText: title }).first().click();
  await expect(page.getByTestId('chat-title')).toContainText(title);
}

export async function send(page: Page, text: string): Promise<void> {
  const composer = page.getByTestId('composer-input');
  await composer.fill(text);
  await composer.press('Enter');
  await expect(composer).toHaveValue('');
}

export async function messageTexts(page: Page): Promise<string[]> {
  return await page.getByTestId('message-text').allInnerTexts();
}

/** Waits until the chat shows exactly `expected`, in order, each once. */
export async function expectMessages(page: Page, expected: string[]): Promise<void> {
  await expect.poll(() => messageTexts(page), { timeout: 20_000 }).toEqual(expected);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(repoRoot, 'test-results', 'screenshots', `${name}.png`), fullPage: false });
}

export interface Person {
  username: string;
  displayName: string;
}

/** Both sign up; the first opens a direct conversation with the second, who then opens it too. */
export async function startDirectChat(first: Page, second: Page, people: [Person, Person]): Promise<void> {
  await signUp(first, people[0]);
  await signUp(second, people[1]);
  await openDirectWith(first, people[1].username);
  await openConversationTitled(second, people[0].displayName);
}
