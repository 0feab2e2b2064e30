import { createHash, randomBytes } from 'node:crypto';

/**
 * Opaque session tokens: 32 random bytes, given to the client once. The server keeps only the
 * SHA-256 of a token, so a leaked database does not hand out live sessions. (A plain hash is
 * enough here: the token has 256 bits of entropy, nothing to brute-force.)
 */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url');
}
