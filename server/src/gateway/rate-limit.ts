import { MagpieError } from '../../../shared/errors';

/**
 * In-memory token buckets keyed by a string (user id, or IP + username). Each key holds up to
 * `capacity` tokens, refilled continuously at `refillPerSecond`; every attempt takes one.
 * Per process: with several server nodes each node limits on its own, which still bounds abuse.
 */
export interface BucketOptions {
  capacity: number;
  refillPerSecond: number;
  /** Injected in tests; milliseconds. */
  now?: () => number;
}

interface Bucket { tokens: number; updatedAt: number }

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly now: () => number;
  private takesSincePrune = 0;

  constructor(private readonly options: BucketOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Takes one token for `key`; throws `rate.limited` with `retryAfterMs` when none is left. */
  take(key: string, what = 'Too many attempts'): void {
    const waitMs = this.tryTake(key);
    if (waitMs > 0) throw new MagpieError('rate.limited', `${what}; try again shortly`, { retryAfterMs: waitMs });
  }

  /** 0 when a token was taken, otherwise milliseconds until one will be available. */
  tryTake(key: string): number {
    const now = this.now();
    if (++this.takesSincePrune >= 1000) this.prune(now);
    const bucket = this.refilled(this.buckets.get(key), now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      this.buckets.set(key, bucket);
      return 0;
    }
    this.buckets.set(key, bucket);
    return Math.max(1, Math.ceil(((1 - bucket.tokens) / this.options.refillPerSecond) * 1000));
  }

  get size(): number {
    return this.buckets.size;
  }

  private refilled(bucket: Bucket | undefined, now: number): Bucket {
    if (!bucket) return { tokens: this.options.capacity, updatedAt: now };
    const elapsedSeconds = Math.max(0, now - bucket.updatedAt) / 1000;
    return {
      tokens: Math.min(this.options.capacity, bucket.tokens + elapsedSeconds * this.options.refillPerSecond),
      updatedAt: now,
    };
  }

  /** Drops buckets that have refilled completely: they behave exactly like absent ones. */
  private prune(now: number): void {
    this.takesSincePrune = 0;
    for (const [key, bucket] of this.buckets) {
      if (this.refilled(bucket, now).tokens >= this.options.capacity) this.buckets.delete(key);
    }
  }
}
