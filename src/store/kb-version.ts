/**
 * The knowledge-base version shared by instances. `/reindex` on one instance publishes a new
 * version (index-snapshot.ts); the others notice the new number (polled every couple of seconds:
 * no listener connection to keep alive, and a missed notification cannot leave one behind), copy
 * it and switch to it once complete, so none answers from a half-written index or needs a restart.
 */
import type { Pool } from './postgres.js';

export async function currentKbVersion(pool: Pool): Promise<number> {
  const { rows } = await pool.query<{ version: string }>('SELECT version FROM kb_state WHERE id = 1');
  return Number(rows[0]?.version ?? 0);
}

export interface KbWatcher {
  /** The version this instance's index reflects. */
  readonly version: number;
  /** This instance published `version` itself (its index already reflects it). */
  adopt(version: number): void;
  stop(): void;
}

/**
 * Calls `sync` whenever the shared version is newer than the one adopted; one sync at a time, and a
 * version published during a sync is synced after it. A failed sync is retried at the next poll.
 */
export function watchKbVersion(pool: Pool, start: number, sync: (version: number) => Promise<void>, onError: (err: unknown) => void, intervalMs = 2000): KbWatcher {
  let version = start;
  let busy = false;
  let failing = false; // one log line per outage, not one per poll
  const poll = async () => {
    if (busy) return;
    busy = true;
    try {
      const latest = await currentKbVersion(pool);
      if (latest > version) {
        await sync(latest);
        version = Math.max(version, latest);
      }
      failing = false;
    } catch (err) {
      if (!failing) onError(err);
      failing = true;
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void poll(), intervalMs);
  timer.unref();
  return {
    get version() {
      return version;
    },
    adopt(v) {
      version = Math.max(version, v);
    },
    stop: () => clearInterval(timer),
  };
}
