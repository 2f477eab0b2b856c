/**
 * Scheduled briefings with two instances on one PostgreSQL (in process: two Subscriptions, each with
 * its own pool, a shared fake clock and one fake Bot API): a subscription made on A is posted by
 * exactly one of them, slot after slot, even when both check at the same moment; a digest after a
 * re-index on A — which B also reacts to when its version watcher sees the new version — is posted
 * once; B starting on an older version does not make the new documents news twice.
 */
import type { Api } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Subscriptions } from '../../src/bot/subscriptions.js';
import { latestSlot } from '../../src/chat/subscription-schedule.js';
import { createLogger } from '../../src/logger.js';
import type { PolicyIndex } from '../../src/retrieval/policy-index.js';
import { connectPostgres, type Pool } from '../../src/store/postgres.js';
import { freshDatabase, postgresAvailable } from './pg-test.js';

const GROUP = -100321;
const DAY = 24 * 3600_000;
/** Wednesday 2 December 2026, 16:00 in Shanghai; briefings are due at 09:00 Shanghai. */
const START = Date.parse('2026-12-02T08:00:00Z');
const NEXT_MORNING = Date.parse('2026-12-03T01:00:30Z');

interface Document {
  id: string;
  hash: string;
  meta: { title: string; date?: string };
}

describe.skipIf(!postgresAvailable())('subscriptions across two instances on PostgreSQL', () => {
  let now: number;
  let sent: { chatId: number; text: string }[];
  const pools: Pool[] = [];
  const running: Subscriptions[] = [];
  let url: string;
  const api = {
    sendMessage: async (chatId: number, text: string) => {
      await new Promise((r) => setTimeout(r, 5)); // a send takes a moment: the other instance's pass runs meanwhile
      sent.push({ chatId, text });
      return { message_id: sent.length };
    },
  } as unknown as Api;

  /** An instance: its own pool, its own index (documents) and the shared version that index reflects. */
  async function instance(index: { documents: Document[]; version: number }) {
    const pool = await connectPostgres(url, { attempts: 1, max: 4 });
    pools.push(pool);
    const subscriptions = new Subscriptions({
      dataDir: '/nonexistent/not-used-with-a-pool',
      pool,
      kbVersion: () => index.version,
      conversation: { brief: async (_chat, topic) => ({ blocks: [[{ text: `关于「${topic}」的要点[1]` }]] }) },
      index: () => ({ listDocuments: () => index.documents }) as unknown as PolicyIndex,
      logger: createLogger('silent'),
      clock: () => now,
      checkEveryMs: 3_600_000, // the timer never fires during a test: passes are called directly
    });
    running.push(subscriptions);
    return subscriptions;
  }

  const doc = (id: string, hash = '1'): Document => ({ id, hash, meta: { title: `文件${id}`, date: '2024' } });

  beforeEach(async () => {
    url = await freshDatabase('subs2');
    now = START;
    sent = [];
  });
  afterEach(async () => {
    for (const s of running.splice(0)) await s.stop(100);
    for (const p of pools.splice(0)) await p.end();
  });

  it('a subscription made on A is seen on B, and each briefing is posted once between them', async () => {
    const v1 = { documents: [doc('a.txt')], version: 1 };
    const a = await instance(v1);
    const b = await instance(v1);
    await a.store.subscribe({ chatId: GROUP, topic: '新材料', cadence: 'daily', userId: 7, now, lastSlot: latestSlot('daily', now) });
    await a.store.subscribe({ chatId: GROUP, topic: '氢能', cadence: 'weekly', userId: 7, now, lastSlot: latestSlot('weekly', now) });
    expect((await b.store.list(GROUP)).map((s) => s.topic)).toEqual(['新材料', '氢能']);
    a.start(api);
    b.start(api);
    expect(await Promise.all([a.tick(), b.tick()])).toEqual([0, 0]); // nothing due yet

    let due = 0;
    for (let day = 0; day < 8; day++) {
      now = NEXT_MORNING + day * DAY;
      const before = sent.length;
      // Both instances check at once, twice each (a tick asked for while one waits is served by it).
      await Promise.all([a.tick(), b.tick()]);
      await Promise.all([a.tick(), b.tick()]);
      const weekly = new Date(now).getUTCDay() === 1 ? 1 : 0; // Monday morning in Shanghai
      due += 1 + weekly;
      expect([day, sent.length - before]).toEqual([day, 1 + weekly]);
    }
    expect(sent).toHaveLength(due);
    expect(sent.filter((m) => m.text.includes('新材料'))).toHaveLength(8);
    expect(sent.filter((m) => m.text.includes('氢能'))).toHaveLength(1);
  });

  it('a digest after a re-index on A is posted once, though B runs it too when it reaches the new version', async () => {
    const onA = { documents: [doc('a.txt')], version: 1 };
    const onB = { documents: [doc('a.txt')], version: 1 };
    const a = await instance(onA);
    const b = await instance(onB);
    a.start(api);
    b.start(api);
    expect(await Promise.all([a.afterReindex(), b.afterReindex()])).toEqual([0, 0]); // the baseline, made once
    await b.store.subscribe({ chatId: GROUP, topic: '新材料', cadence: 'weekly', now, lastSlot: latestSlot('weekly', now) });

    // /reindex on A publishes version 2 with a new document; B has not synced yet.
    Object.assign(onA, { documents: [doc('a.txt'), doc('b.txt')], version: 2 });
    expect(await a.afterReindex()).toBe(1);
    expect(await b.afterReindex()).toBe(0); // e.g. B restarting meanwhile: still on version 1, it changes nothing
    // B's watcher sees version 2, switches its index, and calls afterReindex too (and again, for good measure).
    Object.assign(onB, { documents: [doc('a.txt'), doc('b.txt')], version: 2 });
    expect(await Promise.all([b.afterReindex(), b.afterReindex(), a.afterReindex()])).toEqual([0, 0, 0]);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.chatId).toBe(GROUP);
    expect(sent[0]!.text).toContain('b.txt');

    // The next re-index lands on both at once: still one digest.
    Object.assign(onA, { documents: [doc('a.txt', '2'), doc('b.txt')], version: 3 });
    Object.assign(onB, { documents: [doc('a.txt', '2'), doc('b.txt')], version: 3 });
    const counts = await Promise.all([a.afterReindex(), b.afterReindex()]);
    expect(counts.reduce((x, y) => x + y, 0)).toBe(1);
    expect(sent).toHaveLength(2);
    expect(sent[1]!.text).toContain('a.txt');
  });
});
