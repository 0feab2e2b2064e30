const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/**
 * "1.4 MB": binary multiples with the short units both English and Chinese interfaces use
 * (Intl's unit names would say 兆字节, which no file manager shows).
 */
export function formatBytes(bytes: number, lang = 'en'): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${new Intl.NumberFormat(lang, { maximumFractionDigits: digits }).format(value)} ${UNITS[unit]}`;
}

/** What a file is, for its icon: from the content type, then the extension. */
export type FileCategory = 'image' | 'audio' | 'video' | 'pdf' | 'archive' | 'document' | 'spreadsheet' | 'presentation' | 'code' | 'text' | 'other';

const BY_EXTENSION: Record<string, FileCategory> = {
  pdf: 'pdf',
  zip: 'archive', rar: 'archive', '7z': 'archive', gz: 'archive', tgz: 'archive', tar: 'archive', bz2: 'archive', xz: 'archive',
  doc: 'document', docx: 'document', odt: 'document', rtf: 'document', pages: 'document',
  xls: 'spreadsheet', xlsx: 'spreadsheet', ods: 'spreadsheet', csv: 'spreadsheet', numbers: 'spreadsheet',
  ppt: 'presentation', pptx: 'presentation', odp: 'presentation', key: 'presentation',
  js: 'code', ts: 'code', tsx: 'code', jsx: 'code', py: 'code', java: 'code', go: 'code', rs: 'code', c: 'code', cpp: 'code', h: 'code', json: 'code', html: 'code', css: 'code', sh: 'code', sql: 'code', yml: 'code', yaml: 'code',
  txt: 'text', md: 'text', log: 'text',
};

export function fileExtension(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 && dot < name.length - 1 ? name.slice(dot + 1).toLowerCase() : '';
}

export function fileCategory(contentType: string, name: string): FileCategory {
  const byExtension = BY_EXTENSION[fileExtension(name)];
  if (contentType.startsWith('image/')) return 'image';
  if (contentType.startsWith('audio/')) return 'audio';
  if (contentType.startsWith('video/')) return 'video';
  if (contentType === 'application/pdf') return 'pdf';
  if (byExtension) return byExtension;
  if (contentType.startsWith('text/')) return 'text';
  return 'other';
}
