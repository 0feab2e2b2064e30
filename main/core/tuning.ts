/**
 * Timings and sizes of the core. Defaults suit production; tests pass smaller ones through the
 * second argument of createMagpieCore.
 */
export interface CoreTuning {
  /** A request without a reply after this long fails with `client.timeout`. */
  requestTimeoutMs: number;
  /** How long opening a socket may take before the attempt counts as failed. */
  openTimeoutMs: number;
  pingIntervalMs: number;
  /** A ping unanswered this long means the link is dead: drop it and reconnect. */
  pingTimeoutMs: number;
  backoffBaseMs: number;
  backoffCapMs: number;
  /** Online this long without a drop resets the backoff. */
  stableAfterMs: number;
  catchUpPageSize: number;
  /** Messages per conversation a fresh device takes at bootstrap; older ones roam in when scrolled to. */
  bootstrapRecent: number;
  /** Validate IPC responses against their schemas (tests and development). */
  validateResponses: boolean;
  log: (message: string, detail?: unknown) => void;
}

export const DEFAULT_TUNING: CoreTuning = {
  requestTimeoutMs: 15_000,
  openTimeoutMs: 10_000,
  pingIntervalMs: 20_000,
  pingTimeoutMs: 10_000,
  backoffBaseMs: 500,
  backoffCapMs: 30_000,
  stableAfterMs: 10_000,
  catchUpPageSize: 200,
  bootstrapRecent: 20,
  validateResponses: globalThis.process?.env?.NODE_ENV !== 'production',
  log: (message, detail) => console.warn(`[magpie-core] ${message}`, detail ?? ''),
};
