import { describe, expect, it } from 'vitest';
import type { ConversationSummary } from '../../../shared/ipc';
import { GLOBAL_SHORTCUTS, comboKeys, isMacPlatform, shortcutFor, shortcutHint } from './shortcuts';
import { neighbourOf } from './useGlobalShortcuts';

const name = (key: string) => ({ 'keys.ctrl': 'Ctrl', 'keys.alt': 'Alt', 'keys.shift': 'Shift', 'keys.escape': 'Esc', 'keys.enter': 'Enter' })[key] ?? key;

function key(key: string, init: Partial<KeyboardEvent> & { target?: EventTarget | null } = {}) {
  return { key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, target: document.body, ...init };
}

describe('keyboard shortcuts', () => {
  it('uses Ctrl on Windows and Linux, Cmd on macOS', () => {
    expect(shortcutFor(key('k', { ctrlKey: true }), false)).toBe('quickSwitcher');
    expect(shortcutFor(key('k', { metaKey: true }), false)).toBeNull();
    expect(shortcutFor(key('k', { metaKey: true }), true)).toBe('quickSwitcher');
    expect(shortcutFor(key('k', { ctrlKey: true }), true)).toBeNull();
    expect(isMacPlatform({ platform: 'MacIntel', userAgent: '' })).toBe(true);
    expect(isMacPlatform({ platform: 'Linux x86_64', userAgent: '' })).toBe(false);
  });

  it('knows every global action, and no extra modifiers', () => {
    expect(shortcutFor(key(',', { ctrlKey: true }), false)).toBe('settings');
    expect(shortcutFor(key('/', { ctrlKey: true }), false)).toBe('shortcutHelp');
    expect(shortcutFor(key('F', { ctrlKey: true, shiftKey: true }), false)).toBe('search');
    expect(shortcutFor(key('F', { metaKey: true, shiftKey: true }), true)).toBe('search');
    expect(shortcutFor(key('f', { ctrlKey: true }), false)).toBeNull();
    expect(shortcutFor(key('ArrowDown', { altKey: true }), false)).toBe('nextConversation');
    expect(shortcutFor(key('ArrowUp', { altKey: true }), false)).toBe('previousConversation');
    expect(shortcutFor(key('K', { ctrlKey: true, shiftKey: true }), false)).toBeNull();
    expect(shortcutFor(key('k', { ctrlKey: true, altKey: true }), false)).toBeNull();
    expect(shortcutFor(key('k'), false)).toBeNull();
  });

  it('takes a bare "?" as a command only outside text fields', () => {
    const textarea = document.createElement('textarea');
    const input = document.createElement('input');
    const checkbox = Object.assign(document.createElement('input'), { type: 'checkbox' });
    expect(shortcutFor(key('?', { shiftKey: true }), false)).toBe('shortcutHelp');
    expect(shortcutFor(key('?', { shiftKey: true, target: checkbox }), false)).toBe('shortcutHelp');
    expect(shortcutFor(key('?', { shiftKey: true, target: textarea }), false)).toBeNull();
    expect(shortcutFor(key('?', { shiftKey: true, target: input }), false)).toBeNull();
    // Ctrl+/ works from anywhere, the composer included.
    expect(shortcutFor(key('/', { ctrlKey: true, target: textarea }), false)).toBe('shortcutHelp');
  });

  it('ignores keys while an input method is composing', () => {
    expect(shortcutFor({ ...key('k', { ctrlKey: true }), isComposing: true }, false)).toBeNull();
  });

  it('names the keys the way each platform prints them', () => {
    expect(comboKeys({ mod: true, key: 'k' }, name, false)).toEqual(['Ctrl', 'K']);
    expect(comboKeys({ mod: true, key: 'k' }, name, true)).toEqual(['⌘', 'K']);
    expect(comboKeys({ alt: true, key: 'ArrowUp' }, name, false)).toEqual(['Alt', '↑']);
    expect(comboKeys({ shift: true, key: 'Enter' }, name, true)).toEqual(['⇧', 'Enter']);
    expect(comboKeys({ key: 'Escape' }, name, false)).toEqual(['Esc']);
    expect(shortcutHint('settings', name, false)).toBe('Ctrl+,');
    expect(shortcutHint('search', name, false)).toBe('Ctrl+Shift+F');
    expect(GLOBAL_SHORTCUTS.every((s) => s.combos.length > 0)).toBe(true);
  });

  it('steps to the neighbouring conversation, wrapping round', () => {
    const list = ['a', 'b', 'c'].map((id) => ({ id }) as ConversationSummary);
    expect(neighbourOf(list, 'b', 1)).toBe('c');
    expect(neighbourOf(list, 'c', 1)).toBe('a');
    expect(neighbourOf(list, 'a', -1)).toBe('c');
    expect(neighbourOf(list, null, 1)).toBe('a');
    expect(neighbourOf(list, null, -1)).toBe('c');
    expect(neighbourOf([], null, 1)).toBeNull();
  });
});
