/**
 * Exactly-once, in-order handling of webhook updates by several instances sharing PostgreSQL.
 *
 * accept(): the update is stored (pending) before the webhook request is acknowledged, so an
 * instance dying after the acknowledgement loses nothing, and an update Telegram delivers twice —
 * to either instance — is stored once. A database failure here makes the webhook answer 503, and
 * Telegram delivers the update again later.
 *
 * Then one instance takes the chat's oldest open update under a lease (renewed while it works),
 * handles it, marks it done and takes the chat's next one. Taking and finishing happen under a
 * per-chat advisory lock, so a chat's updates are handled one at a time in update_id order by
 * whichever instance gets there first. A sweeper takes over updates whose lease ran out (their
 * instance died) and pending ones nobody took.
 *
 * The remaining window: an instance that dies after sending a reply but before marking it done
 * has that update handled again by another instance (at least once, never lost).
 */
import type { Update } from 'grammy/types';
import { forgetOldUpdates } from './pg-chat-state.js';
import { inTransaction, type Pool, type PoolClient } from './postgres.js';

export interface InboxOptions {
  pool: Pool;
  /** This instance's name in the owner column (for leases and logs). */
  owner: string;
  handle: (update: Update) => Promise<void>;
  onError?: (err: unknown, what: string) => void;
  /** A lease not renewed for this long is taken over (default 10 s). */
  leaseMs?: number;
  /** How often the sweeper looks for abandoned updates (default 1 s). */
  sweepMs?: number;
}

interface Taken {
  updateId: number;
  body: Update;
}

/** The chat an update belongs to: its updates are handled in order, one at a time. */
export function chatKeyOf(update: Update): string {
  const u = update as Update & Record<string, { chat?: { id: number }; message?: { chat?: { id: number } } } | undefined>;
  for (const kind of ['message', 'edited_message', 'channel_post', 'edited_channel_post', 'business_message', 'callback_query', 'my_chat_member', 'chat_member', 'chat_join_request']) {
    const part = u[kind];
    const chat = part?.chat ?? part?.message?.chat;
    if (chat) return String(chat.id);
  }
  return `update:${update.update_id}`; // no chat: ordered with nothing else
}

export class UpdateInbox {
  private readonly leaseMs: number;
  private readonly sweepMs: number;
  private readonly draining = new Set<string>();
  /** Chats kicked while being drained: look once more before stopping (their update may be newer than our last look). */
  private readonly again = new Set<string>();
  private readonly working = new Map<number, Promise<void>>();
  private readonly handedBack = new Set<number>();
  private sweeps = 0;
  private sweeper: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: InboxOptions) {
    this.leaseMs = options.leaseMs ?? 10_000;
    this.sweepMs = options.sweepMs ?? 1000;
  }

  /** Stores the update; resolves once it is durable (then the webhook may acknowledge it). */
  async accept(update: Update): Promise<boolean> {
    const { rowCount } = await this.options.pool.query(
      "INSERT INTO updates (update_id, chat_key, body, state) VALUES ($1, $2, $3, 'pending') ON CONFLICT (update_id) DO NOTHING",
      [update.update_id, chatKeyOf(update), JSON.stringify(update)],
    );
    return (rowCount ?? 0) > 0;
  }

  /** Handles the chat's open updates, in order, unless this instance is already doing so. */
  kick(chatKey: string): void {
    if (this.stopped) return;
    if (this.draining.has(chatKey)) {
      this.again.add(chatKey);
      return;
    }
    this.draining.add(chatKey);
    void this.drain(chatKey)
      .catch((err: unknown) => this.options.onError?.(err, 'inbox drain'))
      .finally(() => this.draining.delete(chatKey));
  }

  start(): void {
    // While the database is down the sweep fails every second: one log line per outage, not per sweep.
    let failing = false;
    this.sweeper = setInterval(
      () =>
        void this.sweep().then(
          () => (failing = false),
          (err: unknown) => {
            if (!failing) this.options.onError?.(err, 'inbox sweep (not logged again until it works)');
            failing = true;
          },
        ),
      this.sweepMs,
    );
    this.sweeper.unref();
  }

  /** Takes no more updates; those being handled go on (shutdown waits for them separately). */
  stop(): void {
    this.stopped = true;
    if (this.sweeper) clearInterval(this.sweeper);
  }

  /**
   * Hands updates this instance will not finish (shutdown gave up on them; their replies are not
   * sent) back, for another instance to take at once. One whose handler still ends later is handed
   * back then instead of being marked done.
   */
  async handBack(updateIds: number[]): Promise<void> {
    for (const id of updateIds) this.handedBack.add(id);
    if (updateIds.length === 0) return;
    await this.options.pool.query("UPDATE updates SET state = 'pending', owner = NULL, lease_until = NULL WHERE update_id = ANY($1::bigint[]) AND owner = $2 AND state = 'working'", [
      updateIds,
      this.options.owner,
    ]);
  }

  /** Resolves when no chat is being drained here (finished updates are marked done), or after `ms`. */
  async idle(ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    while (this.draining.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  }

  /** Updates being handled here now. */
  get inProgress(): number {
    return this.working.size;
  }

  private async drain(chatKey: string): Promise<void> {
    let finished: number | undefined;
    while (!this.stopped || finished !== undefined) {
      const taken = await inTransaction(this.options.pool, (client) => this.finishAndTake(client, chatKey, finished));
      finished = undefined;
      if (!taken) {
        if (this.again.delete(chatKey) && !this.stopped) continue;
        return;
      }
      await this.handleTaken(taken);
      finished = taken.updateId;
    }
  }

  private async handleTaken(taken: Taken): Promise<void> {
    const renew = setInterval(
      () =>
        void this.options.pool
          .query("UPDATE updates SET lease_until = now() + $1 * interval '1 millisecond' WHERE update_id = $2 AND owner = $3 AND state = 'working'", [
            this.leaseMs,
            taken.updateId,
            this.options.owner,
          ])
          .catch((err: unknown) => this.options.onError?.(err, 'lease renewal')),
      Math.max(100, Math.floor(this.leaseMs / 3)),
    );
    const work = this.options.handle(taken.body).catch((err: unknown) => this.options.onError?.(err, 'update handler'));
    this.working.set(taken.updateId, work);
    try {
      await work;
    } finally {
      clearInterval(renew);
      this.working.delete(taken.updateId);
    }
  }

  /** Under the chat's lock: marks `finished` done, then takes the chat's oldest open update if it is free. */
  private async finishAndTake(client: PoolClient, chatKey: string, finished: number | undefined): Promise<Taken | undefined> {
    await client.query("SELECT pg_advisory_xact_lock(hashtext('chat:' || $1))", [chatKey]);
    if (finished !== undefined && this.handedBack.has(finished)) {
      await client.query("UPDATE updates SET state = 'pending', owner = NULL, lease_until = NULL WHERE update_id = $1 AND owner = $2", [finished, this.options.owner]);
    } else if (finished !== undefined) {
      await client.query("UPDATE updates SET state = 'done', body = NULL, owner = NULL, lease_until = NULL WHERE update_id = $1 AND owner = $2", [finished, this.options.owner]);
    }
    if (this.stopped) return undefined;
    const { rows } = await client.query<{ update_id: string; body: Update; free: boolean }>(
      `SELECT update_id, body, (state = 'pending' OR lease_until < now()) AS free
         FROM updates WHERE chat_key = $1 AND state <> 'done' ORDER BY update_id LIMIT 1`,
      [chatKey],
    );
    const head = rows[0];
    if (!head?.free) return undefined;
    await client.query("UPDATE updates SET state = 'working', owner = $2, lease_until = now() + $3 * interval '1 millisecond' WHERE update_id = $1", [
      head.update_id,
      this.options.owner,
      this.leaseMs,
    ]);
    return { updateId: Number(head.update_id), body: head.body };
  }

  /** Chats whose oldest open update is free: pending for a moment with nobody on it, or its lease ran out. */
  private async sweep(): Promise<void> {
    if (this.stopped) return;
    // Now and then (every ~10 min at the default pace): forget handled updates after 48 h, and
    // rate-limit windows that ended.
    if (++this.sweeps % 600 === 1) {
      await forgetOldUpdates(this.options.pool);
      await this.options.pool.query('DELETE FROM rate_limits WHERE expires_at < now()');
    }
    // Each chat's head (DISTINCT ON keeps the first row per chat in update_id order), if it is free.
    const { rows: heads } = await this.options.pool.query<{ chat_key: string }>(
      `SELECT chat_key FROM (
         SELECT DISTINCT ON (chat_key) chat_key, state, lease_until, received_at FROM updates
          WHERE state <> 'done' ORDER BY chat_key, update_id) h
        WHERE (h.state = 'pending' AND h.received_at < now() - interval '1 second') OR (h.state = 'working' AND h.lease_until < now())`,
    );
    for (const { chat_key } of heads) this.kick(chat_key);
  }
}
