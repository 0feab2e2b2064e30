import type { MessageTransport } from '../core/host';

/** The browser shell's cache socket: JSON text frames, one connection per page load. */
export function webSocketTransport(socket: WebSocket): MessageTransport {
  const closeListeners = new Set<() => void>();
  socket.addEventListener('close', () => {
    for (const listener of [...closeListeners]) listener();
    closeListeners.clear();
  });
  return {
    send(message) {
      if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
    },
    onMessage(listener) {
      const handler = (event: MessageEvent) => {
        if (typeof event.data !== 'string') return;
        let message: unknown;
        try {
          message = JSON.parse(event.data);
        } catch {
          return; // not ours; the RPC host validates whatever does parse
        }
        listener(message);
      };
      socket.addEventListener('message', handler);
      return () => socket.removeEventListener('message', handler);
    },
    onClose(listener) {
      closeListeners.add(listener);
      return () => closeListeners.delete(listener);
    },
    close() {
      socket.close();
    },
  };
}

/** Electron: the MessagePort main created for this page (structured clone, no JSON). */
export function messagePortTransport(port: MessagePort): MessageTransport {
  const closeListeners = new Set<() => void>();
  // Chromium fires `close` on a MessagePort whose other end went away (where supported).
  port.addEventListener('close', () => {
    for (const listener of [...closeListeners]) listener();
    closeListeners.clear();
  });
  port.start();
  return {
    send(message) {
      port.postMessage(message);
    },
    onMessage(listener) {
      const handler = (event: MessageEvent) => listener(event.data);
      port.addEventListener('message', handler);
      return () => port.removeEventListener('message', handler);
    },
    onClose(listener) {
      closeListeners.add(listener);
      return () => closeListeners.delete(listener);
    },
    close() {
      port.close();
    },
  };
}
