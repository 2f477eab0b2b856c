/**
 * Telegram gives one long-polling consumer per bot token. With a shared database, the polling
 * instance holds a session advisory lock keyed by a hash of the token (never the token itself);
 * a second instance that tries to poll is refused with a clear message instead of fighting over
 * getUpdates (409 Conflict). Several instances run in webhook mode.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';

export interface PollerLock {
  release(): Promise<void>;
}

/** A signed 64-bit key derived from the token. */
export function pollerLockKey(token: string): string {
  return createHash('sha256').update(`poller:${token}`).digest().readBigInt64BE(0).toString();
}

/** Holds the lock; undefined when another instance already polls with this token. */
export async function takePollerLock(url: string, token: string, onLost: (err: unknown) => void): Promise<PollerLock | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  let released = false;
  client.on('error', (err) => {
    if (!released) onLost(err);
  });
  const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS ok', [pollerLockKey(token)]);
  if (!rows[0]?.ok) {
    await client.end();
    return undefined;
  }
  return {
    async release() {
      released = true;
      await client.end().catch(() => undefined);
    },
  };
}
