import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { spawnUntil, stopChild, repoRoot } from './processes';

/** One person's Magpie: their own core process and their own browser context (or Electron app). */
export interface MagpieClient {
  readonly name: string;
  readonly page: Page;
  /** Where this person's downloads are saved: a fresh directory per shell; null for Electron (the OS's Downloads). */
  readonly downloadsDir: string | null;
  /** Reopens the UI page (a reload in the shell); the core keeps running. */
  reload(): Promise<void>;
  close(): Promise<void>;
}

/** How the person's computer is set up: its language and light or dark mode. */
export interface ClientOptions {
  /** BCP 47 locale of the browser context, e.g. 'zh-CN'; 'en-US' unless given. */
  locale?: string;
  colorScheme?: 'light' | 'dark';
}

export const e2eTarget = process.env.MAGPIE_E2E_TARGET === 'electron' ? 'electron' : 'browser-shell';

export async function launchClient(browser: Browser, name: string, serverUrl: string, options: ClientOptions = {}): Promise<MagpieClient> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `magpie-e2e-${name}-`));
  return e2eTarget === 'electron' ? launchElectron(name, serverUrl, dataDir) : launchShell(browser, name, serverUrl, dataDir, options);
}

async function launchShell(browser: Browser, name: string, serverUrl: string, dataDir: string, options: ClientOptions): Promise<MagpieClient> {
  const downloadsDir = path.join(dataDir, 'downloads');
  const { child, match, output } = await spawnUntil(
    process.execPath,
    [path.join(repoRoot, 'out/shell/shell.mjs'), `--server-url=${serverUrl}`, '--port=0', `--data-dir=${dataDir}`, `--downloads-dir=${downloadsDir}`],
    {},
    /MAGPIE_SHELL_URL=(\S+)/,
    `browser shell for ${name}`,
  );
  const context: BrowserContext = await browser.newContext({ locale: options.locale ?? 'en-US', colorScheme: options.colorScheme ?? 'light' });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.log(`[${name} page error] ${error.message}`));
  await page.goto(match[1]!);
  return {
    name,
    page,
    downloadsDir,
    async reload() {
      await page.reload();
    },
    async close() {
      await context.close();
      await stopShell(child, output);
    },
  };
}

async function stopShell(child: ChildProcess, output: () => string): Promise<void> {
  await stopChild(child);
  if (process.env.MAGPIE_E2E_SHELL_LOGS) console.log(output());
}

async function launchElectron(name: string, serverUrl: string, dataDir: string): Promise<MagpieClient> {
  const app = await _electron.launch({
    args: [repoRoot],
    cwd: repoRoot,
    env: { ...process.env, MAGPIE_SERVER_URL: serverUrl, MAGPIE_USER_DATA_DIR: dataDir } as Record<string, string>,
  });
  const page = await app.firstWindow();
  return {
    name,
    page,
    downloadsDir: null,
    async reload() {
      await page.reload();
    },
    async close() {
      await app.close();
    },
  };
}
