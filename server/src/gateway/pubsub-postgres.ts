import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Store } from '../store/store';
import type { LiveEvent, PubSub } from './pubsub';

/** One channel per database; test databases on one cluster therefore never hear each other. */
const CHANNEL = 'magpie_live_events';
/**
 * NOTIFY payloads must stay under 8000 bytes. A text message may be 8000 characters (24 KB of
 * UTF-8), and a conversation's member list grows with the conversation, so events that do not fit
 * travel as a reference the receiving node loads from the store. Small events (almost all) go
 * inline, so a typical message costs other nodes no query at all.
 */
const MAX_INLINE_BYTES = 7_900;

type Envelope =
  | { from: string; event: LiveEvent }
  | { from: string; ref: { type: 'message.new' | 'message.updated'; messageId: string } };

interface Options {
  connectionString: string;
  /** Publishes go through the store's pool: no extra connection per publish. */
  pool: pg.Pool;
  store: Store;
  deliver: (event: LiveEvent) => void;
  /** Called after the listening connection was lost and re-established: events may have been missed. */
  onGap: () => void;
  log: { warn(obj: object, msg: string): void };
}

/**
 * Live events across nodes over PostgreSQL LISTEN/NOTIFY. Each envelope names the node that sent
 * it; a node skips its own (it delivered them locally in `publish`), so every socket gets each
 * event exactly once. Notifications are handled one after another so references being loaded do
 * not let later events overtake earlier ones.
 */
export class PostgresPubSub implements PubSub {
  private readonly nodeId = randomUUID();
  private listener: pg.Client | null = null;
  private closed = false;
  private inbound: Promise<void> = Promise.resolve();
  private readonly outbound = new Set<Promise<unknown>>();

  private constructor(private readonly options: Options) {}

  static async start(options: Options): Promise<PostgresPubSub> {
    const pubsub = new PostgresPubSub(options);
    await pubsub.listen();
    return pubsub;
  }

  publish(event: LiveEvent): void {
    this.options.deliver(event);
    for (const payload of this.encode(event)) {
      const sent = this.options.pool
        .query('SELECT pg_notify($1, $2)', [CHANNEL, payload])
        .catch((error: unknown) => this.options.log.warn({ err: error }, 'could not publish a live event to other nodes'))
        .finally(() => this.outbound.delete(sent));
      this.outbound.add(sent);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.outbound]);
    await this.inbound;
    await this.listener?.end().catch(() => {});
    this.listener = null;
  }

  /**
   * One envelope when it fits. A message too large travels as a reference (each node loads it and
   * its audience); other events split their recipient list over several envelopes.
   */
  private encode(event: LiveEvent): string[] {
    const inline = JSON.stringify({ from: this.nodeId, event } satisfies Envelope);
    if (Buffer.byteLength(inline) <= MAX_INLINE_BYTES) return [inline];
    if (event.type === 'message.new' || event.type === 'message.updated') {
      return [JSON.stringify({ from: this.nodeId, ref: { type: event.type, messageId: event.message.id } } satisfies Envelope)];
    }
    if (!('userIds' in event) || event.userIds.length < 2) throw new Error(`live event ${event.type} is too large to publish`);
    const half = Math.ceil(event.userIds.length / 2);
    return [
      ...this.encode({ ...event, userIds: event.userIds.slice(0, half) } as LiveEvent),
      ...this.encode({ ...event, userIds: event.userIds.slice(half) } as LiveEvent),
    ];
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.connectionString, application_name: 'magpie-live-events' });
    client.on('notification', (n) => {
      if (n.channel !== CHANNEL || !n.payload) return;
      const payload = n.payload;
      this.inbound = this.inbound.then(() => this.receive(payload)).catch((error: unknown) => {
        this.options.log.warn({ err: error }, 'could not deliver a live event from another node');
      });
    });
    client.on('error', (error) => this.options.log.warn({ err: error }, 'live events connection failed'));
    client.on('end', () => this.lost(client));
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    this.listener = client;
  }

  /** Reconnects with backoff; clients are told to reconnect and catch up for what was missed. */
  private lost(client: pg.Client): void {
    if (this.closed || this.listener !== client) return;
    this.listener = null;
    const retry = (delayMs: number) => {
      setTimeout(() => {
        if (this.closed) return;
        this.listen().then(
          () => this.options.onGap(),
          () => retry(Math.min(delayMs * 2, 5_000)),
        );
      }, delayMs).unref();
    };
    retry(100);
  }

  private async receive(payload: string): Promise<void> {
    const envelope = JSON.parse(payload) as Envelope;
    if (envelope.from === this.nodeId) return;
    if ('event' in envelope) return this.options.deliver(envelope.event);
    const { messaging } = this.options.store;
    const message = await messaging.findMessage(envelope.ref.messageId);
    if (!message) return;
    const userIds = await messaging.conversationAudience(message.conversationId, message.seq);
    this.options.deliver({ type: envelope.ref.type, userIds, message });
  }
}
