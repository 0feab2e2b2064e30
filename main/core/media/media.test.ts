import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFileServer, type FileServer } from '../testing/file-server';
import { MediaCache } from './media-cache';
import { MediaServer } from './media-server';
import { parseRange } from './range';

let server: FileServer;
beforeEach(async () => {
  server = await startFileServer();
});
afterEach(async () => {
  await server.close();
});

async function read(body: Readable | null): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of body ?? []) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

function setup(budgetBytes = 1_000_000) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'magpie-media-'));
  let now = 1_000;
  const cache = new MediaCache({ dir: () => dir, credentials: () => server.credentials(), budgetBytes, now: () => (now += 1_000) });
  const media = new MediaServer(cache, '/media/', () => 'u1');
  const target = (url: string) => url.slice('/media/'.length);
  return { dir, cache, media, target };
}

describe('media', () => {
  it('serves a signed URL from the cache, fetching once, with Range for audio and video', async () => {
    const bytes = randomBytes(5_000);
    const info = server.add(bytes, 'voice.ogg', 'audio/ogg');
    const { media, target } = setup();
    const url = media.url(info.id, 'original')!;

    const whole = await media.serve({ method: 'GET', target: target(url), range: undefined });
    expect(whole.status).toBe(200);
    expect(whole.headers).toMatchObject({ 'Content-Type': 'audio/ogg', 'Accept-Ranges': 'bytes', 'Content-Length': '5000' });
    expect((await read(whole.body)).equals(bytes)).toBe(true);

    const part = await media.serve({ method: 'GET', target: target(url), range: 'bytes=1000-1999' });
    expect(part.status).toBe(206);
    expect(part.headers['Content-Range']).toBe('bytes 1000-1999/5000');
    expect((await read(part.body)).equals(bytes.subarray(1000, 2000))).toBe(true);

    const past = await media.serve({ method: 'GET', target: target(url), range: 'bytes=6000-' });
    expect(past.status).toBe(416);
    expect(server.requests.filter((request) => request.url === `/files/${info.id}`)).toHaveLength(1);
  });

  it('refuses URLs it did not sign, and another account’s', async () => {
    const info = server.add(randomBytes(10), 'a.png', 'image/png');
    const { cache, media, target } = setup();
    const url = media.url(info.id, 'original')!;
    expect((await media.serve({ method: 'GET', target: target(url).replace(/sig=.*/, 'sig=forged'), range: undefined })).status).toBe(403);
    expect((await media.serve({ method: 'GET', target: target(url).replace('original', 'thumbnail'), range: undefined })).status).toBe(403);
    const other = new MediaServer(cache, '/media/', () => 'u2');
    expect((await other.serve({ method: 'GET', target: target(url), range: undefined })).status).toBe(403);
    expect(server.requests).toHaveLength(0);
  });

  it('answers 404 for a missing thumbnail and refuses bytes that are not the file', async () => {
    const info = server.add(randomBytes(100), 'a.bin', 'application/octet-stream');
    const { media, target } = setup();
    expect((await media.serve({ method: 'GET', target: target(media.url(info.id, 'thumbnail')!), range: undefined })).status).toBe(404);
    server.faults.corrupt = true;
    expect((await media.serve({ method: 'GET', target: target(media.url(info.id, 'original')!), range: undefined })).status).toBe(502);
  });

  it('evicts the least recently used media first when over its budget', async () => {
    const [a, b, c] = ['a', 'b', 'c'].map((name) => server.add(randomBytes(400), `${name}.png`, 'image/png'));
    const { dir, cache } = setup(1_000);
    await cache.get(a!.id, 'original');
    await cache.get(b!.id, 'original');
    await cache.get(a!.id, 'original'); // a is used again: b is now the oldest
    await cache.get(c!.id, 'original');
    expect(existsSync(path.join(dir, `${a!.id}.original`))).toBe(true);
    expect(existsSync(path.join(dir, `${b!.id}.original`))).toBe(false);
    expect(existsSync(path.join(dir, `${c!.id}.original`))).toBe(true);
    expect(await cache.usage()).toBe(800);

    // A new instance (an app restart) finds the same files and their order.
    const again = new MediaCache({ dir: () => dir, credentials: () => server.credentials(), budgetBytes: 1_000 });
    expect(await again.usage()).toBe(800);
  });
});

describe('Range headers', () => {
  it('are read as one range, or ignored when there are several or they make no sense', () => {
    expect(parseRange(undefined, 100)).toBeNull();
    expect(parseRange('bytes=0-9', 100)).toEqual({ start: 0, end: 9 });
    expect(parseRange('bytes=90-', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=50-500', 100)).toEqual({ start: 50, end: 99 });
    expect(parseRange('bytes=100-', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-1,5-6', 100)).toBeNull();
    expect(parseRange('bytes=9-1', 100)).toBeNull();
    expect(parseRange('items=0-1', 100)).toBeNull();
  });
});
