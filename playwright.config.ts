import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';

/**
 * End to end through the browser shell (the default) or the real Electron app
 * (MAGPIE_E2E_TARGET=electron, where an Electron binary exists). Debian's Chromium is used when
 * present; otherwise Playwright's own browser, on machines that have one.
 */
const debianChromium = '/usr/bin/chromium';

export default defineConfig({
  testDir: 'e2e/specs',
  outputDir: 'test-results/e2e',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  use: {
    viewport: { width: 1200, height: 760 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: existsSync(debianChromium) ? debianChromium : undefined,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
});
