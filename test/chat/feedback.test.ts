/** Votes on answers on both backends (embedded SQLite, shared PostgreSQL), and their export as eval cases. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredAnswer } from '../../src/bot/chat-store.js';
import { feedbackCases } from '../../src/chat/feedback-export.js';
import type { FeedbackStore } from '../../src/chat/feedback-store.js';
import { PgFeedbackStore } from '../../src/chat/pg-feedback-store.js';
import { SqliteFeedbackStore } from '../../src/chat/sqlite-feedback-store.js';
import { readPolicySet } from '../../src/eval/sets.js';
import { removeDir, tempDir } from '../helpers.js';
import { backends } from '../store/store-backends.js';

function stored(id: number, chatId: number, question: string, refused = false): StoredAnswer {
  return {
    id, chatId, question, refused, createdAt: 1_700_000_000_000 + id,
    answer: refused ? '资料中没有找到能回答这个问题的内容。' : '中北高新区有50多家不锈钢加工企业。[1]',
    citations: refused ? [] : [{ n: 1, passageId: '004.txt#5', docId: '004.txt', index: 5, title: '太原宝藏地', section: [], text: '背景。中北高新区有50多家不锈钢加工企业。', start: 0, end: 20, quoted: ['中北高新区有50多家不锈钢加工企业。'] }],
  };
}

const BACKENDS = backends<FeedbackStore>({ sqlite: (dir) => new SqliteFeedbackStore(dir), postgres: (pool) => new PgFeedbackStore(pool) }, 'feedback');

for (const [name, backend, available] of BACKENDS) describe.skipIf(!available)(`feedback on answers: ${name}`, () => {
  let dir: string;
  let store: FeedbackStore;
  beforeEach(async () => {
    dir = await tempDir('feedback-out');
    await backend.fresh();
    store = await backend.open();
  });
  afterEach(async () => {
    await store.close();
    await removeDir(dir);
  });
  afterAll(() => backend.cleanup());

  it('keeps one vote per user per answer (voting again replaces it) and counts the current votes', async () => {
    const a = stored(1, 10, '中北高新区有多少家不锈钢加工企业？');
    await store.vote({ answer: a, userId: 5, vote: 'up', indexVersion: 'now' });
    await store.vote({ answer: a, userId: 5, vote: 'down', indexVersion: 'now' });
    await store.vote({ answer: a, userId: 6, vote: 'down', indexVersion: 'now' });
    expect(await store.totals()).toEqual({ up: 0, down: 2 });
    expect((await store.records()).map((r) => [r.userId, r.vote])).toEqual([[5, 'down'], [6, 'down']]);
  });

  it('a second store on the same data (another instance) sees the votes, and a vote there replaces one made here', async () => {
    const a = stored(4, -100, '问题');
    await store.noteAnswer(a, 'v-given');
    await store.vote({ answer: a, userId: 5, vote: 'up', indexVersion: 'v-now' });
    const other = await backend.open();
    try {
      expect(await other.totals()).toEqual({ up: 1, down: 0 });
      await other.vote({ answer: a, userId: 5, vote: 'down', indexVersion: 'v-later' });
      await other.vote({ answer: a, userId: 6, vote: 'down', indexVersion: 'v-later' });
      expect(await store.totals()).toEqual({ up: 0, down: 2 });
      expect((await store.records()).map((r) => [r.userId, r.vote, r.indexVersion, r.chatId, r.answerId, r.refused])).toEqual([
        [5, 'down', 'v-given', -100, 4, false],
        [6, 'down', 'v-given', -100, 4, false],
      ]);
      expect((await other.records())[0]!.citations).toEqual(a.citations);
    } finally {
      await other.close();
    }
  });

  it('stores the index version the answer was given on, not the one at vote time', async () => {
    const a = stored(2, 10, 'q');
    await store.noteAnswer(a, 'v3/abc/2026-12-01');
    await store.vote({ answer: a, userId: 5, vote: 'down', indexVersion: 'v3/abc/2026-12-02 (after a reindex)' });
    const b = stored(3, 10, 'q2');
    await store.vote({ answer: b, userId: 5, vote: 'up', indexVersion: 'v3/abc/2026-12-02' });
    expect((await store.records()).map((r) => r.indexVersion)).toEqual(['v3/abc/2026-12-01', 'v3/abc/2026-12-02']);
  });

  it('exports one eval case per answer: 👎 with the rejected citations as bad evidence, 👍 with them as gold', async () => {
    const bad = stored(1, 10, '中北高新区有多少家不锈钢加工企业？');
    const good = stored(2, -100, '中北高新區有多少家不鏽鋼加工企業？');
    const refusedGood = stored(3, 10, '巴黎有多少家不锈钢企业？', true);
    await store.vote({ answer: bad, userId: 5, vote: 'down', indexVersion: 'v' });
    await store.vote({ answer: good, userId: 5, vote: 'up', indexVersion: 'v' });
    await store.vote({ answer: good, userId: 6, vote: 'up', indexVersion: 'v' });
    await store.vote({ answer: good, userId: 7, vote: 'down', indexVersion: 'v' });
    await store.vote({ answer: refusedGood, userId: 5, vote: 'up', indexVersion: 'v' });
    const cases = feedbackCases(await store.records());
    expect(cases.map((c) => [c.id, c.feedback.verdict, c.answerable, c.lang])).toEqual([
      ['fb-10-1', 'down', true, 'zh-Hans'],
      ['fb-n100-2', 'up', true, 'zh-Hant'],
      ['fb-10-3', 'up', false, 'zh-Hans'],
    ]);
    expect(cases[0]!.gold).toEqual([]);
    expect(cases[0]!.bad).toEqual([{ doc: '004.txt', quote: '中北高新区有50多家不锈钢加工企业。' }]);
    expect(cases[0]!.feedback.answer).toContain('50多家');
    expect(cases[1]!.gold).toEqual([{ doc: '004.txt', quote: '中北高新区有50多家不锈钢加工企业。' }]);
    expect(cases[1]!.feedback.votes).toEqual({ up: 2, down: 1 });

    // The lines read back as an evaluation set.
    const file = path.join(dir, 'feedback.jsonl');
    await writeFile(file, cases.map((c) => JSON.stringify(c)).join('\n') + '\n');
    const items = await readPolicySet(file, 'feedback');
    expect(items.map((i) => i.question)).toEqual(cases.map((c) => c.question));
    expect(items[1]!.gold).toEqual({ kind: 'quotes', quotes: cases[1]!.gold, keywords: [] });
  });
});
