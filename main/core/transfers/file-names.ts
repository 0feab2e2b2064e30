import { promises as fs } from 'node:fs';
import path from 'node:path';

const MAX_NAME_BYTES = 255;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/**
 * A name safe to create on Windows, macOS and Linux: no folders, no control characters, none of
 * the characters Windows refuses, no trailing dots or spaces, at most 255 UTF-8 bytes with the
 * extension kept. Names come from other people's messages, so they are never trusted as paths.
 */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  let safe = base
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_')
    .replace(/[. ]+$/, '')
    .trim();
  if (safe === '' || safe === '.' || safe === '..') safe = 'file';
  if (WINDOWS_RESERVED.test(safe)) safe = `_${safe}`;
  return truncateKeepingExtension(safe, MAX_NAME_BYTES);
}

function truncateKeepingExtension(name: string, maxBytes: number): string {
  if (Buffer.byteLength(name) <= maxBytes) return name;
  const { name: stem, ext } = path.parse(name);
  const keptExt = Buffer.byteLength(ext) <= 32 ? ext : '';
  let out = '';
  for (const char of stem) {
    if (Buffer.byteLength(out + char + keptExt) > maxBytes) break;
    out += char;
  }
  return out + keptExt;
}

/** "report.pdf", then "report (1).pdf", "report (2).pdf", … */
export function numberedName(name: string, n: number): string {
  if (n === 0) return name;
  const { name: stem, ext } = path.parse(name);
  return truncateKeepingExtension(`${stem} (${n})`, MAX_NAME_BYTES - Buffer.byteLength(ext)) + ext;
}

/**
 * Moves `source` to `dir/name`, or the first numbered name free there, never replacing a file
 * that exists (the check and the move are one atomic `link`, so two downloads of the same name
 * cannot both take it). Returns the final path.
 */
export async function placeWithoutOverwrite(source: string, dir: string, name: string): Promise<string> {
  for (let n = 0; n < 10_000; n++) {
    const target = path.join(dir, numberedName(name, n));
    try {
      await fs.link(source, target);
      await fs.rm(source, { force: true });
      return target;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue;
      // File systems without hard links (FAT, some network shares): an exclusive copy instead.
      if (code === 'EPERM' || code === 'EXDEV' || code === 'ENOTSUP' || code === 'EOPNOTSUPP') {
        try {
          await fs.copyFile(source, target, fs.constants.COPYFILE_EXCL);
        } catch (copyError) {
          if ((copyError as NodeJS.ErrnoException).code === 'EEXIST') continue;
          throw copyError;
        }
        await fs.rm(source, { force: true });
        return target;
      }
      throw error;
    }
  }
  throw new Error('No free file name');
}
