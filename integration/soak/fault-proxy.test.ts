import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../../main/core/testing/fixtures';
import { FaultProxy } from './fault-proxy';

/** A TCP echo server behind a FaultProxy, and a client that records what comes back. */
async function setup() {
  const echo = net.createServer((socket) => {
    socket.on('error', () => {});
    socket.pipe(socket);
  });
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  const proxy = await FaultProxy.start((echo.address() as net.AddressInfo).port);
  const connect = async () => {
    const socket = net.connect(proxy.port, '127.0.0.1');
    const client = { socket, received: '', closed: false };
    socket.on('data', (data) => (client.received += data.toString()));
    socket.on('error', () => {});
    socket.on('close', () => (client.closed = true));
    // A refused connection may fail before it ever counts as connected.
    await new Promise((resolve) => {
      socket.once('connect', resolve);
      socket.once('close', resolve);
    });
    return client;
  };
  const dispose = async () => {
    await proxy.close();
    await new Promise((resolve) => echo.close(resolve));
  };
  return { proxy, connect, dispose };
}

describe('FaultProxy', () => {
  let world: Awaited<ReturnType<typeof setup>>;
  afterEach(async () => world.dispose());

  it('passes bytes both ways until cut, resets on a reset cut and refuses until restored', async () => {
    world = await setup();
    const client = await world.connect();
    client.socket.write('你好');
    await eventually(() => expect(client.received).toBe('你好'));
    world.proxy.cut('reset');
    await eventually(() => expect(client.closed).toBe(true));
    const refused = await world.connect();
    await eventually(() => expect(refused.closed).toBe(true));
    world.proxy.restore();
    const again = await world.connect();
    again.socket.write('back');
    await eventually(() => expect(again.received).toBe('back'));
  });

  it('stalls silently and resumes with nothing lost when the link comes back', async () => {
    world = await setup();
    const client = await world.connect();
    world.proxy.cut('stall');
    client.socket.write('held');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(client.received).toBe('');
    expect(client.closed).toBe(false);
    world.proxy.restore();
    await eventually(() => expect(client.received).toBe('held'));
  });

  it('keeps a link stalled through an outage even when the device link is restored', async () => {
    world = await setup();
    const client = await world.connect();
    world.proxy.setOutage(true);
    world.proxy.restore();
    client.socket.write('wait');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(client.received).toBe('');
    world.proxy.setOutage(false);
    await eventually(() => expect(client.received).toBe('wait'));
  });
});
