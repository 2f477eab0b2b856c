/**
 * GET /healthz for the load balancer: 200 with the database state and the index version when the
 * instance can answer, 503 when its database is unreachable (send traffic elsewhere).
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

export interface Health {
  ok: boolean;
  /** 'ok' | 'unreachable' for PostgreSQL; 'embedded' for SQLite. */
  database: 'ok' | 'unreachable' | 'embedded';
  indexVersion: number;
  documents: number;
  passages: number;
  instance: string;
}

export const HEALTH_PATH = '/healthz';

/** Routes GET /healthz to `check` and everything else to `next`. */
export function withHealth(check: () => Promise<Health>, next: RequestListener): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== HEALTH_PATH || (req.method !== 'GET' && req.method !== 'HEAD')) return next(req, res);
    void check()
      .catch(() => undefined)
      .then((health) => {
        const status = health?.ok ? 200 : 503;
        res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(health ?? { ok: false }));
      });
  };
}

/** Whether the database answers within `ms`. */
export async function databaseReachable(query: () => Promise<unknown>, ms = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([query().then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), ms)))]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
