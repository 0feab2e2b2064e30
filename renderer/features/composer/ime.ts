/**
 * True when this Enter belongs to an input method (it commits a candidate) rather than to us.
 * Chromium sets `isComposing`; Safari fires the committing keydown after compositionend with
 * keyCode 229, so both are checked.
 */
export function isImeEnter(event: KeyboardEvent): boolean {
  return event.isComposing || event.keyCode === 229;
}
