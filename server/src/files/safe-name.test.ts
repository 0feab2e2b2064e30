import { describe, expect, it } from 'vitest';
import { safeFileName } from './safe-name';

describe('safe file names', () => {
  it('keeps ordinary names, Chinese included', () => {
    expect(safeFileName('report.pdf')).toBe('report.pdf');
    expect(safeFileName('季度报告 2026.xlsx')).toBe('季度报告 2026.xlsx');
  });

  it('never lets a name walk out of a directory', () => {
    for (const attempt of ['../../etc/passwd', '..\\..\\Windows\\system32\\drivers', '/etc/shadow', 'C:\\boot.ini', '..', '.', '%2e%2e/x']) {
      const name = safeFileName(attempt);
      expect(name).not.toMatch(/[/\\:]/);
      expect(name.startsWith('.')).toBe(false);
      expect(name).not.toBe('');
    }
    expect(safeFileName('../../etc/passwd')).toBe('_.._etc_passwd');
    expect(safeFileName('..')).toBe('file');
  });

  it('drops control, bidi and zero-width characters and replaces reserved ones', () => {
    expect(safeFileName('a\u0000b\nc\u007f.txt')).toBe('abc.txt');
    // U+202E would make "invoice‮fdp.exe" display as "invoiceexe.pdf"
    expect(safeFileName('invoice\u202efdp.exe')).toBe('invoicefdp.exe');
    expect(safeFileName('a\u200bb.txt')).toBe('ab.txt');
    expect(safeFileName('what?<>|*".txt')).toBe('what______.txt');
  });

  it('renames Windows device names and trims trailing dots and spaces', () => {
    expect(safeFileName('CON')).toBe('_CON');
    expect(safeFileName('nul.txt')).toBe('_nul.txt');
    expect(safeFileName('com1.log')).toBe('_com1.log');
    expect(safeFileName('console.txt')).toBe('console.txt');
    expect(safeFileName('setup.exe. . ')).toBe('setup.exe');
  });

  it('cuts to 255 UTF-8 bytes on a character boundary, keeping the extension', () => {
    const long = `${'报'.repeat(200)}.docx`;
    const name = safeFileName(long);
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
    expect(name.endsWith('.docx')).toBe(true);
    expect(name).toBe(`${'报'.repeat(83)}.docx`);
    const emoji = safeFileName('👩‍👩‍👧‍👦'.repeat(20));
    expect(Buffer.byteLength(emoji)).toBeLessThanOrEqual(255);
    expect(emoji.length % '👩‍👩‍👧‍👦'.length).toBe(0); // whole families only
  });

  it('gives nameless files a name', () => {
    expect(safeFileName('')).toBe('file');
    expect(safeFileName('\u0000\u0001')).toBe('file');
  });
});
