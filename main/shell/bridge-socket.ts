import type { WebSocket } from 'ws';
import { EVENT_CHANNEL_NAMES, ShellClientFrameSchema, type ShellServerFrameSchema } from '../../shared/ipc';
import type { z } from 'zod';
import type { MagpieCoreApi } from '../core/host';

type ShellServerFrame = z.infer<typeof ShellServerFrameSchema>;

/**
 * Carries the IPC contract between renderer pages and the core, over the shell's local socket:
 * the job the typed IPC wrapper does in the Electron app. Every frame is validated here and every request
 * again by the core's channel schema.
 */
export class BridgeSockets {
  private readonly sockets = new Set<WebSocket>();
  private readonly unsubscribes: Array<() => void> = [];

  constructor(private readonly core: MagpieCoreApi) {
    for (const event of EVENT_CHANNEL_NAMES) {
      this.unsubscribes.push(core.on(event, (payload) => this.broadcast({ type: 'event', event, payload })));
    }
    // The browser has no OS notifications of ours: the pages show them (preload/shell-notifications).
    this.unsubscribes.push(
      core.notifications.onChange((change) =>
        this.broadcast(change.type === 'show' ? { type: 'notification', notification: change.notification } : { type: 'notification.close', tag: change.tag }),
      ),
    );
  }

  accept(socket: WebSocket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('message', (data) => void this.handle(socket, String(data)));
  }

  private async handle(socket: WebSocket, text: string): Promise<void> {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      raw = undefined;
    }
    const frame = ShellClientFrameSchema.safeParse(raw);
    if (!frame.success) {
      const id = typeof (raw as { id?: unknown })?.id === 'number' ? (raw as { id: number }).id : null;
      if (id !== null && Number.isInteger(id) && id >= 0) {
        this.send(socket, {
          type: 'reply',
          id,
          envelope: { ok: false, error: { code: 'ipc.invalid_request', message: 'Malformed bridge frame' } },
        });
      }
      return;
    }
    if (frame.data.type === 'notification.clicked') {
      this.core.notifications.clicked(frame.data.tag);
      return;
    }
    const envelope = await this.core.invoke(frame.data.channel, frame.data.request);
    this.send(socket, { type: 'reply', id: frame.data.id, envelope });
  }

  private broadcast(frame: ShellServerFrame): void {
    for (const socket of this.sockets) this.send(socket, frame);
  }

  private send(socket: WebSocket, frame: ShellServerFrame): void {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
  }

  close(): void {
    for (const unsubscribe of this.unsubscribes) unsubscribe();
    for (const socket of this.sockets) socket.close(1001, 'shell stopping');
  }
}
