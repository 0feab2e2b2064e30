export interface BackoffOptions {
  baseMs: number;
  capMs: number;
  random: () => number;
}

/**
 * Exponential backoff with full jitter: each delay is uniform in [0, min(cap, base * 2^attempt)).
 * The randomness spreads clients out, so a server that restarts is not hit by all of them at once.
 */
export class Backoff {
  private attempt = 0;

  constructor(private readonly options: BackoffOptions) {}

  get attempts(): number {
    return this.attempt;
  }

  /** The delay before the next attempt; each call counts as one more failed attempt. */
  next(): number {
    const { baseMs, capMs, random } = this.options;
    // Capping the exponent too keeps 2^attempt finite after a very long outage.
    const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(this.attempt, 30));
    this.attempt += 1;
    return Math.floor(random() * ceiling);
  }

  reset(): void {
    this.attempt = 0;
  }
}
