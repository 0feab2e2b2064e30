/**
 * Runs tasks one at a time in the order they were queued. Cursor bookkeeping goes through one of
 * these, so a live message and a catch-up page can never interleave their read-modify-write.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
