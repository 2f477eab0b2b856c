/**
 * `npm run feedback` with DATABASE_URL: the votes every instance stored in PostgreSQL are exported
 * (nothing is read from DATA_DIR); an unreachable database is one line without the password.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredAnswer } from '../../src/bot/chat-store.js';
import { PgFeedbackStore } from '../../src/chat/pg-feedback-store.js';
import { connectPostgres, type Pool } from '../../src/store/postgres.js';
import { removeDir, tempDir } from '../helpers.js';
import { freshDatabase, postgresAvailable } from '../store/pg-test.js';

async function feedbackCli(env: Record<string, string>, args: string[] = []) {
  const root = process.cwd();
  const loader = pathToFileURL(path.join(root, 'node_modules/tsx/dist/loader.mjs')).href;
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', loader, path.join(root, 'src/cli/feedback.ts'), ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { status: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { status: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const answer = (id: number, chatId: number, question: string): StoredAnswer => ({
  id, chatId, question, refused: false, createdAt: 1_700_000_000_000 + id,
  answer: '中北高新区有50多家不锈钢加工企业。[1]',
  citations: [{ n: 1, passageId: '004.txt#5', docId: '004.txt', index: 5, title: '太原宝藏地', section: [], text: '中北高新区有50多家不锈钢加工企业。', start: 0, end: 18, quoted: ['中北高新区有50多家不锈钢加工企业。'] }],
});

describe.skipIf(!postgresAvailable())('npm run feedback from PostgreSQL', () => {
  let url: string;
  let pool: Pool;
  let dataDir: string;
  beforeAll(async () => {
    url = await freshDatabase('fbcli');
    pool = await connectPostgres(url, { attempts: 1 });
    dataDir = await tempDir('fbcli'); // empty: the votes must come from the database
    // Votes given on two instances (two stores on one database).
    const [a, b] = [new PgFeedbackStore(pool), new PgFeedbackStore(pool)];
    await a.noteAnswer(answer(1, -100, '中北高新区有多少家不锈钢加工企业？'), 'v5/abc/2026-12-01');
    await a.vote({ answer: answer(1, -100, '中北高新区有多少家不锈钢加工企业？'), userId: 5, vote: 'down', indexVersion: 'later' });
    await b.vote({ answer: answer(2, 10, '中北高新區有多少家不鏽鋼加工企業？'), userId: 6, vote: 'up', indexVersion: 'v5/abc/2026-12-02' });
  });
  afterAll(async () => {
    await pool?.end();
    await removeDir(dataDir);
  });

  it('exports every instance\'s votes as eval cases, filtered by --vote, to --out', async () => {
    const all = await feedbackCli({ DATABASE_URL: url, DATA_DIR: dataDir });
    expect(all.status).toBe(0);
    const cases = all.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; feedback: { verdict: string; indexVersion: string }; bad?: unknown[] });
    expect(cases.map((c) => [c.id, c.feedback.verdict, c.feedback.indexVersion])).toEqual([
      ['fb-n100-1', 'down', 'v5/abc/2026-12-01'],
      ['fb-10-2', 'up', 'v5/abc/2026-12-02'],
    ]);
    expect(cases[0]!.bad).toEqual([{ doc: '004.txt', quote: '中北高新区有50多家不锈钢加工企业。' }]);

    const out = path.join(dataDir, 'review.jsonl');
    const down = await feedbackCli({ DATABASE_URL: url, DATA_DIR: dataDir }, ['--vote', 'down', '--out', out]);
    expect(down.status).toBe(0);
    expect(down.stderr).toMatch(/1 case\(s\) written/);
    expect((await readFile(out, 'utf8')).trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(['fb-n100-1']);
  });

  it('says in one line that the database is unreachable, without the password', async () => {
    const result = await feedbackCli({ DATABASE_URL: 'postgres://bot:s3cret-pw@127.0.0.1:1/policy', DATA_DIR: dataDir });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/PostgreSQL at 127\.0\.0\.1:1\/policy: connection refused/);
    expect(result.stderr).not.toContain('s3cret-pw');
  });
});
