import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { removeDir, tempDir } from '../helpers.js';

const run = promisify(execFile);

describe('ask --json --batch with conversations', async () => {
  const dir = await tempDir('batch');
  afterAll(() => removeDir(dir));

  it('answers lines that share a conversation in order, as one chat, and reports the outcome', async () => {
    const file = path.join(dir, 'questions.jsonl');
    const lines = [
      { id: 'a1', conversation: 'c1', question: '阳曲县碳纤维专业镇主要依托哪家企业的优势？' },
      { id: 'b1', conversation: 'c2', question: '太钢2024年特钢产品营收占比有多高？' },
      { id: 'a2', conversation: 'c1', question: '那小店区电机小镇呢？' },
      { id: 'x', question: '那小店区电机小镇呢？' },
      { id: 'u', question: '锦波生物去年的营业收入是多少？' },
    ];
    await writeFile(file, lines.map((l) => JSON.stringify(l)).join('\n'));
    const { stdout } = await run('npx', ['tsx', 'src/cli/ask.ts', '--json', '--batch', file], {
      env: { ...process.env, DATA_DIR: path.join(dir, 'data'), KNOWLEDGE_DIR: 'knowledge', OPENAI_API_KEY: '', OPENAI_BASE_URL: '', LOG_LEVEL: 'silent' },
      timeout: 120_000,
    });
    const results = new Map(stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; outcome: string; refused: boolean; answer: string; standalone?: string; conversation?: string }).map((r) => [r.id, r]));
    expect(results.get('a1')!.answer).toContain('山西钢科');
    const followUp = results.get('a2')!;
    expect(followUp.conversation).toBe('c1');
    expect(followUp.standalone).toMatch(/依托/);
    expect(followUp.answer).toMatch(/山西电机/);
    // Outside the conversation the same words have nothing to lean on.
    expect(results.get('x')!.standalone).toBeUndefined();
    expect(results.get('u')!.outcome).toBe('refused');
    expect(results.get('u')!.refused).toBe(true);
    expect(['answer', 'partial']).toContain(results.get('b1')!.outcome);
  }, 150_000);
});
