import { describe, expect, it } from 'vitest';
import { isMagpieError } from '../../../shared/errors';
import { decideContentType } from './type-policy';

const refused = (evidence: Parameters<typeof decideContentType>[0]) => {
  try {
    decideContentType(evidence);
    return false;
  } catch (error) {
    return isMagpieError(error, 'file.type_not_allowed');
  }
};

describe('the file type policy', () => {
  it('takes the type from the bytes, not from the sender', () => {
    expect(decideContentType({ detected: 'image/png', declared: 'application/pdf', isText: false, name: 'a.pdf' })).toBe('image/png');
    expect(decideContentType({ detected: 'audio/ogg; codecs=opus', declared: null, isText: false, name: 'v.ogg' })).toBe('audio/ogg');
  });

  it('uses a declared type only for text, and never an active one', () => {
    expect(decideContentType({ detected: null, declared: 'text/markdown', isText: true, name: 'a.md' })).toBe('text/markdown');
    expect(decideContentType({ detected: null, declared: 'application/json', isText: true, name: 'a.json' })).toBe('application/json');
    expect(decideContentType({ detected: null, declared: 'text/html', isText: true, name: 'a.html' })).toBe('text/plain');
    expect(decideContentType({ detected: null, declared: 'image/png', isText: true, name: 'a.png' })).toBe('text/plain');
    expect(decideContentType({ detected: null, declared: 'text/plain', isText: false, name: 'a.dat' })).toBe('application/octet-stream');
  });

  it('refines a container type by a declared one that names its contents', () => {
    expect(decideContentType({ detected: 'application/x-cfb', declared: 'application/msword', isText: false, name: 'a.doc' })).toBe('application/msword');
    expect(decideContentType({ detected: 'application/x-cfb', declared: 'image/png', isText: false, name: 'a.doc' })).toBe('application/x-cfb');
  });

  it('accepts documents and media, refuses programs and installers', () => {
    for (const detected of ['application/pdf', 'application/zip', 'video/mp4', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document']) {
      expect(refused({ detected, declared: null, isText: false, name: 'x' })).toBe(false);
    }
    for (const detected of ['application/x-msdownload', 'application/x-elf', 'application/x-mach-binary', 'application/java-archive',
      'application/vnd.android.package-archive', 'application/x-deb', 'application/x.ms.shortcut', 'application/vnd.ms-htmlhelp', 'application/wasm']) {
      expect(refused({ detected, declared: null, isText: false, name: 'x' })).toBe(true);
    }
  });

  it('refuses names Windows or macOS run on double-click, whatever the bytes', () => {
    expect(refused({ detected: null, declared: 'text/plain', isText: true, name: 'run.bat' })).toBe(true);
    expect(refused({ detected: 'application/zip', declared: null, isText: false, name: 'Setup.EXE' })).toBe(true);
    expect(refused({ detected: null, declared: null, isText: true, name: 'notes.txt' })).toBe(false);
  });
});
