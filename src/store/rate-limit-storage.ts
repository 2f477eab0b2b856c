/**
 * @grammyjs/ratelimiter counts hits through a Redis-like client (incr, then pexpire on the first
 * hit). This adapter counts them in the chat-state store instead, so instances on one PostgreSQL
 * share each user's limit.
 */
import type { ChatState } from './chat-state.js';

export interface RateLimitStorage {
  incr(key: string): Promise<number>;
  pexpire(key: string, milliseconds: number): Promise<number>;
}

/** The window is set by the store at the first hit, so pexpire has nothing left to do. */
export function rateLimitStorage(state: ChatState, windowMs: number): RateLimitStorage {
  return {
    incr: (key) => state.hit(key, windowMs),
    pexpire: async () => 1,
  };
}
