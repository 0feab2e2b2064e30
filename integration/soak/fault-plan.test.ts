import { describe, expect, it } from 'vitest';
import { createFaultPlan, type SoakStepKind } from './fault-plan';
import { SeededRandom } from './prng';
import { conversationsOfDevice, membersOf, SOAK_DEVICES } from './soak-cast';

describe('SeededRandom', () => {
  it('repeats for a seed and differs between seeds', () => {
    const draw = (seed: number) => {
      const random = new SeededRandom(seed);
      return Array.from({ length: 20 }, () => random.next());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(1)).not.toEqual(draw(2));
    expect(draw(3).every((n) => n >= 0 && n < 1)).toBe(true);
    const r = new SeededRandom(7);
    for (let i = 0; i < 1_000; i++) expect(r.int(3, 5)).toBeGreaterThanOrEqual(3);
  });
});

describe('createFaultPlan', () => {
  it('gives the same plan for the same seed (a failing seed can be replayed)', () => {
    expect(createFaultPlan(123, 300)).toEqual(createFaultPlan(123, 300));
    expect(createFaultPlan(123, 300)).not.toEqual(createFaultPlan(124, 300));
  });

  it('uses every kind of step over a long plan and includes Chinese text', () => {
    const plan = createFaultPlan(9, 2_000);
    const kinds = new Set(plan.steps.map((step) => step.kind));
    const all: SoakStepKind[] = ['send', 'edit', 'recall', 'react', 'hide', 'wait', 'link.cut', 'link.restore', 'server.restart', 'server.stop', 'server.crash', 'server.start', 'device.crash', 'device.boot'];
    expect([...kinds].sort()).toEqual([...all].sort());
    expect(plan.steps.some((step) => step.kind === 'send' && /[\u4e00-\u9fff]/.test(step.text))).toBe(true);
    // Edits and recalls name an earlier send of the same device.
    plan.steps.forEach((step, index) => {
      if (step.kind !== 'edit' && step.kind !== 'recall') return;
      const earlier = plan.steps.slice(0, index).some((s) => s.kind === 'send' && s.device === step.device && s.text === step.target);
      expect(earlier, `step ${index}`).toBe(true);
    });
  });

  it('reacts and hides only where the account can see the message, and never lets every member hide one', () => {
    for (const seed of [1, 2, 3]) {
      const plan = createFaultPlan(seed, 1_500);
      const conversationOf = new Map<string, number>();
      const hiddenBy = new Map<string, Set<string>>();
      for (const step of plan.steps) {
        if (step.kind === 'send') conversationOf.set(step.text, step.conversation);
        if (step.kind !== 'react' && step.kind !== 'hide') continue;
        const conversation = conversationOf.get(step.target);
        expect(conversation, step.target).toBeDefined();
        expect(conversationsOfDevice(step.device)).toContain(conversation);
        const account = SOAK_DEVICES[step.device]!.account;
        const hiders = hiddenBy.get(step.target) ?? new Set<string>();
        expect(hiders.has(account)).toBe(false);
        if (step.kind === 'hide') {
          hiders.add(account);
          hiddenBy.set(step.target, hiders);
          expect(hiders.size).toBeLessThan(membersOf(conversation!).length);
        }
      }
      expect(plan.steps.some((step) => step.kind === 'send' && membersOf(step.conversation).length === 3)).toBe(true); // the group is used
    }
  });

  it('only plans steps that make sense where they fall', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const plan = createFaultPlan(seed, 1_000);
      expect(plan.steps).toHaveLength(1_000);
      let serverUp = true;
      const running = SOAK_DEVICES.map(() => true);
      const cut = SOAK_DEVICES.map(() => false);
      const texts = new Set<string>();
      for (const step of plan.steps) {
        switch (step.kind) {
          case 'send':
            expect(running[step.device]).toBe(true);
            expect(conversationsOfDevice(step.device)).toContain(step.conversation);
            expect(texts.has(step.text)).toBe(false); // unique texts let the audit spot a double accept
            texts.add(step.text);
            break;
          case 'link.cut':
            expect(cut[step.device]).toBe(false);
            cut[step.device] = true;
            break;
          case 'link.restore':
            expect(cut[step.device]).toBe(true);
            cut[step.device] = false;
            break;
          case 'server.restart':
          case 'server.stop':
          case 'server.crash':
            expect(serverUp).toBe(true);
            serverUp = step.kind === 'server.restart';
            break;
          case 'server.start':
            expect(serverUp).toBe(false);
            serverUp = true;
            break;
          case 'device.crash':
            expect(running[step.device]).toBe(true);
            running[step.device] = false;
            break;
          case 'device.boot':
            expect(running[step.device]).toBe(false);
            running[step.device] = true;
            break;
          case 'wait':
            expect(step.ms).toBeGreaterThan(0);
            break;
        }
        expect(running.some(Boolean)).toBe(true);
      }
    }
  });
});
