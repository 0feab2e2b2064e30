import { describe, expect, it } from 'vitest';
import { BADGE_FONT, BADGE_RED, badgeLabel, badgeLayout, renderTrayIcon, toNativePixelOrder, type RgbaBitmap } from './tray-icon';

const pixel = (bitmap: RgbaBitmap, x: number, y: number) => [...bitmap.rgba.slice((y * bitmap.width + x) * 4, (y * bitmap.width + x) * 4 + 4)];
const isWhite = (p: number[]) => p[0] === 255 && p[1] === 255 && p[2] === 255 && p[3] === 255;
const isRed = (p: number[]) => p[0] === BADGE_RED[0] && p[1] === BADGE_RED[1] && p[2] === BADGE_RED[2] && p[3] === 255;

/** Reads the badge back out of the pixels, cell by cell, against the font: what a person would see. */
function readBadge(bitmap: RgbaBitmap, length: number): string {
  const label = '8'.repeat(length);
  const layout = badgeLayout(label, bitmap.width);
  let text = '';
  for (let index = 0; index < length; index++) {
    const originX = layout.textX + index * (3 * layout.scale + layout.gap);
    const rows: string[] = [];
    for (let row = 0; row < 5; row++) {
      let line = '';
      for (let column = 0; column < 3; column++) {
        const cell = pixel(bitmap, originX + column * layout.scale, layout.textY + row * layout.scale);
        if (isWhite(cell)) line += '#';
        else if (isRed(cell)) line += '.';
        else line += '?';
      }
      rows.push(line);
    }
    const match = Object.entries(BADGE_FONT).find(([, glyph]) => glyph.join('/') === rows.join('/'));
    text += match ? match[0] : `[${rows.join('/')}]`;
  }
  return text;
}

function redPixels(bitmap: RgbaBitmap): number {
  let count = 0;
  for (let y = 0; y < bitmap.height; y++) for (let x = 0; x < bitmap.width; x++) if (isRed(pixel(bitmap, x, y))) count++;
  return count;
}

describe('the tray icon bitmap', () => {
  it('is a 32×32 RGBA image of the logo with transparent corners', () => {
    const icon = renderTrayIcon(0);
    expect(icon.width).toBe(32);
    expect(icon.rgba.length).toBe(32 * 32 * 4);
    expect(pixel(icon, 0, 0)[3]).toBe(0);
    expect(pixel(icon, 16, 2)[3]).toBe(255);
    expect(isWhite(pixel(icon, 8, 15))).toBe(true); // the bubble
    expect(redPixels(icon)).toBe(0);
  });

  it.each([
    [1, '1'],
    [7, '7'],
    [10, '10'],
    [42, '42'],
    [99, '99'],
    [100, '99+'],
    [12_345, '99+'],
  ])('draws %i unread as "%s" in a red badge', (count, expected) => {
    expect(badgeLabel(count)).toBe(expected);
    const icon = renderTrayIcon(count);
    expect(readBadge(icon, expected.length)).toBe(expected);
    expect(redPixels(icon)).toBeGreaterThan(20);
  });

  it('the badge stays inside the icon and leaves the rest of the logo as it was', () => {
    const plain = renderTrayIcon(0);
    for (const count of [5, 55, 555]) {
      const label = badgeLabel(count);
      const layout = badgeLayout(label, 32);
      expect(layout.left).toBeGreaterThanOrEqual(0);
      expect(layout.top + layout.height).toBeLessThanOrEqual(32);
      const icon = renderTrayIcon(count);
      for (let y = 0; y < 32; y++) {
        for (let x = 0; x < 32; x++) {
          const inBadge = x >= layout.left && y < layout.top + layout.height;
          if (!inBadge) expect(pixel(icon, x, y)).toEqual(pixel(plain, x, y));
        }
      }
    }
  });

  it('scales with the icon size (16 px and 64 px read the same)', () => {
    expect(readBadge(renderTrayIcon(3, 16), 1)).toBe('3');
    expect(readBadge(renderTrayIcon(86, 64), 2)).toBe('86');
  });

  it('no count, a negative or a nonsense count draws no badge', () => {
    for (const count of [0, -4, Number.NaN]) expect(redPixels(renderTrayIcon(count))).toBe(0);
  });

  it('is handed to Electron in BGRA order', () => {
    const bitmap: RgbaBitmap = { width: 1, height: 2, rgba: Uint8Array.from([1, 2, 3, 4, 10, 20, 30, 40]) };
    expect([...toNativePixelOrder(bitmap)]).toEqual([3, 2, 1, 4, 30, 20, 10, 40]);
  });
});
