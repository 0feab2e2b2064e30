import { readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { FilesDirectory } from './files-directory';

/**
 * Deletes uploads created more than `expiryMs` ago: abandoned ones, and the tus copies of
 * finished ones (their bytes live on as a hard-linked blob). Every node sweeps the shared
 * directory; a file another node already removed is simply gone. Returns how many went.
 */
export async function sweepExpiredUploads(dir: FilesDirectory, expiryMs: number, now = Date.now()): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir.uploads);
  } catch {
    return 0;
  }
  const present = new Set(names);
  let removed = 0;
  for (const name of names) {
    const file = path.join(dir.uploads, name);
    let createdAt: number;
    if (name.endsWith('.json')) {
      createdAt = await creationOf(file);
    } else if (present.has(`${name}.json`)) {
      continue; // judged through its info file
    } else {
      // Bytes whose info file is gone (a crash between the two deletes): judged by age.
      createdAt = await stat(file).then((s) => s.mtimeMs, () => Number.NaN);
    }
    if (!(createdAt + expiryMs < now)) continue;
    const bytes = name.endsWith('.json') ? file.slice(0, -'.json'.length) : file;
    await Promise.all([rm(bytes, { force: true }), rm(`${bytes}.json`, { force: true })]);
    removed += 1;
  }
  return removed;
}

async function creationOf(infoFile: string): Promise<number> {
  try {
    const info = JSON.parse(await readFile(infoFile, 'utf8')) as { creation_date?: string };
    return info.creation_date ? Date.parse(info.creation_date) : Number.NaN;
  } catch {
    // Unreadable or half-written: judge it by its age on disk instead.
    return stat(infoFile).then((s) => s.mtimeMs, () => Number.NaN);
  }
}

/** Sweeps at start and then a few times per expiry period (at most hourly). */
export function scheduleUploadExpiry(dir: FilesDirectory, expiryMs: number, log: FastifyBaseLogger): { stop(): void } {
  const everyMs = Math.min(Math.max(expiryMs / 4, 50), 60 * 60 * 1000);
  let running = false;
  const sweep = () => {
    if (running) return;
    running = true;
    sweepExpiredUploads(dir, expiryMs)
      .then((removed) => removed > 0 && log.info({ removed }, 'expired uploads deleted'))
      .catch((error: unknown) => log.warn({ err: error }, 'sweeping expired uploads failed'))
      .finally(() => { running = false; });
  };
  sweep();
  const timer = setInterval(sweep, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
