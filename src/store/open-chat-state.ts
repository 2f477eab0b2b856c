/**
 * Chooses the chat-state store: PostgreSQL when DATABASE_URL is set (shared by instances; an
 * unreachable database at start is one log line per attempt and a retry, never a crash), the
 * embedded SQLite file in DATA_DIR otherwise.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { ChatState } from './chat-state.js';
import { PgChatState } from './pg-chat-state.js';
import { connectPostgres, describeDatabase } from './postgres.js';
import { SqliteChatState } from './sqlite-chat-state.js';

/** Resolves undefined if `signal` aborts while the database is still unreachable. */
export async function openChatState(config: Config, logger: Logger, signal?: AbortSignal): Promise<ChatState | undefined> {
  if (!config.DATABASE_URL) return new SqliteChatState(config.DATA_DIR);
  const where = describeDatabase(config.DATABASE_URL);
  try {
    const pool = await connectPostgres(config.DATABASE_URL, {
      signal,
      onRetry: (reason, waitMs) => logger.error({ database: where, retryInMs: waitMs }, `PostgreSQL unreachable: ${reason}; retrying`),
    });
    logger.info({ database: where }, 'PostgreSQL ready (schema migrated)');
    return new PgChatState(pool);
  } catch (err) {
    if (signal?.aborted) return undefined;
    throw err;
  }
}

/** A name for this process in leases and logs: host, pid and a random part (pids repeat in containers). */
export function instanceName(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}
