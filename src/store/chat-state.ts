/**
 * The seam for per-chat state: each chat's recent answers with snapshots of their cited passages
 * (so /source works after a restart, a reindex, or on another instance), the counters /stats
 * reports, the update ids already handled, and rate-limit hits. Two implementations: SQLite in
 * DATA_DIR (one process, the default) and PostgreSQL (DATABASE_URL, shared by several instances).
 * Every method is async because the shared one talks to a server.
 */
import { storedSourceFields, type StoredSourceFields } from '../answer/format.js';
import type { Answer } from '../answer/types.js';

/** A cited passage as it was shown, with its source's metadata and place in the file (so its line reads the same later). */
export interface StoredCitation extends StoredSourceFields {
  n: number;
  passageId: string;
  docId: string;
  /** Position of the passage in its document (for stepping to neighbours). */
  index: number;
  title: string;
  date?: string;
  section: string[];
  text: string;
  start: number;
  end: number;
  quoted: string[];
}

export interface StoredAnswer {
  id: number;
  chatId: number;
  question: string;
  answer: string;
  refused: boolean;
  citations: StoredCitation[];
  createdAt: number;
}

export interface ChatState {
  readonly kind: 'sqlite' | 'postgres';
  /** Records an update id; false when it was already handled (a redelivery to ignore). */
  claimUpdate(updateId: number): Promise<boolean>;
  saveAnswer(chatId: number, question: string, answer: Answer): Promise<StoredAnswer>;
  lastAnswer(chatId: number): Promise<StoredAnswer | undefined>;
  /** An answer of this chat by id (inline buttons carry it); other chats' answers are not visible. */
  answer(chatId: number, id: number): Promise<StoredAnswer | undefined>;
  increment(name: string): Promise<void>;
  counter(name: string): Promise<number>;
  /**
   * Claims a scheduled run (e.g. `briefing:<chat>:<date>`) for this process; false when any
   * instance already claimed it — so a subscription posts once, not once per instance.
   */
  claimRun(key: string): Promise<boolean>;
  /** Counts one hit for `key`; returns the hits in the current window (which starts at the first hit). */
  hit(key: string, windowMs: number): Promise<number>;
  close(): Promise<void>;
}

/** Answers kept per chat; older ones (and their buttons) expire. */
export const KEEP_PER_CHAT = 50;
/** Handled update ids are remembered this long (Telegram keeps undelivered updates for 24 h). */
export const KEEP_UPDATE_IDS_MS = 48 * 3600_000;

/** Snapshots of the cited passages, stored with the answer. */
export function citationSnapshots(answer: Answer): StoredCitation[] {
  return answer.citations.map((c) => ({
    n: c.n,
    passageId: c.passage.id,
    docId: c.passage.docId,
    index: c.passage.index,
    title: c.title,
    date: c.date,
    section: c.passage.section,
    text: c.passage.text,
    start: c.passage.start,
    end: c.passage.end,
    quoted: c.quoted,
    ...storedSourceFields(c),
  }));
}
