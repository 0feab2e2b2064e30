import { describe, expect, it } from 'vitest';
import { CoalescingRunner } from './coalescing-runner';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('CoalescingRunner', () => {
  it('runs one pass at a time and folds asks made during a run into one more pass', async () => {
    const gates = [deferred(), deferred()];
    let passes = 0;
    let concurrent = 0;
    let maxConcurrent = 0;
    const runner = new CoalescingRunner(async () => {
      concurrent += 1;
      maxConcurrent = Math.max(maxConcurrent, concurrent);
      await gates[passes]?.promise;
      passes += 1;
      concurrent -= 1;
    }, () => {});
    const first = runner.run();
    const second = runner.run();
    const third = runner.run();
    expect(second).toBe(first);
    expect(third).toBe(first);
    gates[0]!.resolve();
    gates[1]!.resolve();
    await first;
    expect(passes).toBe(2);
    expect(maxConcurrent).toBe(1);
  });

  it('never loses an ask, whenever it arrives during or just after a run', async () => {
    // Whether the second ask is folded into the first run or starts a new one, it must lead to a
    // second pass. Sweeping its arrival over the first run's last steps covers the moment between
    // the run's last look at the asks and the run being marked over.
    for (let delay = 0; delay < 12; delay += 1) {
      let passes = 0;
      const runner = new CoalescingRunner(async () => {
        passes += 1;
      }, () => {});
      const first = runner.run();
      for (let tick = 0; tick < delay; tick += 1) await Promise.resolve();
      await runner.run();
      await first;
      await runner.idle();
      expect(passes, `second ask after ${delay} microtasks`).toBe(2);
    }
  });

  it('ends the run on a failing pass, reports it, and settles', async () => {
    const errors: unknown[] = [];
    let passes = 0;
    const gate = deferred();
    const runner = new CoalescingRunner(async () => {
      passes += 1;
      await gate.promise;
      throw new Error('offline');
    }, (error) => errors.push(error));
    const run = runner.run();
    void runner.run();
    gate.resolve();
    await expect(run).resolves.toBeUndefined();
    expect(passes).toBe(1);
    expect(errors).toHaveLength(1);
    await runner.idle();
    await runner.run();
    expect(passes).toBe(2);
  });
});
