import type { MessageTransport } from '../host';

/**
 * Two connected in-memory transports, for tests. Messages are structured-cloned and delivered
 * asynchronously, like a MessagePort, so a test catches values a real port could not carry.
 */
export function createMemoryTransportPair(): [MessageTransport, MessageTransport] {
  const a = new MemoryEnd();
  const b = new MemoryEnd();
  a.peer = b;
  b.peer = a;
  return [a, b];
}

class MemoryEnd implements MessageTransport {
  peer: MemoryEnd | null = null;
  private closed = false;
  private readonly messageListeners = new Set<(message: unknown) => void>();
  private readonly closeListeners = new Set<() => void>();

  send(message: unknown): void {
    // Like a closed MessagePort: sending into the void is silent.
    if (this.closed || !this.peer) return;
    const copy = structuredClone(message);
    const peer = this.peer;
    queueMicrotask(() => peer.deliver(copy));
  }

  onMessage(listener: (message: unknown) => void): () => void {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  }

  onClose(listener: () => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    const peer = this.peer;
    this.peer = null;
    this.fireClose();
    peer?.close();
  }

  private deliver(message: unknown): void {
    if (this.closed) return;
    for (const listener of [...this.messageListeners]) listener(message);
  }

  private fireClose(): void {
    for (const listener of [...this.closeListeners]) listener();
    this.closeListeners.clear();
  }
}
