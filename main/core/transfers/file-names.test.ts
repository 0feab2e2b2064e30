import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { numberedName, placeWithoutOverwrite, safeFileName } from './file-names';

describe('file names from other people', () => {
  it('never carry folders, control characters or characters Windows refuses', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('C:\\Users\\x\\报告.pdf')).toBe('报告.pdf');
    expect(safeFileName('a\u0000b<c>:"|?*.txt')).toBe('a_b_c______.txt');
    expect(safeFileName('trailing. . ')).toBe('trailing');
    expect(safeFileName('..')).toBe('file');
    expect(safeFileName('CON.txt')).toBe('_CON.txt');
  });

  it('fit in 255 UTF-8 bytes and keep their extension', () => {
    const long = `${'文'.repeat(200)}.docx`;
    const safe = safeFileName(long);
    expect(Buffer.byteLength(safe)).toBeLessThanOrEqual(255);
    expect(safe.endsWith('.docx')).toBe(true);
  });

  it('are numbered "name (1).ext" when taken', () => {
    expect(numberedName('report.pdf', 0)).toBe('report.pdf');
    expect(numberedName('report.pdf', 2)).toBe('report (2).pdf');
    expect(numberedName('archive', 1)).toBe('archive (1)');
  });

  it('are placed without replacing an existing file', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'magpie-names-'));
    writeFileSync(path.join(dir, 'photo.png'), 'old');
    writeFileSync(path.join(dir, 'a.part'), 'new');
    const placed = await placeWithoutOverwrite(path.join(dir, 'a.part'), dir, 'photo.png');
    expect(path.basename(placed)).toBe('photo (1).png');
    expect(readFileSync(path.join(dir, 'photo.png'), 'utf8')).toBe('old');
    expect(readFileSync(placed, 'utf8')).toBe('new');
    expect(readdirSync(dir).sort()).toEqual(['photo (1).png', 'photo.png']);
  });
});
