import { SeededRandom } from './prng';
import { conversationsOfDevice, membersOf, SOAK_DEVICES } from './soak-cast';

/**
 * One step of a soak. Devices and conversations are indexes into the cast (soak-cast.ts). Edits
 * and recalls name an earlier send of the same device by its text, reactions and hides any
 * earlier send the device's account can see; the audit folds what they did into what it expects
 * of that message (see `expectedContent` and `expectedReactions` in cache-audit.ts).
 */
export type SoakStep =
  | { kind: 'send'; device: number; conversation: number; text: string }
  | { kind: 'edit'; device: number; target: string; text: string }
  | { kind: 'recall'; device: number; target: string }
  /** A reaction on (or off) any earlier send in one of the device's conversations. */
  | { kind: 'react'; device: number; target: string; emoji: string; on: boolean }
  /** Delete for me: never by every member of the conversation, so some member still reads it. */
  | { kind: 'hide'; device: number; target: string }
  | { kind: 'wait'; ms: number }
  /** `reset`: the TCP link is torn down and refused; `stall`: bytes stop flowing, nobody is told. */
  | { kind: 'link.cut'; device: number; mode: 'reset' | 'stall' }
  | { kind: 'link.restore'; device: number }
  /** Graceful stop then start, same port and data directory. */
  | { kind: 'server.restart' }
  /** Graceful stop; clients see their sockets close. */
  | { kind: 'server.stop' }
  /** Every link stalls, then the server stops: clients hear nothing, replies in flight are lost. */
  | { kind: 'server.crash' }
  | { kind: 'server.start' }
  /** The app process dies: no stop(), cache writes not yet begun never happen. */
  | { kind: 'device.crash'; device: number }
  /** The app starts again over the same cache database and stored session. */
  | { kind: 'device.boot'; device: number };

export type SoakStepKind = SoakStep['kind'];

export interface FaultPlan {
  seed: number;
  steps: SoakStep[];
}

/** Chinese (no spaces between words) and mixed text, as people type it. */
const PHRASES = [
  '你好',
  '今天下午三点开会，别迟到',
  '收到，谢谢！',
  '这个问题我来看看',
  '周末一起吃饭吗？',
  '文件已经上传到共享盘了',
  '好的 OK 👍',
  'ship it',
  '明天见～',
  '「引号」和（括号）也要原样保存',
];

const EMOJI = ['👍', '❤️', '😂', '🎉'];

/**
 * Generates the steps for `seed`, tracking the abstract state (server up, links cut, devices
 * running) so every step makes sense where it falls: no sends from a crashed app, no restore of a
 * link that is fine. Pure: the same seed and length always give the same plan.
 */
export function createFaultPlan(seed: number, length: number): FaultPlan {
  const random = new SeededRandom(seed);
  const deviceCount = SOAK_DEVICES.length;
  let serverUp = true;
  const cut = new Array<boolean>(deviceCount).fill(false);
  const running = new Array<boolean>(deviceCount).fill(true);
  const steps: SoakStep[] = [];
  /** What each device has sent so far: what it may edit or recall. */
  const sentBy = Array.from({ length: deviceCount }, () => [] as string[]);
  const indexes = (predicate: (device: number) => boolean) => [...Array(deviceCount).keys()].filter(predicate);
  /** Every send so far, and which accounts hid it. */
  const sent: Array<{ text: string; conversation: number; hiddenBy: Set<string> }> = [];
  const visibleTo = (device: number) => {
    const account = SOAK_DEVICES[device]!.account;
    const mine = conversationsOfDevice(device);
    return sent.filter((send) => mine.includes(send.conversation) && !send.hiddenBy.has(account));
  };
  const hideableBy = (device: number) => visibleTo(device).filter((send) => send.hiddenBy.size + 1 < membersOf(send.conversation).length);

  while (steps.length < length) {
    const alive = indexes((d) => running[d]!);
    const linked = indexes((d) => running[d]! && !cut[d]);
    const severed = indexes((d) => cut[d]!);
    const down = indexes((d) => !running[d]!);
    const authors = alive.filter((d) => sentBy[d]!.length > 0);
    const reactors = alive.filter((d) => visibleTo(d).length > 0);
    const hiders = alive.filter((d) => hideableBy(d).length > 0);
    const kind = random.weighted<SoakStepKind>({
      send: alive.length > 0 ? 50 : 0,
      edit: authors.length > 0 ? 8 : 0,
      recall: authors.length > 0 ? 4 : 0,
      react: reactors.length > 0 ? 6 : 0,
      hide: hiders.length > 0 ? 3 : 0,
      wait: 10,
      'link.cut': linked.length > 0 ? 6 : 0,
      'link.restore': severed.length > 0 ? 8 : 0,
      'server.restart': serverUp ? 2 : 0,
      'server.stop': serverUp ? 2 : 0,
      'server.crash': serverUp ? 2 : 0,
      'server.start': serverUp ? 0 : 8,
      // Keep at least one app running so the plan never stalls into waits only.
      'device.crash': alive.length > 1 ? 4 : 0,
      'device.boot': down.length > 0 ? 7 : 0,
    });
    switch (kind) {
      case 'send': {
        const device = random.pick(alive);
        const conversation = random.pick(conversationsOfDevice(device));
        // A burst now and then: several sends back to back, no await between them.
        const count = random.chance(0.15) ? random.int(2, 6) : 1;
        for (let i = 0; i < count && steps.length < length; i++) {
          const text = `${random.pick(PHRASES)} #${seed}.${steps.length}`;
          sentBy[device]!.push(text);
          sent.push({ text, conversation, hiddenBy: new Set() });
          steps.push({ kind: 'send', device, conversation, text });
        }
        break;
      }
      case 'edit': {
        const device = random.pick(authors);
        steps.push({ kind: 'edit', device, target: random.pick(sentBy[device]!), text: `${random.pick(PHRASES)} ✎${seed}.${steps.length}` });
        break;
      }
      case 'recall': {
        const device = random.pick(authors);
        steps.push({ kind: 'recall', device, target: random.pick(sentBy[device]!) });
        break;
      }
      case 'react': {
        const device = random.pick(reactors);
        steps.push({ kind: 'react', device, target: random.pick(visibleTo(device)).text, emoji: random.pick(EMOJI), on: random.chance(0.7) });
        break;
      }
      case 'hide': {
        const device = random.pick(hiders);
        const target = random.pick(hideableBy(device));
        target.hiddenBy.add(SOAK_DEVICES[device]!.account);
        steps.push({ kind: 'hide', device, target: target.text });
        break;
      }
      case 'wait':
        steps.push({ kind: 'wait', ms: random.chance(0.2) ? random.int(300, 900) : random.int(5, 120) });
        break;
      case 'link.cut': {
        const device = random.pick(linked);
        cut[device] = true;
        steps.push({ kind: 'link.cut', device, mode: random.chance(0.6) ? 'reset' : 'stall' });
        break;
      }
      case 'link.restore': {
        const device = random.pick(severed);
        cut[device] = false;
        steps.push({ kind: 'link.restore', device });
        break;
      }
      case 'server.restart':
        steps.push({ kind: 'server.restart' });
        break;
      case 'server.stop':
      case 'server.crash':
        serverUp = false;
        steps.push({ kind });
        break;
      case 'server.start':
        serverUp = true;
        steps.push({ kind: 'server.start' });
        break;
      case 'device.crash': {
        const device = random.pick(alive);
        running[device] = false;
        steps.push({ kind: 'device.crash', device });
        break;
      }
      case 'device.boot': {
        const device = random.pick(down);
        running[device] = true;
        steps.push({ kind: 'device.boot', device });
        break;
      }
    }
  }
  return { seed, steps };
}

/** Counts of each step kind, for the per-seed report. */
export function describePlan(plan: FaultPlan): string {
  const counts = new Map<string, number>();
  for (const step of plan.steps) counts.set(step.kind, (counts.get(step.kind) ?? 0) + 1);
  return [...counts].map(([kind, count]) => `${kind}×${count}`).join(' ');
}
