import { describe, expect, it } from 'vitest';
import type { CacheApi } from '../../shared/cache';
import { formatViolation } from './audit-types';
import { formatResult, runSoak } from './soak-runner';

/**
 * The short correctness soak: a few seeds of the fault plan against the real server and real
 * cores, each audited for lost, duplicated, reordered and unsent messages. The long run is
 * `npm run soak -- --seeds=200 --ops=400` (scripts/soak.ts), using the same runner.
 */
const SEEDS = [1, 2, 3, 4, 5];
const OPS = 120;

describe('correctness soak', () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}: nothing is lost, duplicated or reordered`, { timeout: 90_000 }, async () => {
      const result = await runSoak({ seed, ops: OPS });
      const report = [
        formatResult(result),
        `replay: npm run soak -- --seed=${seed} --ops=${OPS} --trace`,
        ...result.violations.slice(0, 40).map((v) => `  ${formatViolation(v)}`),
      ].join('\n');
      expect(result.violations, report).toEqual([]);
      expect(result.settled, report).toBe(true);
      expect(result.sends.confirmed, report).toBeGreaterThan(0);
    });
  }

  it('edits, recalls, reactions and hides interleaved with faults reach every cache as the server has them', { timeout: 90_000 }, async () => {
    const result = await runSoak({ seed: 21, ops: 200 });
    expect(result.violations.map(formatViolation)).toEqual([]);
    expect(result.revisions, formatResult(result)).toBeGreaterThan(0);
    expect(result.reactions + result.hides, formatResult(result)).toBeGreaterThan(0);
  });

  it('notices a cache that ignores edits', { timeout: 90_000 }, async () => {
    const result = await runSoak({ seed: 21, ops: 200, settleTimeoutMs: 3_000, sabotage: { cache: ignoreChangedMessages } });
    expect(result.violations.map((v) => v.kind)).toContain('diverged');
  });

  // The soak must be able to fail: two deliberately broken clients, each caught by the audit.
  it('notices a cache that silently drops messages', { timeout: 90_000 }, async () => {
    const result = await runSoak({ seed: 11, ops: 60, settleTimeoutMs: 3_000, sabotage: { cache: dropEveryFifthSeq } });
    expect(result.violations.map((v) => v.kind)).toContain('gap');
  });

  it('notices a client that resends under a new clientId', { timeout: 90_000 }, async () => {
    const result = await runSoak({ seed: 12, ops: 150, settleTimeoutMs: 3_000, sabotage: { request: newClientIdOnResend() } });
    // Both attempts accepted (duplicated), or only the resend (the confirmed id is lost, the new one a phantom).
    expect(result.violations.map((v) => v.kind)).toEqual(expect.arrayContaining([expect.stringMatching(/duplicated|phantom/)]));
  });
});

/** A broken core: a resend gets a new idempotency key, so the server cannot recognise it. */
function newClientIdOnResend() {
  const seen = new Set<unknown>();
  let attempt = 0;
  return (frame: { method?: string; params?: Record<string, unknown> }) => {
    if (frame.method !== 'messages.send' || !frame.params) return frame;
    const clientId = frame.params.clientId;
    if (!seen.has(clientId)) {
      seen.add(clientId);
      return frame;
    }
    return { ...frame, params: { ...frame.params, clientId: `${String(clientId)}-${++attempt}` } };
  };
}

/** A broken cache: keeps the first version of every message it ever stored. */
function ignoreChangedMessages(store: CacheApi): CacheApi {
  return {
    ...store,
    'sync.apply': (change) => store['sync.apply']({ ...change, messages: (change.messages ?? []).filter((message) => message.editedAt === null && message.recalled === null) }),
  };
}

/** A broken cache: claims to store every message but loses those whose seq is a multiple of 5. */
function dropEveryFifthSeq(store: CacheApi): CacheApi {
  return {
    ...store,
    'sync.apply': (change) => store['sync.apply']({ ...change, messages: (change.messages ?? []).filter((message) => message.seq % 5 !== 0) }),
  };
}
