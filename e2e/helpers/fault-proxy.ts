import net from 'node:net';
import { freePort } from './ports';

/**
 * A TCP proxy in front of the server for one client, so a test can cut that client's link alone
 * (the server stays up for everyone else) and restore it later.
 */
export class FaultProxy {
  private server: net.Server | null = null;
  private readonly connections = new Set<net.Socket>();
  private cutOff = false;
  port = 0;

  constructor(private readonly targetPort: () => number) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.port = await freePort();
    this.server = net.createServer((incoming) => {
      if (this.cutOff) {
        incoming.destroy();
        return;
      }
      const outgoing = net.connect(this.targetPort(), '127.0.0.1');
      for (const socket of [incoming, outgoing]) {
        this.connections.add(socket);
        socket.on('close', () => this.connections.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      incoming.pipe(outgoing);
      outgoing.pipe(incoming);
      incoming.on('close', () => outgoing.destroy());
      outgoing.on('close', () => incoming.destroy());
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  /** Drops every open connection and refuses new ones, like a network that went away. */
  cut(): void {
    this.cutOff = true;
    for (const socket of this.connections) socket.destroy();
  }

  restore(): void {
    this.cutOff = false;
  }

  async stop(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
