/**
 * Runs `pass` one at a time. Asking while a run is under way does not start a second one: it makes
 * the current run do one more pass when it finishes, so nothing asked for is missed and asks never
 * pile up. The outbox, the read-marker sender and catch-up each keep one of these.
 *
 * A pass that throws ends the run (no further pass, even if one was asked for); the error goes to
 * `onError` and the run still settles, because callers await runs but cannot act on a failure the
 * next connect will retry anyway.
 */
export class CoalescingRunner {
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly pass: () => Promise<void>,
    private readonly onError: (error: unknown) => void,
  ) {}

  run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.loop();
    return this.running;
  }

  /** Settles when no run is under way. */
  idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  private async loop(): Promise<void> {
    try {
      do {
        this.again = false;
        await this.pass();
      } while (this.again);
    } catch (error) {
      this.again = false;
      this.onError(error);
    } finally {
      // Cleared in the same step as the last look at `again`: an ask arriving after that look
      // must start a new run, not join one that is already over (a `.finally` callback on the
      // returned promise would leave that gap open for a few microtasks).
      this.running = null;
    }
  }
}
