import { crc32, deflateSync } from 'node:zlib';
import { expect, type Locator, type Page } from '@playwright/test';
import { openDirectWith } from './ui';

/** Message actions as a person does them: the hover toolbar, the context menu, the composer. */

/** The one message bubble whose text contains `text`. */
export function messageWith(page: Page, text: string): Locator {
  return page.getByTestId('message').filter({ has: page.getByTestId('message-text').filter({ hasText: text }) });
}

/** Hovers the message so its toolbar shows, then clicks one of the toolbar's buttons. */
export async function toolbarAction(message: Locator, testId: string): Promise<void> {
  // Actions exist once the server has the message (nothing can be done to one still in the outbox).
  await expect(message).toHaveAttribute('data-status', 'sent');
  await message.hover();
  await message.getByTestId(testId).click();
}

/** Opens the message's menu with a right-click (as people do) and runs one item, e.g. 'recall'. */
export async function menuAction(page: Page, message: Locator, item: string): Promise<void> {
  await expect(message).toHaveAttribute('data-status', 'sent');
  await message.getByTestId('message-text').first().click({ button: 'right' });
  const menu = page.getByTestId('message-menu');
  await expect(menu).toBeVisible();
  await menu.getByTestId(`menu-${item}`).click();
  await expect(menu).toHaveCount(0);
}

/**
 * Drops files on the chat the way the OS does: dragenter (the drop zone appears), dragover, drop,
 * with a real DataTransfer holding real File objects built from the given bytes.
 */
export async function dropFiles(page: Page, files: Array<{ name: string; type: string; bytes: Buffer }>, onDragging?: () => Promise<void>): Promise<void> {
  const payload = files.map((f) => ({ name: f.name, type: f.type, base64: f.bytes.toString('base64') }));
  const transfer = await page.evaluateHandle((list) => {
    const data = new DataTransfer();
    for (const f of list) {
      const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
      data.items.add(new File([bytes], f.name, { type: f.type }));
    }
    return data;
  }, payload);
  const target = page.getByTestId('message-list');
  await target.dispatchEvent('dragenter', { dataTransfer: transfer });
  await target.dispatchEvent('dragover', { dataTransfer: transfer });
  if (onDragging) await onDragging();
  await target.dispatchEvent('drop', { dataTransfer: transfer });
  await transfer.dispose();
}

/** Pastes one file into the composer, as Ctrl+V does with an image on the clipboard. */
export async function pasteFile(page: Page, file: { name: string; type: string; bytes: Buffer }): Promise<void> {
  const composer = page.getByTestId('composer-input');
  await composer.focus();
  await composer.evaluate(
    (el, f) => {
      const data = new DataTransfer();
      const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
      data.items.add(new File([bytes], f.name, { type: f.type }));
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    },
    { name: file.name, type: file.type, base64: file.bytes.toString('base64') },
  );
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

/**
 * A real PNG (8-bit RGB), a diagonal gradient from `from` to `to`, so the picture in a screenshot
 * shows whether it was scaled and cropped correctly. Large enough that the server makes a thumbnail.
 */
export function gradientPng(width: number, height: number, from: [number, number, number], to: [number, number, number]): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) {
      const k = (x / width + y / height) / 2;
      for (let c = 0; c < 3; c++) raw[row + 1 + x * 3 + c] = Math.round(from[c]! + (to[c]! - from[c]!) * k);
    }
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** Waits until an <img> has really decoded, and returns its natural size. */
export async function decodedSize(image: Locator): Promise<{ width: number; height: number }> {
  await expect.poll(() => image.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0), { timeout: 20_000 }).toBe(true);
  return image.evaluate((el: HTMLImageElement) => ({ width: el.naturalWidth, height: el.naturalHeight }));
}

/** Scrolls the message list up (as a person does) until `message` is rendered: the list is virtualised. */
export async function scrollUpTo(page: Page, message: Locator): Promise<void> {
  const list = page.getByTestId('message-list');
  await expect
    .poll(
      async () => {
        if ((await message.count()) > 0) return true;
        await list.hover();
        await page.mouse.wheel(0, -600);
        return false;
      },
      { timeout: 20_000, intervals: [100] },
    )
    .toBe(true);
  await message.scrollIntoViewIfNeeded();
}

/**
 * Opens (or starts) the direct conversation with `person` and waits until it is the one shown:
 * when another conversation was open, its chat view is already visible, so that alone proves nothing.
 */
export async function openDirect(page: Page, person: { username: string; displayName: string }): Promise<void> {
  await openDirectWith(page, person.username);
  await expect(page.getByTestId('chat-title')).toContainText(person.displayName);
}
