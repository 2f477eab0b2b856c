/**
 * Scheduled briefings' state: who subscribed to what, the last slot each subscription claimed, and
 * a catalogue of the indexed documents (id, content hash) with the sequence number of the re-index
 * that added or changed each one, so a digest can say what is new since a subscription last heard.
 * Two implementations, chosen like the chat state: SQLite in DATA_DIR (one process, the default;
 * sqlite-subscription-store.ts) and PostgreSQL (DATABASE_URL; pg-subscription-store.ts), where a
 * subscription made on one instance is seen by all and every slot and digest is claimed once
 * across them.
 *
 * Restart safety: a slot (or a digest) is claimed — recorded in a committed transaction — before
 * anything is sent, so a crash or restart can lose one post but never repeat one.
 */
import { createHash } from 'node:crypto';
import { normalizeForIndex } from '../text/normalize.js';
import type { Cadence } from './subscription-schedule.js';

export interface Subscription {
  id: number;
  chatId: number;
  /** The forum topic it was made in; posts go there. */
  threadId?: number;
  /** As the subscriber wrote it. */
  topic: string;
  cadence: Cadence;
  createdBy?: number;
  createdAt: number;
  /** Due time of the last slot claimed (or passed over when subscribing). */
  lastSlot: number;
  /** Catalogue changes up to this sequence number have been reported. */
  seenSeq: number;
  /** Set when sending failed for good (bot removed from the chat). */
  disabled?: { at: number; reason: string };
}

/** A document as the catalogue knows it. */
export interface CatalogueDocument {
  id: string;
  hash: string;
  title: string;
  date?: string;
}

export interface CatalogueChange {
  /** Sequence number of this state of the catalogue (0 before the first sync). */
  seq: number;
  added: number;
  changed: number;
  removed: number;
}

/** What one chat is told after a re-index. */
export interface Digest {
  chatId: number;
  threadId?: number;
  topics: string[];
  added: CatalogueDocument[];
  changed: CatalogueDocument[];
}

export interface NewSubscription {
  chatId: number;
  threadId?: number;
  topic: string;
  cadence: Cadence;
  userId?: number;
  now: number;
  /** The latest slot due at `now`: it is passed over, so the first post is the next one. */
  lastSlot: number;
}

export interface SubscriptionStore {
  readonly kind: 'sqlite' | 'postgres';
  /**
   * Adds a subscription, or updates the chat's subscription to the same topic (either script):
   * new cadence, re-enabled if it had been disabled. Digests start from the catalogue as it is now.
   */
  subscribe(s: NewSubscription): Promise<{ subscription: Subscription; created: boolean }>;
  /** Removes the chat's subscription to `topic`, or all of them; returns the topics removed. */
  unsubscribe(chatId: number, topic?: string): Promise<string[]>;
  /** The chat's subscriptions, disabled ones included, oldest first. */
  list(chatId: number): Promise<Subscription[]>;
  /** Every subscription still posting. */
  active(): Promise<Subscription[]>;
  byId(id: number): Promise<Subscription | undefined>;
  /**
   * Records `slot` as this subscription's, committed before anything is sent; false when it (or a
   * later one) was claimed already — by this process before a restart, or by another one.
   */
  claimSlot(id: number, slot: number): Promise<boolean>;
  /** Stops every subscription of a chat the bot can no longer post to; returns how many. */
  disableChat(chatId: number, reason: string, now: number): Promise<number>;
  /** A group that became a supergroup has a new id; its subscriptions follow it. */
  moveChat(from: number, to: number): Promise<void>;
  /** Sequence number of the catalogue's current state. */
  catalogueSeq(): Promise<number>;
  /**
   * Brings the catalogue in line with the index's documents. Added or changed documents get a new
   * sequence number; removed ones are dropped. The first sync is a baseline: nothing is reported
   * as new, since nothing is known about what came before. `kbVersion` (shared store) is the
   * knowledge-base version the documents are from: an instance still on an older version changes
   * nothing, so it cannot roll the catalogue back (and make the newer documents news twice).
   */
  syncCatalogue(documents: CatalogueDocument[], kbVersion?: number): Promise<CatalogueChange>;
  /** Chats with an active subscription that has not heard of the catalogue's latest changes. */
  chatsBehind(): Promise<number[]>;
  /**
   * Claims the chat's digest: what was added or changed since its subscriptions last heard, marked
   * as heard in the same transaction (before it is sent). Undefined when there is nothing to tell
   * (or another instance claimed it).
   */
  claimDigest(chatId: number): Promise<Digest | undefined>;
  close(): Promise<void>;
}

/** Topics match whatever script or width they are written in: 新材料 = 新材料, 氫能 = 氢能. */
export function topicKey(topic: string): string {
  return normalizeForIndex(topic).replace(/\s+/g, ' ');
}

/** A start or re-index that changed nothing (the usual case) costs one hash, not a table scan. */
export function catalogueFingerprint(documents: CatalogueDocument[]): string {
  const fingerprint = createHash('sha256');
  for (const d of documents) fingerprint.update(`${d.id}\u0000${d.hash}\u0000${d.title}\u0000${d.date ?? ''}\n`);
  return fingerprint.digest('base64');
}

/** The catalogue as stored: each document with the sequence numbers that added and last changed it. */
export interface CatalogueEntry extends CatalogueDocument {
  addedSeq: number;
  changedSeq: number;
}

/** What a sync must write: computed alike by both stores from the catalogue they hold. */
export interface CatalogueDiff {
  insert: CatalogueDocument[];
  /** New content: changed_seq moves on. */
  update: CatalogueDocument[];
  /** The same file read better (new metadata rules): not news, but later digests use the new title. */
  retitle: CatalogueDocument[];
  remove: string[];
}

export function catalogueDiff(known: Map<string, CatalogueDocument>, documents: CatalogueDocument[]): CatalogueDiff {
  const diff: CatalogueDiff = { insert: [], update: [], retitle: [], remove: [] };
  const left = new Map(known);
  for (const d of documents) {
    const row = left.get(d.id);
    left.delete(d.id);
    if (row === undefined) diff.insert.push(d);
    else if (row.hash !== d.hash) diff.update.push(d);
    else if (row.title !== d.title || (row.date ?? undefined) !== (d.date ?? undefined)) diff.retitle.push(d);
  }
  diff.remove = [...left.keys()];
  return diff;
}

/** The catalogue state the chat's least informed active subscription has heard of; undefined when all are up to date. */
export function heardUpTo(subs: Subscription[], seq: number): number | undefined {
  const behind = subs.filter((s) => s.seenSeq < seq);
  return behind.length === 0 ? undefined : Math.min(...behind.map((s) => s.seenSeq));
}

/** The digest for a chat's active subscriptions from the catalogue entries changed since `since`. */
export function digestOf(chatId: number, subs: Subscription[], since: number, rows: CatalogueEntry[]): Digest | undefined {
  if (rows.length === 0) return undefined;
  const document = ({ id, hash, title, date }: CatalogueEntry): CatalogueDocument => ({ id, hash, title, date });
  return {
    chatId,
    threadId: subs[0]!.threadId,
    topics: subs.map((s) => s.topic),
    added: rows.filter((r) => r.addedSeq > since).map(document),
    changed: rows.filter((r) => r.addedSeq <= since).map(document),
  };
}
