import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { removeDir, tempDir } from '../helpers.js';

const run = promisify(execFile);

describe('ask: filters and highlighted sources', async () => {
  const dir = await tempDir('ask-filters');
  afterAll(() => removeDir(dir));
  const ask = (...args: string[]) =>
    run('npx', ['tsx', 'src/cli/ask.ts', ...args], {
      env: { ...process.env, DATA_DIR: path.join(dir, 'data'), KNOWLEDGE_DIR: 'knowledge', OPENAI_API_KEY: '', OPENAI_BASE_URL: '', LOG_LEVEL: 'silent' },
      timeout: 120_000,
    });
  const failed = async (...args: string[]) => {
    try {
      await ask(...args);
    } catch (err) {
      return err as { code: number; stderr: string };
    }
    throw new Error('expected ask to fail');
  };

  it('--issuer keeps retrieval to that issuer; citations carry number, issuer and file lines', async () => {
    const { stdout } = await ask('--json', '--issuer', '省政府', '光伏产业发展得怎么样？');
    const result = JSON.parse(stdout) as { passages: Array<{ docId: string }>; citations: Array<{ docNumber?: string; issuer?: string; file?: string; lines?: number[]; fileStart?: number }> };
    expect(result.passages.length).toBeGreaterThan(0);
    expect(new Set(result.passages.map((p) => p.docId))).toEqual(new Set(['001_885c7d013a413188.txt']));
    expect(result.citations[0]).toMatchObject({ docNumber: '晋政发〔2021〕17号', issuer: '山西省人民政府', file: '001_885c7d013a413188.txt' });
    expect(result.citations[0]!.lines![0]).toBeGreaterThan(8); // below the front matter
  }, 150_000);

  it('--since and --in-force restrict the documents', async () => {
    const since = JSON.parse((await ask('--json', '--since', '2025-01-01', '山西新兴产业发展情况如何？')).stdout) as { passages: Array<{ docId: string }> };
    expect(since.passages.length).toBeGreaterThan(0);
    // Dated 2025 and 2026-01: the report and the newspaper page, nothing older.
    for (const p of since.passages) expect(['000_af251a7dc836d05f.txt', '003_7b3e52b32049f56f.txt']).toContain(p.docId);
    const inForce = JSON.parse((await ask('--json', '--in-force', '光伏产业')).stdout) as { passages: Array<{ docId: string }> };
    for (const p of inForce.passages) expect(p.docId).toBe('001_885c7d013a413188.txt');
  }, 150_000);

  it('says clearly when a filter is malformed or matches nothing', async () => {
    const bad = await failed('--since', '2021-13-01', '光伏');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--since must be a date/);
    const none = await failed('--issuer', '省发改委', '光伏');
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/no document matches --issuer 省发改委/);
  }, 150_000);

  it('--source N prints the passage with the cited sentences marked and its place in the file (no escape codes in a pipe)', async () => {
    const { stdout } = await ask('--source', '1', '综改示范区今年的年度计划投资是多少？');
    expect(stdout).toMatch(/knowledge\/004_d1755f32c4377002\.txt, lines? \d+/);
    expect(stdout).toMatch(/【[^】]*232\.2亿元[^】]*】/);
    expect(stdout).not.toContain('\u001b[');
  }, 150_000);
});
