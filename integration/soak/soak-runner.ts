import type { AuditInput, SendRecord, Violation } from './audit-types';
import { readDeviceCache, ServerLogReader } from './audit-snapshot';
import { auditSoak, stateOf, viewOf } from './cache-audit';
import { createFaultPlan, describePlan, type SoakStep } from './fault-plan';
import { SOAK_DEVICES } from './soak-cast';
import type { Sabotage } from './soak-device';
import { SoakWorld } from './soak-world';

export interface SoakOptions {
  seed: number;
  /** Number of plan steps (sends, faults, waits). */
  ops: number;
  /** How long, after healing, every outbox may take to empty and every cache to catch up. */
  settleTimeoutMs?: number;
  /** Prints every step as it runs (for replaying a failing seed). */
  trace?: (line: string) => void;
  /** Breaks every device on purpose: only for proving that the soak notices. */
  sabotage?: Sabotage;
}

export interface SoakResult {
  seed: number;
  ops: number;
  plan: string;
  sends: { confirmed: number; unconfirmed: number; refused: number };
  /** Edits and recalls the bridge accepted. */
  revisions: number;
  /** Reactions and hides the bridge accepted. */
  reactions: number;
  hides: number;
  messagesOnServer: number;
  /** `messages.send` and `sync.catchUp` requests on the wire: more sends than messages means resends. */
  wire: { sends: number; catchUps: number };
  /** False when the settle wait ran out; the violations then say what was still missing. */
  settled: boolean;
  settleMs: number;
  durationMs: number;
  violations: Violation[];
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * One seed of the correctness soak: builds a world, plays the seed's fault plan against it,
 * heals everything, waits for every device to settle and audits the result.
 */
export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const started = Date.now();
  const plan = createFaultPlan(options.seed, options.ops);
  const world = await SoakWorld.create({ sabotage: options.sabotage });
  const sends: SendRecord[] = [];
  try {
    const pending = SOAK_DEVICES.map(() => new Set<Promise<void>>());
    for (const [index, step] of plan.steps.entries()) {
      options.trace?.(`${String(Date.now() - started).padStart(6)}ms #${index} ${describeStep(step)}`);
      await play(world, step, sends, pending);
    }

    await world.heal();
    // Sends fired at running apps answer promptly; those of crashed apps never will and were dropped.
    await Promise.race([Promise.allSettled(pending.flatMap((set) => [...set])), sleep(10_000)]);

    const settleStarted = Date.now();
    const reader = await ServerLogReader.connect(world.server.socketUrl, world.accounts);
    try {
      const { input, settled } = await settle(world, reader, sends, options.settleTimeoutMs ?? 30_000, options.trace);
      const violations = auditSoak(input);
      return {
        seed: options.seed,
        ops: options.ops,
        plan: describePlan(plan),
        sends: countOutcomes(sends),
        revisions: sends.reduce((sum, send) => sum + (send.revisions?.length ?? 0), 0),
        reactions: sends.reduce((sum, send) => sum + (send.reactions?.length ?? 0), 0),
        hides: sends.reduce((sum, send) => sum + (send.hiddenBy?.length ?? 0), 0),
        messagesOnServer: input.server.reduce((sum, log) => sum + log.messages.length, 0),
        wire: {
          sends: world.devices.reduce((sum, device) => sum + device.wire.sends, 0),
          catchUps: world.devices.reduce((sum, device) => sum + device.wire.catchUps, 0),
        },
        settled,
        settleMs: Date.now() - settleStarted,
        durationMs: Date.now() - started,
        violations,
      };
    } finally {
      await reader.close();
    }
  } finally {
    await world.dispose();
  }
}

async function play(world: SoakWorld, step: SoakStep, sends: SendRecord[], pending: Array<Set<Promise<void>>>): Promise<void> {
  switch (step.kind) {
    case 'send': {
      const device = world.devices[step.device]!;
      const record: SendRecord = {
        device: device.name,
        accountId: device.accountId!,
        conversationId: world.conversationIds[step.conversation]!,
        text: step.text,
        outcome: { kind: 'unconfirmed' },
      };
      sends.push(record);
      // Not awaited: the storm goes on while the send is written and flushed.
      const sending = device.call('messages.send', { conversationId: record.conversationId, text: record.text }).then(
        ({ message }) => {
          record.outcome = { kind: 'confirmed', clientId: message.clientId };
        },
        (error: { code?: string }) => {
          record.outcome = { kind: 'refused', code: error.code ?? String(error) };
        },
      );
      const set = pending[step.device]!;
      set.add(sending);
      void sending.finally(() => set.delete(sending));
      return;
    }
    case 'edit':
    case 'recall':
    case 'react':
    case 'hide':
      return revise(world, step, sends, pending);
    case 'wait':
      return sleep(step.ms);
    case 'link.cut':
      return world.devices[step.device]!.proxy.cut(step.mode);
    case 'link.restore':
      return world.devices[step.device]!.proxy.restore();
    case 'server.restart':
      await world.stopServer('graceful');
      return world.startServer();
    case 'server.stop':
      return world.stopServer('graceful');
    case 'server.crash':
      return world.stopServer('crash');
    case 'server.start':
      return world.startServer();
    case 'device.crash':
      // Its unanswered sends stay "unconfirmed": the dead process will never answer them.
      pending[step.device]!.clear();
      return world.devices[step.device]!.crash();
    case 'device.boot':
      return world.devices[step.device]!.boot();
  }
}

/**
 * Codes after which the server certainly did not apply an edit or recall. Not `client.offline`:
 * a link that drops while the request is in flight fails it so, after the server may have applied it.
 */
const NOT_APPLIED = new Set([
  'message.not_editable',
  'message.recall_expired',
  'message.not_found',
  'message.too_many_reactions',
  'auth.required',
  'validation.invalid',
  'ipc.invalid_request',
]);

type Revision = Extract<SoakStep, { kind: 'edit' | 'recall' | 'react' | 'hide' }>;

/**
 * An edit, recall, reaction or hide of an earlier confirmed send, through the acting device's
 * bridge (online only). Not awaited, like sends; one operation on a message at a time, so the
 * ledger knows their order.
 */
async function revise(world: SoakWorld, step: Revision, sends: SendRecord[], pending: Array<Set<Promise<void>>>): Promise<void> {
  const device = world.devices[step.device]!;
  const ownOnly = step.kind === 'edit' || step.kind === 'recall';
  const record = sends.find((send) => send.text === step.target && (!ownOnly || send.device === device.name));
  if (!record || record.outcome.kind !== 'confirmed' || revising.has(record)) return;
  const clientId = record.outcome.clientId;
  revising.add(record);
  // Uncertain until the bridge answers: if the app dies first, the server may have it or not.
  const flag = step.kind === 'react' ? 'reactionsUncertain' : 'uncertain';
  const wasUncertain = record[flag] ?? false;
  if (step.kind !== 'hide') record[flag] = true; // an unanswered hide is simply not in the ledger
  const revision = (async () => {
    // A user edits what has been sent: wait a little for it to leave the outbox.
    let target: { id: string | null } | undefined;
    for (let tries = 0; tries < 30 && !target; tries++) {
      if (tries > 0) await sleep(100);
      const page = await device.call('messages.list', { conversationId: record.conversationId, limit: 500 });
      target = page.messages.find((message) => message.clientId === clientId && message.id !== null);
    }
    if (!target) {
      if (step.kind !== 'hide') record[flag] = wasUncertain; // not sent yet, or not in this cache: nothing to do
      return;
    }
    const request = { conversationId: record.conversationId, messageId: target.id! };
    switch (step.kind) {
      case 'edit':
        await device.call('messages.edit', { ...request, text: step.text });
        record.revisions = [...(record.revisions ?? []), { kind: 'edit', text: step.text }];
        break;
      case 'recall':
        await device.call('messages.recall', request);
        record.revisions = [...(record.revisions ?? []), { kind: 'recall' }];
        break;
      case 'react':
        await device.call('messages.react', { ...request, emoji: step.emoji, on: step.on });
        record.reactions = [...(record.reactions ?? []), { accountId: device.accountId!, emoji: step.emoji, on: step.on }];
        break;
      case 'hide':
        await device.call('messages.hide', request);
        record.hiddenBy = [...new Set([...(record.hiddenBy ?? []), device.accountId!])];
        break;
    }
    if (step.kind !== 'hide') record[flag] = wasUncertain;
  })().then(
    () => undefined,
    (error: { code?: string }) => {
      if (NOT_APPLIED.has(error.code ?? '') && step.kind !== 'hide') record[flag] = wasUncertain;
    },
  );
  const set = pending[step.device]!;
  const tracked = revision.finally(() => {
    revising.delete(record);
    set.delete(tracked);
  });
  set.add(tracked);
}
const revising = new WeakSet<SendRecord>();

/**
 * Polls until every outbox is empty and every member's cache holds its conversations up to the
 * server's lastSeq, or the time runs out. Returns the last snapshot either way.
 */
async function settle(world: SoakWorld, reader: ServerLogReader, sends: SendRecord[], timeoutMs: number, trace?: (line: string) => void) {
  const started = Date.now();
  let lastTrace = started;
  for (;;) {
    const { input, consistent } = await snapshot(world, reader, sends);
    const waitingFor = consistent ? unsettled(input) : ['the server log moved while it was read'];
    if (waitingFor.length === 0) return { input, settled: true };
    if (Date.now() - started > timeoutMs) return { input, settled: false };
    if (trace && Date.now() - lastTrace >= 1_000) {
      lastTrace = Date.now();
      const links = await Promise.all(world.devices.map(async (device) => `${device.name} ${(await device.call('connection.get', {})).status}`));
      trace(`settling ${lastTrace - started}ms: waiting for ${waitingFor.join('; ')} (${links.join(', ')})`);
    }
    await sleep(100);
  }
}

/** What keeps the world from being settled: non-empty outboxes and caches behind the server. */
function unsettled(input: AuditInput): string[] {
  const waiting: string[] = [];
  for (const device of input.devices) {
    if (device.outbox.length > 0) waiting.push(`${device.device} outbox ${device.outbox.length}`);
    for (const log of input.server.filter((entry) => entry.memberIds.includes(device.accountId))) {
      // Count and newest both: a cache holding the newest seq can still have a hole below it.
      // Against the account's own view: what it hid must be gone from its caches too.
      const view = viewOf(log, device.accountId);
      const timeline = device.timelines[log.conversationId] ?? [];
      const newest = timeline.at(-1)?.seq ?? 0;
      const viewNewest = view.at(-1)?.seq ?? 0;
      if (!device.conversationIds.includes(log.conversationId)) waiting.push(`${device.device} lacks ${log.label}`);
      else if (newest !== viewNewest || timeline.length !== view.length) {
        waiting.push(`${device.device} ${log.label} holds ${timeline.length} up to ${newest} of ${view.length} up to ${viewNewest}`);
      } else {
        const truth = new Map(view.map((message) => [message.seq, stateOf(message)]));
        const stale = timeline.filter((message) => truth.get(message.seq) !== stateOf(message)).length;
        if (stale > 0) waiting.push(`${device.device} ${log.label} has ${stale} messages behind their latest change`);
      }
    }
  }
  return waiting;
}

async function snapshot(world: SoakWorld, reader: ServerLogReader, sends: SendRecord[]): Promise<{ input: AuditInput; consistent: boolean }> {
  const { logs: server, consistent } = await reader.read();
  const devices = [];
  for (const device of world.devices) {
    const alsoRead = server.filter((log) => log.memberIds.includes(device.accountId!)).map((log) => log.conversationId);
    devices.push(await readDeviceCache({ name: device.name, accountId: device.accountId!, cache: await device.cacheOnDisk() }, alsoRead));
  }
  return { input: { server, devices, sends: sends.map((send) => ({ ...send })) }, consistent };
}

function countOutcomes(sends: readonly SendRecord[]) {
  const counts = { confirmed: 0, unconfirmed: 0, refused: 0 };
  for (const send of sends) counts[send.outcome.kind] += 1;
  return counts;
}

export function describeStep(step: SoakStep): string {
  const device = 'device' in step ? ` ${SOAK_DEVICES[step.device]!.name}` : '';
  switch (step.kind) {
    case 'send':
      return `send${device} → conversation ${step.conversation}: ${step.text}`;
    case 'wait':
      return `wait ${step.ms}ms`;
    case 'link.cut':
      return `link.cut${device} (${step.mode})`;
    case 'react':
      return `react${device} ${step.emoji} ${step.on ? 'on' : 'off'} → ${step.target}`;
    case 'hide':
    case 'edit':
    case 'recall':
      return `${step.kind}${device} → ${step.target}`;
    default:
      return `${step.kind}${device}`;
  }
}

/** One line per seed for the long run's log. */
export function formatResult(result: SoakResult): string {
  const { confirmed, unconfirmed, refused } = result.sends;
  const verdict = result.violations.length === 0 ? 'ok' : `FAIL (${result.violations.length} violations)`;
  return (
    `seed ${result.seed}: ${verdict} — ${result.ops} ops, sends ${confirmed} confirmed / ${unconfirmed} unconfirmed / ${refused} refused, ${result.revisions} edits/recalls, ${result.reactions} reactions, ${result.hides} hides, ` +
    `${result.messagesOnServer} on server (${result.wire.sends} send requests, ${result.wire.catchUps} catch-up pages), settled ${result.settled ? 'yes' : 'NO'} in ${result.settleMs}ms, total ${result.durationMs}ms`
  );
}
