import { randomBytes } from 'node:crypto';

/**
 * A new random id: 16 bytes (128 bits) as base64url, 22 characters from [A-Za-z0-9_-], so it
 * always satisfies the protocol's `IdSchema` and can be put in URLs as is.
 */
export function newId(): string {
  return randomBytes(16).toString('base64url');
}
