/**
 * The chat-state seam: the same behaviour from the embedded SQLite store and the PostgreSQL one
 * (answers with citation snapshots, per-chat visibility, the 50-answer window, counters, update
 * ids once, rate-limit windows), plus what only the shared store must do: two instances on one
 * database see each other's answers and claim each update once between them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/types.js';
import type { ChatState } from '../../src/store/chat-state.js';
import { PgChatState } from '../../src/store/pg-chat-state.js';
import { connectPostgres, type Pool } from '../../src/store/postgres.js';
import { SqliteChatState } from '../../src/store/sqlite-chat-state.js';
import { removeDir, tempDir } from '../helpers.js';
import { freshDatabase, postgresAvailable } from './pg-test.js';

function answerOf(text: string, refused = false, cites = 2): Answer {
  return {
    text,
    outcome: refused ? 'refused' : 'answer',
    refused,
    mode: 'extractive',
    notices: [],
    citations: Array.from({ length: cites }, (_, i) => ({
      n: i + 1,
      title: `文件${i}`,
      date: '2024',
      quoted: [`引用${i}`],
      passage: { id: `d${i}#${i + 3}`, docId: `d${i}`, index: i + 3, section: ['一、总则', '(一)'], text: `段落${i}：年度计划投资232.2亿元`, start: 10 * i, end: 10 * i + 9 },
    })),
  };
}

interface Backend {
  open(): Promise<ChatState>;
  cleanup(): Promise<void>;
}

const sqlite = (): Backend => {
  const dirs: string[] = [];
  let dir: string | undefined;
  return {
    async open() {
      dir ??= await tempDir('chatstate');
      dirs.push(dir);
      return new SqliteChatState(dir);
    },
    async cleanup() {
      for (const d of dirs) await removeDir(d);
    },
  };
};

const postgres = (): Backend => {
  const pools: Pool[] = [];
  let url: string | undefined;
  return {
    async open() {
      url ??= await freshDatabase('chat');
      const pool = await connectPostgres(url, { attempts: 1 });
      pools.push(pool);
      return new PgChatState(pool);
    },
    async cleanup() {
      for (const p of pools) if (!p.ended) await p.end();
    },
  };
};

const backends: [string, () => Backend, boolean][] = [
  ['sqlite', sqlite, true],
  ['postgres', postgres, postgresAvailable()],
];

for (const [name, make, available] of backends) {
  describe.skipIf(!available)(`chat state: ${name}`, () => {
    let backend: Backend;
    let store: ChatState;
    beforeAll(async () => {
      backend = make();
      store = await backend.open();
    });
    afterAll(async () => {
      await store?.close();
      await backend?.cleanup();
    });

    it('keeps answers with their citation snapshots; a chat sees only its own', async () => {
      expect(await store.lastAnswer(1)).toBeUndefined();
      const first = await store.saveAnswer(1, '投资多少？', answerOf('第一个回答[1]'));
      const second = await store.saveAnswer(1, '那二期呢？', answerOf('拒答', true, 0));
      await store.saveAnswer(2, '别的聊天', answerOf('另一个'));
      expect(second.id).toBeGreaterThan(first.id);
      const last = await store.lastAnswer(1);
      expect(last).toMatchObject({ id: second.id, chatId: 1, question: '那二期呢？', answer: '拒答', refused: true, citations: [] });
      const got = await store.answer(1, first.id);
      expect(got?.citations).toEqual(first.citations);
      expect(got?.citations[1]).toMatchObject({ n: 2, passageId: 'd1#4', docId: 'd1', index: 4, section: ['一、总则', '(一)'], quoted: ['引用1'], start: 10, end: 19 });
      expect(got?.refused).toBe(false);
      expect(await store.answer(2, first.id)).toBeUndefined();
      expect(await store.answer(1, 10 ** 12)).toBeUndefined();
    });

    it('keeps the last 50 answers per chat', async () => {
      const ids: number[] = [];
      for (let i = 0; i < 55; i++) ids.push((await store.saveAnswer(3, `q${i}`, answerOf(`a${i}`))).id);
      expect(await store.answer(3, ids[4]!)).toBeUndefined();
      expect((await store.answer(3, ids[5]!))?.question).toBe('q5');
      expect((await store.lastAnswer(3))?.question).toBe('q54');
    });

    it('counts, and claims each update id once', async () => {
      expect(await store.counter('questions')).toBe(0);
      await store.increment('questions');
      await store.increment('questions');
      expect(await store.counter('questions')).toBe(2);
      expect(await store.claimUpdate(500)).toBe(true);
      expect(await store.claimUpdate(500)).toBe(false);
      expect(await store.claimUpdate(501)).toBe(true);
    });

    it('counts rate-limit hits per key within a window that starts at the first hit', async () => {
      expect(await store.hit('u1', 300)).toBe(1);
      expect(await store.hit('u1', 300)).toBe(2);
      expect(await store.hit('u2', 300)).toBe(1);
      expect(await store.hit('u1', 300)).toBe(3);
      await new Promise((r) => setTimeout(r, 400));
      expect(await store.hit('u1', 300)).toBe(1);
    });

    it('a second store on the same data sees the answers and the handled updates', async () => {
      const other = await backend.open();
      try {
        const saved = await other.saveAnswer(7, '另一实例', answerOf('来自另一个实例[1]'));
        expect((await store.lastAnswer(7))?.id).toBe(saved.id);
        expect(await other.claimUpdate(500)).toBe(false);
        // Both claim the same fresh ids at once: each id goes to exactly one of them.
        const ids = Array.from({ length: 40 }, (_, i) => 9000 + i);
        const results = await Promise.all(ids.flatMap((id) => [store.claimUpdate(id), other.claimUpdate(id)]));
        for (let i = 0; i < ids.length; i++) expect(Number(results[2 * i]) + Number(results[2 * i + 1])).toBe(1);
        // A scheduled briefing: whichever instance claims the run posts it; the other does not.
        const runs = await Promise.all([store.claimRun('briefing:-100:2026-12-02'), other.claimRun('briefing:-100:2026-12-02')]);
        expect(runs.filter(Boolean)).toHaveLength(1);
        expect(await other.claimRun('briefing:-100:2026-12-03')).toBe(true);
      } finally {
        await other.close();
      }
    });
  });
}
