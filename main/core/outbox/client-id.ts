import { ClientIdSchema } from '../../../shared/protocol';

/**
 * A fresh idempotency key for one message. A UUID is already letters, digits and dashes, which
 * IdSchema accepts; anything else a runtime might return is filtered to that alphabet.
 */
export function newClientId(): string {
  const raw = globalThis.crypto.randomUUID().replace(/[^A-Za-z0-9_-]/g, '');
  return ClientIdSchema.parse(raw);
}
