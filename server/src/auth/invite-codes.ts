import { createHash, randomInt } from 'node:crypto';

/**
 * Invite codes are read aloud, pasted into chats and typed by hand, so they use an alphabet
 * without look-alikes (no 0/O, 1/I/L, U/V) in four groups of four: 16 symbols of 29, about
 * 77 bits, beyond guessing at the sign-up rate limit. Typing is forgiving: case, spaces and
 * dashes do not matter. Only the SHA-256 of the normalized code is stored (like session tokens):
 * the code is shown once, to the admin who made it.
 */
const ALPHABET = 'ABCDEFGHJKMNPQRSTWXYZ23456789';
const GROUPS = 4;
const GROUP_LENGTH = 4;

export function newInviteCode(): string {
  const groups: string[] = [];
  for (let g = 0; g < GROUPS; g++) {
    let group = '';
    for (let i = 0; i < GROUP_LENGTH; i++) group += ALPHABET[randomInt(ALPHABET.length)];
    groups.push(group);
  }
  return groups.join('-');
}

/** What the person typed, as the code was generated: upper case, no separators. */
export function normalizeInviteCode(typed: string): string {
  return typed.normalize('NFKC').toUpperCase().replace(/[\s_-]+/g, '');
}

export function hashInviteCode(typed: string): string {
  return createHash('sha256').update(normalizeInviteCode(typed), 'utf8').digest('base64url');
}
