import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '../../helpers/fixtures';
import { decodedSize, dropFiles, gradientPng, pasteFile } from '../../helpers/messages';
import { expectMessages, send, startDirectChat, uniqueName } from '../../helpers/ui';

const dropped = { name: 'whiteboard 白板.png', type: 'image/png', bytes: gradientPng(800, 500, [30, 90, 200], [250, 200, 40]) };
const pasted = { name: 'clipboard.png', type: 'image/png', bytes: gradientPng(400, 600, [200, 40, 80], [20, 180, 120]) };

test('images sent by drag-and-drop and by paste arrive as thumbnails; the receiver downloads one through the transfers panel', async ({ workspace }) => {
  const alice = await workspace.client('alice');
  const bob = await workspace.client('bob');
  const aliceUser = { username: uniqueName('alice'), displayName: 'Alice 爱丽丝' };
  const bobUser = { username: uniqueName('bob'), displayName: 'Bob 王' };
  await startDirectChat(alice.page, bob.page, [aliceUser, bobUser]);
  await send(alice.page, 'Two pictures coming 两张图');
  const a = alice.page;

  // Dragging over the window shows where the files will go; the drop puts them in the tray.
  await dropFiles(a, [dropped], async () => {
    await expect(a.getByTestId('drop-zone')).toContainText(`Drop files to send to ${bobUser.displayName}`);
  });
  await expect(a.getByTestId('drop-zone')).toHaveCount(0);
  const tray = a.getByTestId('attachment');
  await expect(tray).toHaveCount(1);
  await expect(tray).toHaveAttribute('data-state', 'ready', { timeout: 20_000 });
  await expect(tray).toContainText('whiteboard 白板.png');
  await a.getByTestId('composer-input').press('Enter');
  await expect(tray).toHaveCount(0);

  // A pasted picture gets a name and goes with a caption.
  await pasteFile(a, pasted);
  await expect(tray).toHaveAttribute('data-state', 'ready', { timeout: 20_000 });
  await expect(tray).toContainText('clipboard.png');
  await send(a, 'from the clipboard 剪贴板');

  // Bob sees both pictures as real decoded thumbnails, sized to their shapes.
  const images = bob.page.getByTestId('message').filter({ has: bob.page.getByTestId('image-attachment') });
  await expect(images).toHaveCount(2, { timeout: 30_000 });
  const [first, second] = [images.nth(0), images.nth(1)];
  await expect(first.getByTestId('image-attachment')).toHaveAttribute('aria-label', 'Open image whiteboard 白板.png');
  const wide = await decodedSize(first.getByTestId('image-thumbnail'));
  expect(wide.width).toBeGreaterThan(wide.height);
  const tall = await decodedSize(second.getByTestId('image-thumbnail'));
  expect(tall.height).toBeGreaterThan(tall.width);
  await expect(second.getByTestId('message-text')).toHaveText('from the clipboard 剪贴板');
  await expectMessages(bob.page, ['Two pictures coming 两张图', 'from the clipboard 剪贴板']);
  for (const box of [await first.getByTestId('image-attachment').boundingBox(), await second.getByTestId('image-attachment').boundingBox()]) {
    expect(box!.width).toBeLessThanOrEqual(320);
    expect(box!.height).toBeLessThanOrEqual(240);
  }

  // The preview shows the full picture; Bob downloads it from there.
  await first.getByTestId('image-attachment').click();
  const preview = bob.page.getByTestId('image-preview');
  await expect(preview).toBeVisible();
  expect(await decodedSize(preview.getByTestId('image-full'))).toEqual({ width: 800, height: 500 });
  await preview.getByTestId('download-button').click();
  await expect(preview.getByTestId('file-download')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await bob.page.keyboard.press('Escape');
  await expect(preview).toHaveCount(0);

  // The transfers panel lists the finished download; the file on disk is the very same bytes.
  await bob.page.getByTestId('transfers-button').click();
  const panel = bob.page.getByTestId('transfers-panel');
  const row = panel.getByTestId('transfer').filter({ hasText: 'whiteboard 白板.png' });
  await expect(row).toHaveAttribute('data-direction', 'download');
  await expect(row).toHaveAttribute('data-state', 'done');
  await expect(row).toContainText('Done');
  await expect(row.getByTestId('transfer-open')).toBeVisible();
  if (bob.downloadsDir) {
    const saved = (await readdir(bob.downloadsDir)).filter((name) => !name.endsWith('.part'));
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatch(/^whiteboard 白板.*\.png$/);
    expect(readFileSync(path.join(bob.downloadsDir, saved[0]!)).equals(dropped.bytes)).toBe(true);
  }
  await bob.page.keyboard.press('Escape');

  // Alice's panel has her two finished uploads.
  await a.getByTestId('transfers-button').click();
  const uploads = a.getByTestId('transfers-panel').locator('[data-testid="transfer"][data-direction="upload"]');
  await expect(uploads).toHaveCount(2);
  for (const state of await uploads.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-state')))) expect(state).toBe('done');
});
