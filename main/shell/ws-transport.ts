import type { WebSocket } from 'ws';
import type { MessageTransport } from '../core/host';

/** A `ws` socket seen as a MessageTransport of JSON values (how the cache host talks in the shell). */
export function webSocketTransport(socket: WebSocket): MessageTransport {
  return {
    send(message) {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
    },
    onMessage(listener) {
      const handler = (data: unknown) => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(String(data));
        } catch {
          return; // Not JSON: the receiver's schema check would refuse it anyway.
        }
        listener(parsed);
      };
      socket.on('message', handler);
      return () => socket.off('message', handler);
    },
    onClose(listener) {
      socket.on('close', listener);
      return () => socket.off('close', listener);
    },
    close() {
      socket.close(1000, 'closed');
    },
  };
}
