import { WebSocketServer } from 'ws';

/**
 * The raw baseline for fan-out: a bare `ws` server that relays every frame it receives to every
 * other socket, with no protocol, validation, storage or bookkeeping. Run as a child process so
 * it gets its own core, like the Magpie server it is compared with.
 */
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
wss.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => {
    for (const client of wss.clients) if (client !== ws) client.send(data, { binary: isBinary });
  });
});
wss.on('listening', () => {
  const address = wss.address();
  console.log(`raw broadcast server on port ${address && typeof address === 'object' ? address.port : address}`);
});
process.on('SIGTERM', () => wss.close(() => process.exit(0)));
