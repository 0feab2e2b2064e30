/** Waits before each automatic resume of a paused download; after the last, none until a reconnect or retry. */
export const RESUME_DELAYS_MS = [2_000, 5_000, 15_000, 30_000, 60_000, 120_000] as const;

/**
 * When a paused download may be resumed on its own. A download pauses on a network failure; the
 * next answer from the server (any request or heartbeat) resumes it, but never sooner than its
 * backoff allows and at most `delays.length` times in a row, so a file server that stays
 * unreachable while the socket works costs a handful of requests, not a loop. Progress, a
 * reconnect or the user's retry start the count afresh.
 */
export class ResumeBackoff {
  private readonly entries = new Map<string, { failures: number; notBefore: number }>();

  constructor(
    private readonly now: () => number,
    private readonly delays: readonly number[] = RESUME_DELAYS_MS,
  ) {}

  /** A network failure paused the download. */
  failed(id: string): void {
    const failures = (this.entries.get(id)?.failures ?? 0) + 1;
    const delay = this.delays[failures - 1];
    this.entries.set(id, { failures, notBefore: delay === undefined ? Infinity : this.now() + delay });
  }

  /** Whether a server answer now may resume it. */
  due(id: string): boolean {
    const entry = this.entries.get(id);
    return !entry || this.now() >= entry.notBefore;
  }

  clear(id: string): void {
    this.entries.delete(id);
  }

  clearAll(): void {
    this.entries.clear();
  }
}
