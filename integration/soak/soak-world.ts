import { startTestServer, type TestServer } from '../../server/src/testing';
import { FaultProxy } from './fault-proxy';
import { passwordOf, SOAK_ACCOUNTS, SOAK_CONVERSATIONS, SOAK_DEVICES } from './soak-cast';
import { SoakDevice, type Sabotage } from './soak-device';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Everything one soak seed runs against: a real server (own data dir and port), one fault proxy
 * and one app install per device, the accounts signed in, the direct conversations opened and
 * the group created.
 */
export class SoakWorld {
  /** Server-side user id by username. */
  readonly userIds = new Map<string, string>();
  /** Server-side conversation id by index into SOAK_CONVERSATIONS. */
  readonly conversationIds: string[] = [];
  /** Set while the server is down because of `server.crash` (the links are stalled with it). */
  private crashed = false;

  private constructor(
    readonly server: TestServer,
    readonly devices: SoakDevice[],
  ) {}

  static async create(options: { sabotage?: Sabotage } = {}): Promise<SoakWorld> {
    const server = await startTestServer();
    const devices: SoakDevice[] = [];
    for (const spec of SOAK_DEVICES) devices.push(new SoakDevice(spec, await FaultProxy.start(server.port), options.sabotage));
    const world = new SoakWorld(server, devices);
    try {
      await world.signInEverywhere();
      await world.openConversations();
    } catch (error) {
      await world.dispose();
      throw error;
    }
    return world;
  }

  get accounts() {
    return SOAK_ACCOUNTS.map((username) => ({ username, password: passwordOf(username) }));
  }

  async stopServer(how: 'graceful' | 'crash'): Promise<void> {
    if (!this.server.running) return;
    if (how === 'crash') {
      // Stall every link first so no client hears the close: from their side the server vanished,
      // and replies to requests it had already applied are lost.
      this.crashed = true;
      for (const device of this.devices) device.proxy.setOutage(true);
    }
    await this.server.stop();
  }

  async startServer(): Promise<void> {
    if (!this.server.running) await this.server.start();
    if (this.crashed) {
      this.crashed = false;
      for (const device of this.devices) device.proxy.setOutage(false);
    }
  }

  /** The end of the storm: server up, every link fine, every app running and told the network is back. */
  async heal(): Promise<void> {
    await this.startServer();
    for (const device of this.devices) {
      device.proxy.restore();
      if (!device.running) await device.boot();
    }
    for (const device of this.devices) device.networkOnline();
  }

  async dispose(): Promise<void> {
    for (const device of this.devices) await device.shutdown().catch(() => undefined);
    for (const device of this.devices) await device.proxy.close().catch(() => undefined);
    await this.server.close();
  }

  private async signInEverywhere(): Promise<void> {
    for (const device of this.devices) {
      await device.boot();
      const { account } = device.spec;
      const password = passwordOf(account);
      const first = !this.userIds.has(account);
      const state = first
        ? await device.call('session.signUp', { username: account, password, displayName: account.toUpperCase() })
        : await device.call('session.signIn', { username: account, password });
      if (state.state !== 'signed-in') throw new Error(`${device.name} did not sign in`);
      this.userIds.set(account, state.user.id);
      device.accountId = state.user.id;
    }
    await Promise.all(this.devices.map((device) => waitOnline(device)));
  }

  private async openConversations(): Promise<void> {
    for (const [mine, ...others] of SOAK_CONVERSATIONS) {
      const opener = this.devices.find((device) => device.spec.account === mine)!;
      const otherIds = others.map((username) => this.userIds.get(username)!);
      const { conversation } =
        otherIds.length === 1
          ? await opener.call('conversations.openDirect', { userId: otherIds[0]! })
          : await opener.call('groups.create', { title: `群聊 ${SOAK_CONVERSATIONS.length}`, memberIds: otherIds, historyVisible: true });
      this.conversationIds.push(conversation.id);
    }
  }
}

async function waitOnline(device: SoakDevice, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await device.call('connection.get', {})).status !== 'online') {
    if (Date.now() > deadline) throw new Error(`${device.name} did not come online`);
    await sleep(20);
  }
}
