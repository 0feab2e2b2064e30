import type { SearchHit } from '../../../shared/ipc';

export interface MergedHit {
  hit: SearchHit;
  /** `server`: found only by the server's search, in history this device has not cached. */
  source: 'local' | 'server';
}

const keyOf = (hit: SearchHit) => `${hit.conversationId}:${hit.message.seq ?? hit.message.clientId}`;

/**
 * Local hits first (they are there offline and at once), then the server's hits this device does
 * not hold, each message once (by conversation and seq).
 */
export function mergeHits(local: readonly SearchHit[], server: readonly SearchHit[]): MergedHit[] {
  const seen = new Set(local.map(keyOf));
  const merged: MergedHit[] = local.map((hit) => ({ hit, source: 'local' }));
  for (const hit of server) {
    const key = keyOf(hit);
    if (seen.has(key)) continue;
    seen.add(key);
    merged.push({ hit, source: 'server' });
  }
  return merged;
}
