import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { type WebSocket, WebSocketServer } from 'ws';

// The least a relay can do for the bench clients: the AUTH challenge, OK true for every AUTH and EVENT (nothing is
// verified or stored), EOSE for a REQ, and every EVENT forwarded to every subscription. Run against it, a bench
// measures its own generator: the ceiling no relay can be measured above on this machine.

interface Subscriber {
  readonly ws: WebSocket;
  readonly subId: string;
}

export function startEchoRelay(host: string, port: number): Promise<Server> {
  const subscribers = new Map<string, Subscriber>();
  const server = createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ server, perMessageDeflate: false, clientTracking: false });
  let nextConn = 0;
  wss.on('connection', (ws) => {
    const conn = nextConn++;
    ws.on('error', () => {});
    ws.send(JSON.stringify(['AUTH', randomBytes(32).toString('hex')]));
    ws.on('message', (data: Buffer) => {
      const frame = JSON.parse(data.toString('utf8')) as [string, ...unknown[]];
      const [type] = frame;
      if (type === 'AUTH' || type === 'EVENT') {
        const event = frame[1] as { id: string };
        ws.send(JSON.stringify(['OK', event.id, true, '']));
        if (type === 'EVENT') {
          const rest = JSON.stringify(event);
          for (const sub of subscribers.values()) sub.ws.send(`["EVENT",${JSON.stringify(sub.subId)},${rest}]`);
        }
      } else if (type === 'REQ') {
        const subId = String(frame[1]);
        subscribers.set(`${conn}:${subId}`, { ws, subId });
        ws.send(JSON.stringify(['EOSE', subId]));
      } else if (type === 'CLOSE') {
        subscribers.delete(`${conn}:${String(frame[1])}`);
      }
    });
    ws.on('close', () => {
      for (const [key, sub] of subscribers) if (sub.ws === ws) subscribers.delete(key);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
