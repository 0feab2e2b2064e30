/** Keyboard shortcuts: one list, read both by the key handler and by the help sheet. */

/** Actions the whole window answers to, wherever focus is. */
export type ShortcutAction =
  | 'quickSwitcher'
  | 'search'
  | 'settings'
  | 'shortcutHelp'
  | 'previousConversation'
  | 'nextConversation'
  | 'newGroup'
  | 'groupPanel';

export interface KeyCombo {
  /** Cmd on macOS, Ctrl elsewhere. */
  mod?: boolean;
  alt?: boolean;
  shift?: boolean;
  /** KeyboardEvent.key, compared without case. */
  key: string;
  /** Only when focus is not in a text field (a bare character there is typing). */
  outsideText?: boolean;
}

export interface Shortcut {
  action: ShortcutAction;
  combos: KeyCombo[];
}

export const GLOBAL_SHORTCUTS: readonly Shortcut[] = [
  { action: 'quickSwitcher', combos: [{ mod: true, key: 'k' }] },
  { action: 'search', combos: [{ mod: true, shift: true, key: 'f' }] },
  { action: 'previousConversation', combos: [{ alt: true, key: 'ArrowUp' }] },
  { action: 'nextConversation', combos: [{ alt: true, key: 'ArrowDown' }] },
  // Ctrl+N and Ctrl+Shift+N belong to the browser in the browser shell, so G(roup) and D(etails).
  { action: 'newGroup', combos: [{ mod: true, shift: true, key: 'g' }] },
  { action: 'groupPanel', combos: [{ mod: true, shift: true, key: 'd' }] },
  { action: 'settings', combos: [{ mod: true, key: ',' }] },
  { action: 'shortcutHelp', combos: [{ mod: true, key: '/' }, { key: '?', outsideText: true }] },
];

/** Keys that work where focus is (the composer, lists, dialogs): listed in the help sheet only. */
export const CONTEXT_SHORTCUTS: readonly { id: string; combos: KeyCombo[] }[] = [
  { id: 'send', combos: [{ key: 'Enter' }] },
  { id: 'newLine', combos: [{ shift: true, key: 'Enter' }] },
  { id: 'moveInList', combos: [{ key: 'ArrowUp' }, { key: 'ArrowDown' }] },
  { id: 'close', combos: [{ key: 'Escape' }] },
  { id: 'clearFilter', combos: [{ key: 'Escape' }] },
];

export function isMacPlatform(nav: Pick<Navigator, 'platform' | 'userAgent'> | undefined = globalThis.navigator): boolean {
  if (!nav) return false;
  return /mac|iphone|ipad/i.test(nav.platform || nav.userAgent);
}

/** Focus is somewhere typing happens: a bare "?" there is a character, not a command. */
export function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (!(target instanceof HTMLInputElement)) return false;
  return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file'].includes(target.type);
}

type KeyEventLike = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey' | 'target'> & { isComposing?: boolean };

function matches(combo: KeyCombo, event: KeyEventLike, mac: boolean): boolean {
  const mod = mac ? event.metaKey : event.ctrlKey;
  const otherMod = mac ? event.ctrlKey : event.metaKey;
  if (event.key.toLowerCase() !== combo.key.toLowerCase()) return false;
  if (mod !== !!combo.mod || otherMod || event.altKey !== !!combo.alt) return false;
  // "?" and "/" come with or without Shift depending on the keyboard layout: only letters and
  // named keys check it.
  if (/^[a-z]$|^[A-Z][a-zA-Z]+$/.test(combo.key) && event.shiftKey !== !!combo.shift) return false;
  return !(combo.outsideText && isTextEntry(event.target));
}

/** The global action a key press asks for, if any. */
export function shortcutFor(event: KeyEventLike, mac = isMacPlatform()): ShortcutAction | null {
  if (event.isComposing) return null;
  for (const shortcut of GLOBAL_SHORTCUTS) {
    if (shortcut.combos.some((combo) => matches(combo, event, mac))) return shortcut.action;
  }
  return null;
}

/** Translates a key name from the i18n `keys.*` strings (the keycap words: Ctrl, Esc…). */
export type KeyNamer = (key: `keys.${string}`) => string;

/** macOS prints its modifiers as symbols, the same in every language. */
const MAC_SYMBOLS: Record<string, string> = { mod: '⌘', alt: '⌥', shift: '⇧' };
const ARROWS: Record<string, string> = { ArrowUp: '↑', ArrowDown: '↓' };
const NAMED: Record<string, `keys.${string}`> = { Escape: 'keys.escape', Enter: 'keys.enter' };

/** The keys of a combo as people read them, e.g. ["Ctrl", "K"] or ["⌘", "K"]. */
export function comboKeys(combo: KeyCombo, name: KeyNamer, mac = isMacPlatform()): string[] {
  const modifier = (id: 'mod' | 'alt' | 'shift') => (mac ? MAC_SYMBOLS[id]! : name(`keys.${id === 'mod' ? 'ctrl' : id}`));
  const keys: string[] = [];
  if (combo.mod) keys.push(modifier('mod'));
  if (combo.alt) keys.push(modifier('alt'));
  if (combo.shift) keys.push(modifier('shift'));
  const named = NAMED[combo.key];
  keys.push(ARROWS[combo.key] ?? (named ? name(named) : combo.key.toUpperCase()));
  return keys;
}

/** The first combo of a global action as one string, for tooltips: "Ctrl+K", "⌘+K". */
export function shortcutHint(action: ShortcutAction, name: KeyNamer, mac = isMacPlatform()): string {
  const combo = GLOBAL_SHORTCUTS.find((s) => s.action === action)?.combos[0];
  return combo ? comboKeys(combo, name, mac).join('+') : '';
}
