import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { STAGE_CHUNK_BYTES } from '../../../shared/ipc';
import { StagingArea } from './staging';

const dir = () => mkdtempSync(path.join(os.tmpdir(), 'magpie-staging-'));
const b64 = (text: string) => Buffer.from(text).toString('base64');
const chunk = (stagingId: string | undefined, offset: number, text: string, last: boolean, size = 11) => ({
  stagingId,
  name: 'notes.txt',
  contentType: 'text/plain',
  size,
  offset,
  chunkBase64: b64(text),
  last,
});

async function rejection(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; details?: Record<string, unknown> };
  }
  throw new Error('expected a rejection');
}

describe('the staging area', () => {
  it('assembles chunks sent in order into the file, and hands it out once complete', async () => {
    const folder = dir();
    const staging = new StagingArea(() => folder);
    const { stagingId } = await staging.stage(chunk(undefined, 0, 'hello ', false));
    await expect(staging.get(stagingId)).rejects.toMatchObject({ code: 'validation.invalid' });
    await staging.stage(chunk(stagingId, 6, 'world', true));
    const staged = await staging.get(stagingId);
    expect(readFileSync(staged.path, 'utf8')).toBe('hello world');
    expect(staged).toMatchObject({ name: 'notes.txt', contentType: 'text/plain', size: 11, complete: true });
  });

  it('refuses a chunk at the wrong offset and says which offset it expects, keeping what it has', async () => {
    const folder = dir();
    const staging = new StagingArea(() => folder);
    const { stagingId } = await staging.stage(chunk(undefined, 0, 'hello ', false));
    const error = await rejection(staging.stage(chunk(stagingId, 3, 'world', true)));
    expect(error).toMatchObject({ code: 'validation.invalid', details: { expectedOffset: 6 } });
    await staging.stage(chunk(stagingId, 6, 'world', true));
    expect(readFileSync((await staging.get(stagingId)).path, 'utf8')).toBe('hello world');
  });

  it('refuses a new staging that does not start at 0, a last chunk short of the size, and more bytes than declared', async () => {
    const folder = dir();
    const staging = new StagingArea(() => folder);
    expect(await rejection(staging.stage(chunk(undefined, 5, 'x', false)))).toMatchObject({ code: 'validation.invalid' });
    const { stagingId } = await staging.stage(chunk(undefined, 0, 'hello', false));
    expect(await rejection(staging.stage(chunk(stagingId, 5, ' w', true)))).toMatchObject({ code: 'validation.invalid', details: { expectedSize: 11 } });
    expect(await rejection(staging.stage(chunk(stagingId, 5, ' world!!', false)))).toMatchObject({ code: 'validation.invalid' });
  });

  it('refuses files over the upload limit before taking a byte', async () => {
    const folder = dir();
    const staging = new StagingArea(() => folder, Date.now, 10);
    expect(await rejection(staging.stage(chunk(undefined, 0, 'hello world', true)))).toMatchObject({ code: 'file.too_large', details: { maxBytes: 10 } });
  });

  it('refuses chunks larger than STAGE_CHUNK_BYTES', async () => {
    const folder = dir();
    const staging = new StagingArea(() => folder);
    const big = Buffer.alloc(STAGE_CHUNK_BYTES + 1).toString('base64');
    const error = await rejection(staging.stage({ ...chunk(undefined, 0, '', false, STAGE_CHUNK_BYTES + 1), chunkBase64: big }));
    expect(error).toMatchObject({ code: 'validation.invalid' });
  });

  it('answers transfer.not_found for unknown staging ids', async () => {
    const folder = dir();
    const staging = new StagingArea(() => folder);
    expect(await rejection(staging.stage(chunk('nope', 0, 'x', false)))).toMatchObject({ code: 'transfer.not_found' });
    expect(await rejection(staging.get('nope'))).toMatchObject({ code: 'transfer.not_found' });
  });

  it('keeps staged files across a restart and sweeps only abandoned incomplete ones', async () => {
    const folder = dir();
    let now = 1_000;
    const first = new StagingArea(() => folder, () => now);
    const done = await first.stage(chunk(undefined, 0, 'hello world', true));
    const abandoned = await first.stage(chunk(undefined, 0, 'hel', false));
    now += 25 * 60 * 60 * 1000;
    const second = new StagingArea(() => folder, () => now);
    await second.sweep();
    expect(readFileSync((await second.get(done.stagingId)).path, 'utf8')).toBe('hello world');
    expect(await rejection(second.get(abandoned.stagingId, { complete: false }))).toMatchObject({ code: 'transfer.not_found' });
  });
});
