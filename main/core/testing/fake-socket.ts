import type { SocketLike } from '../host';

type Listener = (event: never) => void;

/**
 * A scripted WebSocket for unit tests: the test decides when it opens, what the "server" answers
 * and when it drops. Delivery is synchronous; use with vi fake timers.
 */
export class FakeSocket implements SocketLike {
  readyState = 0;
  readonly sent: Array<{ id: string; method: string; params: unknown }> = [];
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(readonly url: string, private readonly answer: (socket: FakeSocket, frame: { id: string; method: string; params: unknown }) => void) {}

  addEventListener(type: string, listener: Listener): void {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type)!.add(listener);
  }

  send(data: string): void {
    const frame = JSON.parse(data) as { id: string; method: string; params: unknown };
    this.sent.push(frame);
    this.answer(this, frame);
  }

  close(): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.fire('close', { code: 1000, reason: '' });
  }

  open(): void {
    this.readyState = 1;
    this.fire('open', undefined);
  }

  fail(): void {
    this.fire('error', {});
    this.close();
  }

  push(frame: unknown): void {
    this.fire('message', { data: typeof frame === 'string' ? frame : JSON.stringify(frame) });
  }

  reply(id: string, result: unknown): void {
    this.push({ v: 1, type: 'reply', id, ok: true, result });
  }

  private fire(type: string, event: unknown): void {
    for (const listener of [...(this.listeners.get(type) ?? [])]) (listener as (event: unknown) => void)(event);
  }
}
