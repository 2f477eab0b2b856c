/**
 * A small round-robin HTTP proxy on 127.0.0.1 standing in for the load balancer in front of the
 * instances. A backend that refuses the connection (killed) is skipped for the next one, as a load
 * balancer's health check would. It adds the webhook secret header, which Telegram would send and
 * telegram-test-api does not.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RoundRobin {
  url: string;
  /** Requests each backend acknowledged. */
  served: number[];
  /** Requests answered so far (any status), the highest update_id and the last message's id. */
  delivered: { count: number; lastUpdateId: number; lastMessageId: number };
  /** Send the following requests to this backend only (undefined: round robin again). */
  pin(backend: number | undefined): void;
  close(): Promise<void>;
}

export async function startRoundRobin(backendPorts: number[], secret: string): Promise<RoundRobin> {
  let next = 0;
  let pinned: number | undefined;
  const served = backendPorts.map(() => 0);
  const delivered = { count: 0, lastUpdateId: 0, lastMessageId: 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      res.once('finish', () => {
        const update = JSON.parse(body.toString() || '{}') as { update_id?: number; message?: { message_id?: number } };
        delivered.count++;
        delivered.lastUpdateId = Math.max(delivered.lastUpdateId, update.update_id ?? 0);
        delivered.lastMessageId = update.message?.message_id ?? 0;
      });
      const first = pinned ?? next++ % backendPorts.length;
      const order = pinned !== undefined ? [first] : backendPorts.map((_, i) => (first + i) % backendPorts.length);
      for (const i of order) {
        try {
          const r = await fetch(`http://127.0.0.1:${backendPorts[i]}${req.url ?? '/'}`, {
            method: req.method,
            headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
            body: req.method === 'GET' ? undefined : body,
          });
          const text = await r.text();
          if (r.status === 503 && pinned === undefined) continue; // starting or stopping: try the next one
          if (r.ok) served[i]!++;
          res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'text/plain' }).end(text);
          return;
        } catch {
          // connection refused: that instance is down
        }
      }
      res.writeHead(502).end('no backend\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    served,
    delivered,
    pin: (b) => (pinned = b),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
