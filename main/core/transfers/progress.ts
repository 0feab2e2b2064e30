/**
 * A transfer's speed as people read it: an exponentially weighted average of the rate between
 * samples (time constant ~3 s), so the number neither jumps with every chunk nor lags for long.
 */
export class SpeedMeter {
  private lastAt: number | null = null;
  private lastBytes = 0;
  private rate = 0;

  constructor(
    private readonly now: () => number,
    private readonly timeConstantMs = 3_000,
  ) {}

  /** Records that `bytesDone` bytes are done now; returns the smoothed bytes per second. */
  sample(bytesDone: number): number {
    const at = this.now();
    if (this.lastAt === null || bytesDone < this.lastBytes) {
      this.lastAt = at;
      this.lastBytes = bytesDone;
      return this.rate;
    }
    const elapsed = at - this.lastAt;
    // Samples closer than this say more about timer jitter than about the network.
    if (elapsed < 100) return this.rate;
    const instant = ((bytesDone - this.lastBytes) * 1000) / elapsed;
    const weight = 1 - Math.exp(-elapsed / this.timeConstantMs);
    this.rate = this.rate === 0 ? instant : this.rate + weight * (instant - this.rate);
    this.lastAt = at;
    this.lastBytes = bytesDone;
    return Math.max(0, Math.round(this.rate));
  }

  get bytesPerSecond(): number {
    return Math.max(0, Math.round(this.rate));
  }
}

/**
 * At most `perSecond` calls of `emit` per key, the last value always delivered: progress of a
 * fast transfer arrives as a trickle the renderer can paint, and a state change (`flush`) goes
 * out at once.
 */
export class ChangeThrottle<T> {
  private readonly lastAt = new Map<string, number>();
  private readonly waiting = new Map<string, { value: T; timer: ReturnType<typeof setTimeout> }>();
  private readonly intervalMs: number;

  constructor(
    private readonly emit: (value: T) => void,
    private readonly now: () => number,
    perSecond = 4,
  ) {
    this.intervalMs = 1000 / perSecond;
  }

  push(key: string, value: T): void {
    const pending = this.waiting.get(key);
    if (pending) {
      pending.value = value;
      return;
    }
    const due = (this.lastAt.get(key) ?? -Infinity) + this.intervalMs - this.now();
    if (due <= 0) {
      this.send(key, value);
      return;
    }
    const timer = setTimeout(() => {
      const entry = this.waiting.get(key);
      this.waiting.delete(key);
      if (entry) this.send(key, entry.value);
    }, due);
    this.waiting.set(key, { value, timer });
  }

  /** Sends now, replacing anything waiting for this key. */
  flush(key: string, value: T): void {
    this.cancel(key);
    this.send(key, value);
  }

  cancel(key: string): void {
    const pending = this.waiting.get(key);
    if (pending) clearTimeout(pending.timer);
    this.waiting.delete(key);
  }

  private send(key: string, value: T): void {
    this.lastAt.set(key, this.now());
    this.emit(value);
  }
}
