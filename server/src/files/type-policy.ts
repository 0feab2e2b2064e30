import { MagpieError } from '../../../shared/errors';
import { extensionOf } from './safe-name';

/**
 * Which files the server accepts, and the content type it records. The type comes from the
 * bytes (`file-type`) whenever the format has a signature; the sender's declared type is used
 * only for formats that have none (text), and only from a fixed list.
 *
 * Accepted:
 * - detected image/*, audio/*, video/*, font/*, model/* and text/* formats;
 * - detected application/* formats in DOCUMENT_TYPES (PDF, office documents, archives, e-books,
 *   data files);
 * - undetected bytes that are UTF-8 text: the declared type when it is text/* or in
 *   TEXT_APPLICATION_TYPES, else text/plain (text/html and JavaScript become text/plain: they are
 *   active content if anything ever rendered them);
 * - undetected bytes that are not text: recorded as application/octet-stream.
 * Refused (`file.type_not_allowed`): every other detected format — programs (PE, ELF, Mach-O,
 * Java, WebAssembly), installers and packages (MSI by name, deb, rpm, apk, dmg, browser
 * extensions), shortcuts and registry files — and any name ending in an extension that Windows or
 * macOS runs on double-click (EXECUTABLE_EXTENSIONS), whatever its bytes, since the receiver's OS
 * goes by the name.
 */
const ALLOWED_FAMILIES = ['image/', 'audio/', 'video/', 'font/', 'model/', 'text/'];

const DOCUMENT_TYPES = new Set([
  'application/pdf', 'application/rtf', 'application/postscript', 'application/eps',
  'application/epub+zip', 'application/x-mobipocket-ebook',
  'application/zip', 'application/x-tar', 'application/gzip', 'application/x-bzip2', 'application/x-7z-compressed',
  'application/x-rar-compressed', 'application/x-xz', 'application/zstd', 'application/x-lzip', 'application/x-lz4',
  'application/x-compress', 'application/x-lzh-compressed', 'application/x-cpio',
  // Compound File Binary: legacy Word/Excel/PowerPoint/Outlook/Visio (MSI too: refused by name).
  'application/x-cfb', 'application/vnd.ms-outlook', 'application/vnd.visio',
  'application/xml', 'application/ogg', 'application/x-sqlite3', 'application/vnd.apache.arrow.file',
  'application/vnd.apache.parquet', 'application/avro', 'application/dicom', 'application/x-indesign',
  'application/x-blender', 'application/vnd.sketchup.skp', 'application/vnd.tcpdump.pcap',
  'application/pgp-encrypted', 'application/x-spss-sav', 'application/mxf', 'application/vnd.ms-fontobject',
  'application/x-esri-shape', 'application/vnd.iccprofile', 'application/x.autodesk.fbx', 'application/vnd.google.draco',
  'application/vnd.ms-asf', 'application/x-jmp-data',
]);
/** Office Open XML and OpenDocument (the macro-enabled ones too: Office asks before running macros). */
const DOCUMENT_PREFIXES = ['application/vnd.openxmlformats-officedocument.', 'application/vnd.oasis.opendocument.', 'application/vnd.ms-'];
const REFUSED_DESPITE_PREFIX = new Set(['application/vnd.ms-htmlhelp', 'application/vnd.ms-cab-compressed']);

/** When the bytes say only "container", a declared type naming what is inside is more useful. */
const REFINEMENTS: Record<string, readonly string[]> = {
  'application/x-cfb': ['application/msword', 'application/vnd.ms-excel', 'application/vnd.ms-powerpoint', 'application/vnd.ms-outlook', 'application/vnd.visio'],
  'application/zip': ['application/vnd.sketch', 'application/x-zip-compressed'],
  'application/xml': ['image/svg+xml', 'application/rss+xml', 'application/atom+xml'],
};

const TEXT_APPLICATION_TYPES = new Set([
  'application/json', 'application/x-ndjson', 'application/xml', 'application/yaml', 'application/x-yaml', 'application/toml',
  'application/sql', 'application/x-sh', 'application/x-tex', 'application/x-subrip', 'image/svg+xml',
]);
const ACTIVE_TEXT_TYPES = new Set(['text/html', 'text/javascript', 'text/ecmascript', 'application/xhtml+xml']);

export const EXECUTABLE_EXTENSIONS = new Set([
  'exe', 'com', 'scr', 'pif', 'bat', 'cmd', 'msi', 'msp', 'mst', 'msix', 'msixbundle', 'appx', 'appxbundle',
  'dll', 'sys', 'drv', 'ocx', 'cpl', 'ps1', 'psm1', 'psd1', 'vbs', 'vbe', 'js', 'jse', 'wsf', 'wsh', 'ws', 'hta',
  'lnk', 'url', 'reg', 'scf', 'inf', 'gadget', 'application', 'jar', 'apk', 'app', 'command', 'pkg', 'dmg',
  'deb', 'rpm', 'run', 'xpi', 'crx',
]);

export interface TypeEvidence {
  /** What file-type found in the bytes, if anything. */
  detected: string | null;
  declared: string | null;
  /** The bytes are UTF-8 text (no NUL); only asked when nothing was detected. */
  isText: boolean;
  /** The safe name (its extension is checked). */
  name: string;
}

/** The content type to record, or `file.type_not_allowed`. */
export function decideContentType(evidence: TypeEvidence): string {
  refuseExecutableName(evidence.name);
  const declared = normalizeType(evidence.declared);
  if (evidence.detected !== null) {
    const detected = normalizeType(evidence.detected)!;
    if (!isAllowedDetected(detected)) throw refusal(`Files of type ${detected} are not accepted`);
    return declared && REFINEMENTS[detected]?.includes(declared) ? declared : detected;
  }
  if (!evidence.isText) return 'application/octet-stream';
  if (declared && !ACTIVE_TEXT_TYPES.has(declared) && (declared.startsWith('text/') || TEXT_APPLICATION_TYPES.has(declared))) {
    return declared;
  }
  return 'text/plain';
}

/** Names alone are refused when the upload is created, before any byte is sent. */
export function refuseExecutableName(safeName: string): void {
  const ext = extensionOf(safeName);
  if (EXECUTABLE_EXTENSIONS.has(ext)) throw refusal(`Files named .${ext} are not accepted`);
}

function isAllowedDetected(type: string): boolean {
  if (ALLOWED_FAMILIES.some((family) => type.startsWith(family))) return true;
  if (REFUSED_DESPITE_PREFIX.has(type)) return false;
  return DOCUMENT_TYPES.has(type) || DOCUMENT_PREFIXES.some((prefix) => type.startsWith(prefix));
}

/** `Audio/Ogg; codecs=opus` → `audio/ogg`; null for anything that is not a plain type/subtype. */
export function normalizeType(type: string | null): string | null {
  if (!type) return null;
  const bare = type.split(';')[0]!.trim().toLowerCase();
  return /^[a-z0-9.+-]+\/[a-z0-9.+-]+$/.test(bare) && bare.length <= 127 ? bare : null;
}

function refusal(message: string): MagpieError {
  return new MagpieError('file.type_not_allowed', message);
}
