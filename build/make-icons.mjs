// Draws Magpie's app icon (a white speech bubble with three blue "typing" dots on a deep-navy
// rounded square) and writes every format electron-builder wants, so packaging never has to
// download its icon converter: icon.png (Linux, 512), icon.ico (Windows, PNG-in-ICO 256) and
// icon.icns (macOS, PNG-in-ICNS 512 + 1024). Run: node build/make-icons.mjs
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Coverage of one point, in [0, 1] of the shape's opacity: 1 inside, 0 outside. */
function shade(x, y) {
  // x, y in [0, 1]. Background: rounded square with a soft vertical gradient.
  const inset = 0.04;
  const radius = 0.2;
  const qx = Math.max(Math.abs(x - 0.5) - (0.5 - inset - radius), 0);
  const qy = Math.max(Math.abs(y - 0.5) - (0.5 - inset - radius), 0);
  if (Math.hypot(qx, qy) > radius) return [0, 0, 0, 0];
  let color = mix([0x24, 0x31, 0x52], [0x0e, 0x15, 0x26], y);
  // The bubble: an ellipse with a tail at its lower left.
  const bx = (x - 0.5) / 0.33;
  const by = (y - 0.47) / 0.25;
  const inTail = y > 0.6 && y < 0.8 && x > 0.27 && x < 0.42 && x - 0.27 < (0.8 - y) * 0.75;
  if (bx * bx + by * by <= 1 || inTail) {
    color = [0xff, 0xff, 0xff];
    for (const dx of [0.36, 0.5, 0.64]) {
      if (Math.hypot(x - dx, y - 0.47) < 0.045) color = [0x2f, 0x7d, 0xf6];
    }
  }
  return [...color, 255];
}

function mix(a, b, t) {
  return a.map((value, i) => Math.round(value + (b[i] - value) * t));
}

function render(size) {
  const samples = 4;
  const rows = [];
  for (let py = 0; py < size; py++) {
    const row = Buffer.alloc(1 + size * 4); // filter byte 0, then RGBA
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const [r, g, b, a] = shade((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size);
          sum[0] += r * a; sum[1] += g * a; sum[2] += b * a; sum[3] += a;
        }
      }
      const alpha = sum[3] / (samples * samples);
      const o = 1 + px * 4;
      row[o] = sum[3] ? Math.round(sum[0] / sum[3]) : 0;
      row[o + 1] = sum[3] ? Math.round(sum[1] / sum[3]) : 0;
      row[o + 2] = sum[3] ? Math.round(sum[2] / sum[3]) : 0;
      row[o + 3] = Math.round(alpha);
    }
    rows.push(row);
  }
  return png(size, Buffer.concat(rows));
}

function png(size, raw) {
  const chunk = (type, data) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function ico(png256) {
  const header = Buffer.alloc(6 + 16);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(1, 4); // one image
  header[6] = 0; // width 256 is written as 0
  header[7] = 0;
  header.writeUInt16LE(1, 10); // colour planes
  header.writeUInt16LE(32, 12); // bits per pixel
  header.writeUInt32LE(png256.length, 14);
  header.writeUInt32LE(6 + 16, 18);
  return Buffer.concat([header, png256]);
}

function icns(entries) {
  const parts = entries.map(([type, data]) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(data.length + 8, 4);
    return Buffer.concat([head, data]);
  });
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

const png256 = render(256);
const png512 = render(512);
const png1024 = render(1024);
writeFileSync(path.join(here, 'icon.png'), png512);
writeFileSync(path.join(here, 'icon.ico'), ico(png256));
writeFileSync(path.join(here, 'icon.icns'), icns([['ic08', png256], ['ic09', png512], ['ic10', png1024]]));
console.log('Wrote build/icon.png, build/icon.ico, build/icon.icns');
