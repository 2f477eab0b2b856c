/**
 * Per-chat state for the bot and the terminal chat. The seam and its implementations live in
 * src/store/; this module keeps the names the bot has always imported: `ChatStore` is the
 * interface (SQLite or PostgreSQL) and, as a value, the embedded SQLite store (`new ChatStore(dataDir)`).
 */
import type { ChatState } from '../store/chat-state.js';
import { SqliteChatState } from '../store/sqlite-chat-state.js';

export type { StoredAnswer, StoredCitation } from '../store/chat-state.js';
export type ChatStore = ChatState;
export const ChatStore = SqliteChatState;
