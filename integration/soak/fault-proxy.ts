import net from 'node:net';

/** One client TCP connection and its leg to the server. */
interface Pair {
  client: net.Socket;
  upstream: net.Socket;
  /** The server side went away while the pair was stalled: on restore the client is reset. */
  upstreamGone: boolean;
}

type Block = 'reset' | 'stall';

/**
 * A TCP fault injector between one device and the server, so a device's network can fail while
 * the server stays up. `cut('reset')` tears every connection down (RST) and refuses new ones;
 * `cut('stall')` stops bytes flowing both ways without telling anyone (a dead Wi-Fi), which only
 * heartbeats and timeouts can notice; `restore()` lets traffic flow again (stalled connections
 * whose server side has closed meanwhile are reset, the rest resume). `outage` is the same stall,
 * set for every device at once when the server "crashes".
 */
export class FaultProxy {
  private readonly pairs = new Set<Pair>();
  private linkBlock: Block | null = null;
  private outage = false;

  private constructor(
    private readonly listener: net.Server,
    readonly port: number,
    private readonly serverPort: number,
  ) {
    listener.on('connection', (client) => this.accept(client));
  }

  static async start(serverPort: number): Promise<FaultProxy> {
    const listener = net.createServer();
    await new Promise<void>((resolve, reject) => {
      listener.once('error', reject);
      listener.listen(0, '127.0.0.1', () => resolve());
    });
    const port = (listener.address() as net.AddressInfo).port;
    return new FaultProxy(listener, port, serverPort);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  cut(mode: Block): void {
    this.linkBlock = mode;
    this.apply();
  }

  /** The device's own link is fine again (a server outage may still hold it). */
  restore(): void {
    this.linkBlock = null;
    this.apply();
  }

  setOutage(on: boolean): void {
    this.outage = on;
    this.apply();
  }

  async close(): Promise<void> {
    for (const pair of this.pairs) this.destroy(pair);
    await new Promise<void>((resolve) => this.listener.close(() => resolve()));
  }

  private get block(): Block | null {
    return this.linkBlock ?? (this.outage ? 'stall' : null);
  }

  private accept(client: net.Socket): void {
    client.on('error', () => {});
    if (this.block === 'reset') {
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(this.serverPort, '127.0.0.1');
    upstream.on('error', () => {});
    const pair: Pair = { client, upstream, upstreamGone: false };
    this.pairs.add(pair);
    client.on('close', () => {
      this.pairs.delete(pair);
      upstream.destroy();
    });
    upstream.on('close', () => {
      // A stalled link hears nothing, not even that the server hung up.
      if (!this.pairs.has(pair)) return;
      if (this.block === 'stall') {
        pair.upstreamGone = true;
        return;
      }
      // Flowing: let the server's last bytes (its close frame) reach the client, then hang up.
      this.pairs.delete(pair);
      client.end();
      setTimeout(() => client.destroy(), 1_000).unref();
    });
    if (this.block === 'stall') return; // connected at TCP level, but nothing flows
    this.flow(pair);
  }

  private apply(): void {
    const block = this.block;
    for (const pair of [...this.pairs]) {
      if (block === 'reset') this.destroy(pair);
      else if (block === 'stall') this.stall(pair);
      else if (pair.upstreamGone) this.destroy(pair);
      else this.flow(pair);
    }
  }

  private flow(pair: Pair): void {
    pair.client.unpipe(pair.upstream);
    pair.upstream.unpipe(pair.client);
    pair.client.pipe(pair.upstream);
    pair.upstream.pipe(pair.client);
  }

  private stall(pair: Pair): void {
    pair.client.unpipe(pair.upstream);
    pair.upstream.unpipe(pair.client);
    pair.client.pause();
    pair.upstream.pause();
  }

  private destroy(pair: Pair): void {
    this.pairs.delete(pair);
    pair.upstream.destroy();
    if (!pair.client.destroyed) pair.client.resetAndDestroy();
  }
}
