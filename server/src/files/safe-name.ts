/**
 * A file name safe to show and to save on any desktop OS. The client's name is only ever a
 * display name here: bytes are stored under a random id, never under this name.
 */
const MAX_NAME_BYTES = 255;
const FALLBACK_NAME = 'file';

// Separators and the characters Windows refuses in names.
const RESERVED_CHARACTERS = /[/\\<>:"|?*]/g;
// C0 and C1 controls and DEL; bidi marks, overrides and isolates (they make "gpj.exe" read
// "exe.jpg"); zero-width space, word joiner and BOM (invisible, they make two names look the
// same). The zero-width (non-)joiners stay: emoji sequences and Persian and Indic text need them.
const INVISIBLE_OR_CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
// CON, PRN, AUX, NUL, COM1-9, LPT1-9 (also with superscript digits), with or without an
// extension: Windows opens the device instead of the file.
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(\..*)?$/i;

export function safeFileName(input: string): string {
  let name = input.normalize('NFC').replace(INVISIBLE_OR_CONTROL, '').replace(RESERVED_CHARACTERS, '_');
  // Windows drops trailing dots and spaces, which turns "a.exe." into "a.exe"; leading spaces
  // and dots hide files or walk up ("..").
  name = name.replace(/^[\s.]+/, '').replace(/[\s.]+$/, '').replace(/\s+/g, ' ');
  if (WINDOWS_DEVICE.test(name)) name = `_${name}`;
  name = truncateUtf8(name, MAX_NAME_BYTES);
  return name === '' ? FALLBACK_NAME : name;
}

/** The extension in lower case without the dot ('' for none). */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/**
 * Cuts to at most `maxBytes` of UTF-8 without splitting a character, keeping the extension
 * (when it is short) so the file still opens with the right program.
 */
function truncateUtf8(name: string, maxBytes: number): string {
  if (Buffer.byteLength(name) <= maxBytes) return name;
  const ext = extensionOf(name);
  const suffix = ext && Buffer.byteLength(ext) <= 16 ? name.slice(name.length - ext.length - 1) : '';
  const stem = suffix ? name.slice(0, name.length - suffix.length) : name;
  const budget = maxBytes - Buffer.byteLength(suffix);
  let kept = '';
  let bytes = 0;
  // Whole grapheme clusters, so an emoji or a combining accent is never cut in half.
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(stem)) {
    const size = Buffer.byteLength(segment);
    if (bytes + size > budget) break;
    kept += segment;
    bytes += size;
  }
  return (kept.replace(/[\s.]+$/, '') || FALLBACK_NAME) + suffix;
}
