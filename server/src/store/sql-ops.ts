/**
 * The messaging model's SQL is written once, as generator functions that `yield` each statement
 * and receive its result. Each store drives them its own way:
 *
 * - SQLite runs the generator synchronously inside one better-sqlite3 transaction. Nothing else
 *   can interleave (no `await` happens between BEGIN and COMMIT), so a write from another request
 *   can never land inside, or be rolled back with, this transaction.
 * - PostgreSQL runs it asynchronously on one pooled client between BEGIN and COMMIT.
 *
 * Statements use `?` placeholders (the PostgreSQL driver numbers them). The few dialect
 * differences are ops of their own: row locks (`lock: true` appends FOR UPDATE on PostgreSQL),
 * feed positions (see `feedAppend`), and search-index writes (each store keeps its own index).
 */
export type Query =
  | { op: 'all' | 'get' | 'run'; sql: string; params: readonly unknown[]; lock?: boolean; prepared?: boolean }
  | { op: 'feed'; rows: readonly FeedInsert[] }
  | { op: 'index'; messageId: string; conversationId: string; text: string | null }
  | { op: 'dialect' };

export type Op<T> = Generator<Query, T, unknown>;

/** A change written to the feed (see migration 4). `target` null: every active member. */
export interface FeedInsert {
  conversationId: string;
  target: string | null;
  kind: 'message' | 'conversation' | 'hidden';
  messageId: string | null;
  /** The message's seq (message and hidden rows). */
  seq: number | null;
}

export function* all<T>(sql: string, params: readonly unknown[] = []): Op<T[]> {
  return (yield { op: 'all', sql, params }) as T[];
}

export function* get<T>(sql: string, params: readonly unknown[] = []): Op<T | undefined> {
  return (yield { op: 'get', sql, params }) as T | undefined;
}

/** Reads rows and, on PostgreSQL, holds their row locks until the transaction ends. */
export function* allLocked<T>(sql: string, params: readonly unknown[] = []): Op<T[]> {
  return (yield { op: 'all', sql, params, lock: true }) as T[];
}

/** Reads one row and, on PostgreSQL, holds its row lock until the transaction ends. */
export function* getLocked<T>(sql: string, params: readonly unknown[] = []): Op<T | undefined> {
  return (yield { op: 'get', sql, params, lock: true }) as T | undefined;
}

/**
 * `get` for a hot statement: PostgreSQL keeps it parsed and planned per connection (a named
 * prepared statement), which matters for a large one like the send's. SQLite prepares every
 * statement once anyway.
 */
export function* getPrepared<T>(sql: string, params: readonly unknown[] = []): Op<T | undefined> {
  return (yield { op: 'get', sql, params, prepared: true }) as T | undefined;
}

/** Runs a statement; resolves with the number of rows it changed. */
export function* run(sql: string, params: readonly unknown[] = []): Op<number> {
  return (yield { op: 'run', sql, params }) as number;
}

/**
 * Allocates feed positions for `rows`, in order, inserts them and stamps each changed thing with
 * its position (`revStamps`). MUST be the last step of a writing transaction that touches new
 * rows: on PostgreSQL it takes the feed's advisory lock, held to commit, and the rows it stamps
 * must already be locked by the transaction (it writes them after the lock). PostgreSQL does all
 * of it in one statement; SQLite in a few prepared ones.
 */
export function* feedAppend(rows: readonly FeedInsert[]): Op<number[]> {
  if (rows.length === 0) return [];
  return (yield { op: 'feed', rows }) as number[];
}

/** A `rev` to write: a message's, a conversation's (untargeted rows), or a member's own (targeted). */
export type RevStamp =
  | { table: 'messages'; messageId: string; pos: number }
  | { table: 'conversations'; conversationId: string; pos: number }
  | { table: 'members'; conversationId: string; userId: string; pos: number };

/** What each changed thing's `rev` becomes: the last position of its rows (hidden rows stamp nothing). */
export function revStamps(rows: readonly FeedInsert[], positions: readonly number[]): RevStamp[] {
  const stamps = new Map<string, RevStamp>();
  rows.forEach((row, i) => {
    const pos = positions[i]!;
    let key: string;
    let stamp: RevStamp;
    if (row.kind === 'message') {
      key = `m:${row.messageId}`;
      stamp = { table: 'messages', messageId: row.messageId!, pos };
    } else if (row.kind === 'conversation' && row.target === null) {
      key = `c:${row.conversationId}`;
      stamp = { table: 'conversations', conversationId: row.conversationId, pos };
    } else if (row.kind === 'conversation') {
      key = `u:${row.conversationId}:${row.target}`;
      stamp = { table: 'members', conversationId: row.conversationId, userId: row.target!, pos };
    } else return;
    const before = stamps.get(key);
    if (!before || before.pos < pos) stamps.set(key, stamp);
  });
  return [...stamps.values()];
}

/** Writes, replaces (keeping its place) or, with `text` null, removes a message's search entry. */
export function* indexText(messageId: string, conversationId: string, text: string | null): Op<void> {
  yield { op: 'index', messageId, conversationId, text };
}

export function* dialect(): Op<'sqlite' | 'postgres'> {
  return (yield { op: 'dialect' }) as 'sqlite' | 'postgres';
}

/** Runs an op to completion with a synchronous executor (SQLite). */
export function driveSync<T>(op: Op<T>, exec: (query: Query) => unknown): T {
  let step = op.next();
  while (!step.done) {
    let value: unknown;
    let failure: { error: unknown } | undefined;
    try {
      value = exec(step.value);
    } catch (error) {
      failure = { error };
    }
    step = failure ? op.throw(failure.error) : op.next(value);
  }
  return step.value;
}

/** Runs an op to completion with an asynchronous executor (PostgreSQL). */
export async function driveAsync<T>(op: Op<T>, exec: (query: Query) => Promise<unknown>): Promise<T> {
  let step = op.next();
  while (!step.done) {
    let value: unknown;
    let failure: { error: unknown } | undefined;
    try {
      value = await exec(step.value);
    } catch (error) {
      failure = { error };
    }
    step = failure ? op.throw(failure.error) : op.next(value);
  }
  return step.value;
}

/** How a store runs ops: `write` in a writing transaction, `read` in one consistent snapshot. */
export interface OpRunner {
  write<T>(op: () => Op<T>): Promise<T>;
  read<T>(op: () => Op<T>): Promise<T>;
}

/** Placeholders for an IN list: `(?, ?, ?)`; never empty (an empty list matches nothing). */
export const inList = (n: number): string => (n === 0 ? '(NULL)' : `(${Array.from({ length: n }, () => '?').join(', ')})`);
