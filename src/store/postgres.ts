/**
 * The PostgreSQL connection pool: connected with retries at start (an unreachable database is one
 * clear line per attempt, then a wait of 1, 2, 4 … 30 s), the schema migrated, and the URL's
 * password never written anywhere.
 */
import pg from 'pg';
import { migrate } from './migrations.js';

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

export interface ConnectOptions {
  /** Called before each wait; the reason never holds the password. */
  onRetry?: (reason: string, waitMs: number) => void;
  signal?: AbortSignal;
  /** Give up after this many attempts (default: never). */
  attempts?: number;
  max?: number;
}

/** host:port/database of a URL, for messages (no user, no password). */
export function describeDatabase(url: string): string {
  try {
    const u = new URL(url);
    const socket = u.searchParams.get('host');
    return `${socket ?? u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
  } catch {
    return 'DATABASE_URL';
  }
}

/** Why a database call failed, in words a operator can act on (no secrets). */
export function databaseFailure(err: unknown): string {
  const e = err as { code?: string; message?: string };
  if (e?.code === 'ECONNREFUSED') return 'connection refused (is PostgreSQL running?)';
  if (e?.code === 'ENOTFOUND' || e?.code === 'EAI_AGAIN') return 'host not found';
  if (e?.code === '28P01' || e?.code === '28000') return 'authentication failed (check the user and password in DATABASE_URL)';
  if (e?.code === '3D000') return 'database does not exist';
  return (e?.message ?? String(err)).replace(/postgres(ql)?:\/\/[^\s]+/g, 'DATABASE_URL');
}

export async function connectPostgres(url: string, options: ConnectOptions = {}): Promise<Pool> {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, connectionTimeoutMillis: 5000, idleTimeoutMillis: 30_000 });
  // An idle client losing its server must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  let wait = 1000;
  for (let attempt = 1; ; attempt++) {
    try {
      await migrate(pool);
      return pool;
    } catch (err) {
      if (options.signal?.aborted || (options.attempts !== undefined && attempt >= options.attempts)) {
        await pool.end().catch(() => undefined);
        throw new DatabaseUnreachable(`PostgreSQL at ${describeDatabase(url)}: ${databaseFailure(err)}`);
      }
      options.onRetry?.(databaseFailure(err), wait);
      await abortableSleep(wait, options.signal);
      wait = Math.min(wait * 2, 30_000);
    }
  }
}

export class DatabaseUnreachable extends Error {}

/** Runs `work` in one transaction on one client. */
export async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}
