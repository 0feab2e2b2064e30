import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, expect, it } from 'vitest';
import { isMagpieError } from '../../../shared/errors';
import { IdSchema } from '../../../shared/protocol';
import { describeEachStore } from '../test-stores';
import { createTestDatabase, queryTestDatabase, type TestDatabase } from '../testing-postgres';
import { MIGRATIONS } from './migrations';
import { PostgresStore } from './postgres-store';
import { SqliteStore } from './sqlite-store';
import type { Store } from './store';

describeEachStore('store', ({ kind }) => {
  /** One place (a directory or a database) per test; `open` may be called again for a second node. */
  interface Place { open(): Promise<Store>; versions(): Promise<number[]>; remove(): Promise<void> }
  const places: Place[] = [];
  const stores: Store[] = [];
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
  });
  afterAll(async () => {
    await Promise.all(places.map((p) => p.remove()));
  });

  async function newPlace(): Promise<Place> {
    let place: Place;
    if (kind === 'sqlite') {
      const dir = mkdtempSync(path.join(tmpdir(), 'magpie-store-'));
      place = {
        open: async () => SqliteStore.open(dir),
        versions: async () => {
          const db = new Database(path.join(dir, 'magpie.db'), { readonly: true });
          try {
            expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
            return (db.prepare('SELECT version FROM schema_version ORDER BY version').all() as Array<{ version: number }>).map((r) => r.version);
          } finally {
            db.close();
          }
        },
        remove: async () => rmSync(dir, { recursive: true, force: true }),
      };
    } else {
      const database: TestDatabase = await createTestDatabase();
      place = {
        open: () => PostgresStore.open(database.url, 4),
        versions: async () => (await queryTestDatabase<{ version: number }>(database.url, 'SELECT version FROM schema_version ORDER BY version')).map((r) => r.version),
        remove: () => database.drop(),
      };
    }
    places.push(place);
    return place;
  }

  async function open(place?: Place): Promise<Store> {
    const store = await (place ?? (await newPlace())).open();
    stores.push(store);
    return store;
  }

  const direct = async (store: Store, a: string, b: string) => (await store.messaging.openDirect(a, b, Date.now())).result;
  const append = async (store: Store, input: { conversationId: string; senderId: string; clientId: string; text: string }) =>
    (await store.messaging.send({ ...input, kind: 'text', mentions: [], mentionsAll: false, attachment: null, card: null, now: Date.now() })).result;

  async function people(store: Store, ...names: string[]) {
    return Promise.all(names.map((username) => store.createUser({ username, displayName: username, passwordHash: 'x' })));
  }

  it('applies migrations once and records the schema version, also when two nodes start at once', async () => {
    const place = await newPlace();
    await Promise.all([open(place), open(place)]);
    await open(place); // a later start must not re-run anything
    expect(await place.versions()).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it('creates ids that satisfy the protocol, and a direct conversation once per pair', async () => {
    const store = await open();
    const [a, b] = await people(store, 'a1', 'b1');
    expect(IdSchema.safeParse(a!.id).success).toBe(true);
    const [first, second] = await Promise.all([direct(store, a!.id, b!.id), direct(store, b!.id, a!.id)]);
    expect([first.created, second.created].sort()).toEqual([false, true]);
    expect(second.conversation.id).toEqual(first.conversation.id);
    expect(await store.countUsers()).toBe(2);
  });

  it('refuses to reuse a clientId in another conversation instead of returning the wrong message', async () => {
    const store = await open();
    const [a, b, c] = await people(store, 'a2', 'b2', 'c2');
    const ab = (await direct(store, a!.id, b!.id)).conversation;
    const ac = (await direct(store, a!.id, c!.id)).conversation;
    await append(store, { conversationId: ab.id, senderId: a!.id, clientId: 'same', text: 'hi' });
    const error = await append(store, { conversationId: ac.id, senderId: a!.id, clientId: 'same', text: 'hi' }).catch((e: unknown) => e);
    expect(isMagpieError(error, 'validation.invalid')).toBe(true);
    expect((await store.messaging.listConversations(a!.id)).find((x) => x.id === ac.id)?.lastSeq).toBe(0);
  });

  it('keeps seqs gap-free across two nodes sending at once, and a raced resend stores one message and uses no seq', async () => {
    const place = await newPlace();
    const [one, two] = [await open(place), await open(place)];
    const [a, b] = await people(one, 'a3', 'b3');
    const { conversation } = await direct(one, a!.id, b!.id);
    const appendVia = (store: Store, clientId: string) => append(store, { conversationId: conversation.id, senderId: a!.id, clientId, text: clientId });
    // Every fourth message is sent through both nodes at the same moment (a resend racing itself).
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        i % 4 === 0 ? Promise.all([appendVia(one, `dup-${i}`), appendVia(two, `dup-${i}`)]) : Promise.all([appendVia(i % 2 ? one : two, `m-${i}`)]),
      ),
    );
    const created = results.flat().filter((r) => r.created).map((r) => r.message);
    expect(created.map((m) => m.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    for (const pair of results.filter((r) => r.length === 2)) {
      expect(pair[1]!.message).toEqual(pair[0]!.message);
      expect(pair.filter((r) => r.created)).toHaveLength(1);
    }
    const history = await two.messaging.history(a!.id, conversation.id, undefined, 100);
    expect(history.messages.map((m) => m.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(await one.messaging.findMessage(created[0]!.id)).toEqual(created[0]);
    expect(await one.messaging.findMessage('no-such-message')).toBeNull();
  });

  it('stores long Chinese text and case-folded search exactly', async () => {
    const store = await open();
    const [a, b] = await people(store, 'a4', 'b4');
    await store.createUser({ username: 'wxm', displayName: '王小明 Größe', passwordHash: 'x' });
    const { conversation } = await direct(store, a!.id, b!.id);
    const text = '长'.repeat(8000);
    const { message } = await append(store, { conversationId: conversation.id, senderId: a!.id, clientId: 'long', text });
    expect((await store.messaging.findMessage(message.id))?.text).toBe(text);
    expect((await store.searchUsers('小明', 10)).map((u) => u.username)).toEqual(['wxm']);
    expect((await store.searchUsers('GRÖßE', 10)).map((u) => u.username)).toEqual(['wxm']);
    expect(await store.searchUsers('%', 10)).toEqual([]);
  });
});
