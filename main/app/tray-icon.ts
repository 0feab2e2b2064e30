/**
 * The tray icon, drawn in code as an RGBA bitmap: Magpie's speech bubble on its navy square and,
 * when there is something unread, a red badge with the count. No native canvas, no image files
 * to ship: a few thousand pixels are cheap to compute, and the badge needs only ten digits and a
 * plus, drawn from a 3×5 pixel font scaled up.
 */

export interface RgbaBitmap {
  width: number;
  height: number;
  /** width × height × 4 bytes: red, green, blue, alpha (straight, not premultiplied). */
  rgba: Uint8Array;
}

export const TRAY_ICON_SIZE = 32;

/** 3×5 glyphs, one row per string, `#` lit. */
export const BADGE_FONT: Record<string, readonly string[]> = {
  '0': ['###', '#.#', '#.#', '#.#', '###'],
  '1': ['.#.', '##.', '.#.', '.#.', '###'],
  '2': ['###', '..#', '###', '#..', '###'],
  '3': ['###', '..#', '###', '..#', '###'],
  '4': ['#.#', '#.#', '###', '..#', '..#'],
  '5': ['###', '#..', '###', '..#', '###'],
  '6': ['###', '#..', '###', '#.#', '###'],
  '7': ['###', '..#', '..#', '..#', '..#'],
  '8': ['###', '#.#', '###', '#.#', '###'],
  '9': ['###', '#.#', '###', '..#', '###'],
  '+': ['...', '.#.', '###', '.#.', '...'],
};
const GLYPH_W = 3;
const GLYPH_H = 5;

export const BADGE_RED = [0xe5, 0x39, 0x35] as const;
export const BADGE_WHITE = [0xff, 0xff, 0xff] as const;

/** What the badge says: nothing for 0, the number up to 99, then "99+". */
export function badgeLabel(count: number): string {
  if (!Number.isFinite(count) || count <= 0) return '';
  return count > 99 ? '99+' : String(Math.floor(count));
}

export function renderTrayIcon(count: number, size = TRAY_ICON_SIZE): RgbaBitmap {
  const bitmap: RgbaBitmap = { width: size, height: size, rgba: new Uint8Array(size * size * 4) };
  drawLogo(bitmap);
  const label = badgeLabel(count);
  if (label) drawBadge(bitmap, label);
  return bitmap;
}

/** Where the badge's digits sit: each glyph cell is `scale` pixels square. */
export function badgeLayout(label: string, size: number) {
  const scale = Math.max(1, Math.floor(size / 16));
  const gap = scale;
  const textW = label.length * GLYPH_W * scale + (label.length - 1) * gap;
  const textH = GLYPH_H * scale;
  const padX = 2 * scale;
  const padY = Math.ceil(1.5 * scale);
  const height = textH + 2 * padY;
  const width = Math.max(height, textW + 2 * padX);
  const left = size - width;
  return { scale, gap, left, top: 0, width, height, textX: left + Math.floor((width - textW) / 2), textY: padY };
}

function drawBadge(bitmap: RgbaBitmap, label: string): void {
  const layout = badgeLayout(label, bitmap.width);
  const radius = layout.height / 2;
  // A pill: a rectangle with half-circle ends, anti-aliased by 4×4 sampling at its edge.
  for (let y = layout.top; y < layout.top + layout.height; y++) {
    for (let x = layout.left; x < layout.left + layout.width; x++) {
      let covered = 0;
      for (let sy = 0; sy < 4; sy++) {
        for (let sx = 0; sx < 4; sx++) {
          const px = x + (sx + 0.5) / 4 - layout.left;
          const py = y + (sy + 0.5) / 4 - layout.top;
          const cx = Math.min(Math.max(px, radius), layout.width - radius);
          if (Math.hypot(px - cx, py - radius) <= radius) covered += 1;
        }
      }
      if (covered > 0) blend(bitmap, x, y, BADGE_RED, covered / 16);
    }
  }
  [...label].forEach((char, index) => {
    const glyph = BADGE_FONT[char];
    if (!glyph) return;
    const originX = layout.textX + index * (GLYPH_W * layout.scale + layout.gap);
    for (let row = 0; row < GLYPH_H; row++) {
      for (let column = 0; column < GLYPH_W; column++) {
        if (glyph[row]![column] !== '#') continue;
        for (let dy = 0; dy < layout.scale; dy++) {
          for (let dx = 0; dx < layout.scale; dx++) {
            setPixel(bitmap, originX + column * layout.scale + dx, layout.textY + row * layout.scale + dy, BADGE_WHITE, 255);
          }
        }
      }
    }
  });
}

/** The app icon's design (build/make-icons.mjs), simplified for 16-32 pixels. */
function drawLogo(bitmap: RgbaBitmap): void {
  const { width: size } = bitmap;
  const samples = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const shade = logoShade((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size);
          if (!shade) continue;
          r += shade[0];
          g += shade[1];
          b += shade[2];
          a += 1;
        }
      }
      if (a > 0) setPixel(bitmap, px, py, [r / a, g / a, b / a], (255 * a) / (samples * samples));
    }
  }
}

function logoShade(x: number, y: number): readonly [number, number, number] | null {
  const inset = 0.03;
  const radius = 0.22;
  const qx = Math.max(Math.abs(x - 0.5) - (0.5 - inset - radius), 0);
  const qy = Math.max(Math.abs(y - 0.5) - (0.5 - inset - radius), 0);
  if (Math.hypot(qx, qy) > radius) return null;
  const bx = (x - 0.5) / 0.36;
  const by = (y - 0.47) / 0.28;
  const inTail = y > 0.6 && y < 0.82 && x > 0.25 && x < 0.42 && x - 0.25 < (0.82 - y) * 0.75;
  if (bx * bx + by * by <= 1 || inTail) {
    for (const dx of [0.34, 0.5, 0.66]) if (Math.hypot(x - dx, y - 0.47) < 0.06) return [0x2f, 0x7d, 0xf6];
    return [0xff, 0xff, 0xff];
  }
  return [0x1c + (0x0e - 0x1c) * y, 0x27 + (0x15 - 0x27) * y, 0x42 + (0x26 - 0x42) * y];
}

function setPixel(bitmap: RgbaBitmap, x: number, y: number, rgb: readonly number[], alpha: number): void {
  if (x < 0 || y < 0 || x >= bitmap.width || y >= bitmap.height) return;
  const o = (y * bitmap.width + x) * 4;
  bitmap.rgba[o] = Math.round(rgb[0]!);
  bitmap.rgba[o + 1] = Math.round(rgb[1]!);
  bitmap.rgba[o + 2] = Math.round(rgb[2]!);
  bitmap.rgba[o + 3] = Math.round(alpha);
}

/** Paints `rgb` at `coverage` over what is there ("over" compositing with straight alpha). */
function blend(bitmap: RgbaBitmap, x: number, y: number, rgb: readonly number[], coverage: number): void {
  const o = (y * bitmap.width + x) * 4;
  const below = bitmap.rgba[o + 3]! / 255;
  const alpha = coverage + below * (1 - coverage);
  if (alpha === 0) return;
  const mix = (i: number) => (rgb[i]! * coverage + bitmap.rgba[o + i]! * below * (1 - coverage)) / alpha;
  setPixel(bitmap, x, y, [mix(0), mix(1), mix(2)], alpha * 255);
}

/**
 * Electron's `nativeImage.createFromBitmap` takes Skia's native pixel order, which is BGRA on
 * every platform Electron ships for (all little-endian).
 */
export function toNativePixelOrder(bitmap: RgbaBitmap): Buffer {
  const out = Buffer.alloc(bitmap.rgba.length);
  for (let o = 0; o < bitmap.rgba.length; o += 4) {
    out[o] = bitmap.rgba[o + 2]!;
    out[o + 1] = bitmap.rgba[o + 1]!;
    out[o + 2] = bitmap.rgba[o]!;
    out[o + 3] = bitmap.rgba[o + 3]!;
  }
  return out;
}
