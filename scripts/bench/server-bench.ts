import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { WebSocket } from 'ws';
import { closeAll, openSockets, percentile, Rpc, signUp, spawnTs, until, type Child } from './bench-kit';
import { startBenchPostgres } from './bench-postgres';
import { rawPostgresLoop, rawSqliteLoop } from './raw-store-loops';

/**
 * Server benches, each printed against a raw baseline measured in the same run on the same
 * machine, so the ratio says what the protocol, validation and bookkeeping cost on top of the
 * engine, whatever the machine. Loopback only; every phase is bounded in count and time.
 */

const SENDERS = 16; // concurrent sending sockets, each in its own conversation
const WINDOW = 8; // requests each sender keeps in flight
const DURABLE_COUNT = { sqlite: 6_000, postgres: 3_000 };
const DURABLE_DEADLINE_MS = 20_000;
const SOCKETS = 1_000;
const FANOUT_MESSAGES = 200;
const LATENCY_ROUNDS = 200;
const TEXT = 'Benchmark message 基准测试消息 — about the length of a short chat line.';

export interface Row { metric: string; magpie: string; raw: string; ratio: string }

const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2));
const ms = (n: number) => `${n.toFixed(2)} ms`;

async function startMagpie(env: Record<string, string>): Promise<Child> {
  return spawnTs('server/src/main.ts', {
    MAGPIE_PORT: '0',
    MAGPIE_LOG_LEVEL: 'warn',
    MAGPIE_RATE_AUTH_PER_MIN: '1000000',
    MAGPIE_RATE_SEND_BURST: '1000000',
    MAGPIE_RATE_SEND_PER_SEC: '1000000',
    ...env,
  }, /socket: (ws:\/\/\S+)/);
}

/** Accepted durable messages/s: SENDERS sockets, WINDOW requests in flight each, until `count`. */
async function durableSends(url: string, count: number): Promise<number> {
  const sink = await signUp(url, `sink${Date.now()}`);
  const senders = await Promise.all(Array.from({ length: SENDERS }, (_, i) => signUp(url, `sender${i}-${Date.now()}`)));
  const conversations = await Promise.all(senders.map((s) => s.rpc.request('conversations.openDirect', { userId: sink.userId })));
  let issued = 0;
  let accepted = 0;
  const deadline = Date.now() + DURABLE_DEADLINE_MS;
  const started = performance.now();
  await Promise.all(senders.flatMap((sender, s) => Array.from({ length: WINDOW }, async () => {
    while (issued < count && Date.now() < deadline) {
      const i = issued++;
      await sender.rpc.request('messages.send', { conversationId: conversations[s].conversation.id, clientId: `b${i}`, text: TEXT });
      accepted++;
    }
  })));
  const rate = accepted / ((performance.now() - started) / 1000);
  await closeAll([sink.rpc.ws, ...senders.map((s) => s.rpc.ws)]);
  return rate;
}

interface FanOutRig { receivers: WebSocket[]; send(i: number): void; close(): Promise<void> }

/** 1,000 sockets of the two members of one conversation, and a separate sending socket. */
async function magpieRig(url: string): Promise<FanOutRig> {
  const a = await signUp(url, `fan-a${Date.now()}`);
  const b = await signUp(url, `fan-b${Date.now()}`);
  const { conversation } = await a.rpc.request('conversations.openDirect', { userId: b.userId });
  const sockets = await openSockets(url, SOCKETS);
  await Promise.all(sockets.map((ws, i) => new Rpc(ws).request('auth.resume', { token: i % 2 === 0 ? b.token : a.token })));
  for (const ws of sockets) ws.removeAllListeners('message');
  return {
    receivers: sockets,
    send: (i) => void a.rpc.request('messages.send', { conversationId: conversation.id, clientId: `f${i}-${Date.now()}`, text: TEXT }),
    close: () => closeAll([...sockets, a.rpc.ws, b.rpc.ws]),
  };
}

async function rawRig(port: string): Promise<FanOutRig> {
  const url = `ws://127.0.0.1:${port}`;
  const sockets = await openSockets(url, SOCKETS);
  const [sender] = await openSockets(url, 1);
  // The same bytes Magpie pushes for one message, so both sides move equal frames.
  const frame = JSON.stringify({ v: 1, type: 'event', event: 'message.new', data: { message: { id: 'x'.repeat(26), conversationId: 'y'.repeat(26), seq: 1, clientId: 'f1', senderId: 'z'.repeat(26), kind: 'text', text: TEXT, createdAt: Date.now() } } });
  return { receivers: sockets, send: () => sender!.send(frame), close: () => closeAll([...sockets, sender!]) };
}

/**
 * Deliveries/s of FANOUT_MESSAGES sent back to back, then latency rounds one message at a time:
 * send → first socket served, and send → the last of all sockets.
 */
async function fanOut(rig: FanOutRig): Promise<{ perSecond: number; toOne: number[]; toAll: number[] }> {
  let delivered = 0;
  let onFrame = () => {};
  for (const ws of rig.receivers) ws.on('message', () => {
    delivered++;
    onFrame();
  });
  const total = FANOUT_MESSAGES * rig.receivers.length;
  const started = performance.now();
  for (let i = 0; i < FANOUT_MESSAGES; i++) rig.send(i);
  await until(() => delivered >= total, 60_000, 'fan-out deliveries');
  const perSecond = total / ((performance.now() - started) / 1000);

  const toOne: number[] = [];
  const toAll: number[] = [];
  for (let round = 0; round < LATENCY_ROUNDS; round++) {
    const base = delivered;
    const t0 = performance.now();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('latency round timed out')), 10_000);
      onFrame = () => {
        if (delivered === base + 1) toOne.push(performance.now() - t0);
        if (delivered >= base + rig.receivers.length) {
          toAll.push(performance.now() - t0);
          clearTimeout(timer);
          resolve();
        }
      };
      rig.send(FANOUT_MESSAGES + round);
    });
  }
  await rig.close();
  return { perSecond, toOne: toOne.sort((x, y) => x - y), toAll: toAll.sort((x, y) => x - y) };
}

function latencyRows(label: string, magpie: { toOne: number[]; toAll: number[] }, raw: { toOne: number[]; toAll: number[] }): Row[] {
  const rows: Row[] = [];
  for (const p of [50, 99]) {
    const m = percentile(magpie.toOne, p);
    const r = percentile(raw.toOne, p);
    rows.push({ metric: `${label}: send → first socket, p${p}`, magpie: ms(m), raw: ms(r), ratio: `${(m / r).toFixed(1)}x slower` });
  }
  for (const p of [50, 99]) {
    const m = percentile(magpie.toAll, p);
    const r = percentile(raw.toAll, p);
    rows.push({ metric: `${label}: send → all ${SOCKETS} sockets, p${p}`, magpie: ms(m), raw: ms(r), ratio: `${(m / r).toFixed(1)}x slower` });
  }
  return rows;
}

const throughputRow = (metric: string, magpie: number, raw: number): Row => ({ metric, magpie: `${fmt(magpie)}/s`, raw: `${fmt(raw)}/s`, ratio: `${((magpie / raw) * 100).toFixed(0)}% of raw` });

export async function runServerBench(log: (line: string) => void): Promise<Row[]> {
  const rows: Row[] = [];
  const rawWs = await spawnTs('scripts/bench/raw-broadcast-server.ts', {}, /on port (\d+)/);
  const raw = await fanOut(await rawRig(rawWs.ready));
  await rawWs.stop();
  log(`raw ws: ${fmt(raw.perSecond)} deliveries/s`);

  const dataDir = mkdtempSync(path.join(tmpdir(), 'magpie-bench-'));
  try {
    const sqliteRaw = rawSqliteLoop(DURABLE_COUNT.sqlite, TEXT);
    const server = await startMagpie({ MAGPIE_DATA_DIR: dataDir });
    try {
      const sends = await durableSends(server.ready, DURABLE_COUNT.sqlite);
      log(`embedded: ${fmt(sends)} sends/s (raw ${fmt(sqliteRaw)}/s)`);
      const fan = await fanOut(await magpieRig(server.ready));
      log(`embedded: ${fmt(fan.perSecond)} deliveries/s`);
      rows.push(throughputRow('embedded SQLite: accepted durable sends', sends, sqliteRaw));
      rows.push(throughputRow(`embedded SQLite: fan-out deliveries to ${SOCKETS} sockets`, fan.perSecond, raw.perSecond));
      rows.push(...latencyRows('embedded SQLite', fan, raw));
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }

  const postgres = await startBenchPostgres(log);
  if (!postgres) {
    rows.push({ metric: 'PostgreSQL', magpie: 'skipped', raw: '', ratio: 'no MAGPIE_BENCH_PG_URL and no cluster' });
    return rows;
  }
  try {
    const rawDb = await postgres.newDatabase();
    const pgRaw = await rawPostgresLoop(rawDb.url, DURABLE_COUNT.postgres, SENDERS, TEXT);
    await rawDb.drop();
    const db = await postgres.newDatabase();
    const server = await startMagpie({ MAGPIE_DATA_DIR: path.join(tmpdir(), 'magpie-bench-unused'), MAGPIE_DATABASE_URL: db.url, MAGPIE_DATABASE_POOL_SIZE: String(SENDERS) });
    try {
      const sends = await durableSends(server.ready, DURABLE_COUNT.postgres);
      log(`PostgreSQL: ${fmt(sends)} sends/s (raw ${fmt(pgRaw)}/s)`);
      const fan = await fanOut(await magpieRig(server.ready));
      log(`PostgreSQL: ${fmt(fan.perSecond)} deliveries/s`);
      rows.push(throughputRow(`PostgreSQL ${postgres.version}: accepted durable sends`, sends, pgRaw));
      rows.push(throughputRow(`PostgreSQL: fan-out deliveries to ${SOCKETS} sockets`, fan.perSecond, raw.perSecond));
      rows.push(...latencyRows('PostgreSQL', fan, raw));
    } finally {
      await server.stop();
      await db.drop();
    }
  } finally {
    await postgres.stop();
  }
  return rows;
}
