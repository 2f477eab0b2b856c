import { spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHUNK_OPTIONS } from '../../src/ingest/chunk.js';
import { LocalHashEmbedder } from '../../src/retrieval/local-embedder.js';
import { PolicyIndex } from '../../src/retrieval/policy-index.js';
import { search } from '../../src/retrieval/query/search.js';
import { openIndex, type IngestProgress, type OpenIndexOptions } from '../../src/retrieval/store.js';
import { removeDir, tempDir, tempKnowledgeCopy } from '../helpers.js';

/** Starts the stalled child ingest and resolves once it is stuck mid-write; returns the child. */
async function stalledIngest(knowledgeDir: string, dataDir: string, full: boolean) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/stalled-ingest.ts'], {
    env: { ...process.env, KNOWLEDGE: knowledgeDir, DATA: dataDir, FULL: full ? '1' : '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('stalled') && resolve());
    child.on('exit', (code) => reject(new Error(`child ingest exited early (${code})`)));
  });
  return child;
}

async function killed(child: ReturnType<typeof spawn>): Promise<void> {
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe('ingests that overlap or die', async () => {
  const knowledgeDir = await tempKnowledgeCopy();
  const dataDir = await tempDir('data');
  const open = (extra: Partial<OpenIndexOptions> = {}) =>
    openIndex({ knowledgeDir, dataDir, embedder: new LocalHashEmbedder(), chunking: DEFAULT_CHUNK_OPTIONS, ...extra });
  afterAll(async () => {
    await removeDir(knowledgeDir);
    await removeDir(dataDir);
  });

  it('a second ingest waits for the first (it is told who holds the lock) and both end with one index', async () => {
    const events: IngestProgress[] = [];
    const onProgress = (e: IngestProgress) => events.push(e);
    const [a, b] = await Promise.all([open({ full: true, onProgress }), open({ full: true, onProgress })]);
    // Exactly one of them waited: two full builds ran one after the other.
    expect(events.filter((e) => e.stage === 'plan')).toHaveLength(2);
    expect(events.filter((e) => e.stage === 'waiting' && /process \d+/.test(e.holder))).toHaveLength(1);
    expect(a.index.documentCount).toBe(5);
    expect(b.index.documentCount).toBe(5);
    expect((await readdir(dataDir)).filter((e) => e.startsWith('index-'))).toHaveLength(1);
    expect(await readdir(dataDir)).not.toContain('ingest.lock');
  });

  it('an update killed mid-write leaves the previous index answering, and the next ingest completes it', { timeout: 60_000 }, async () => {
    const q = '晋中市新建了多少座氢能加注站？';
    await writeFile(path.join(knowledgeDir, 'new.md'), '# 测试通知\n\n晋中市今年新建氢能加注站十二座，由晋中市能源局负责验收。');
    const child = await stalledIngest(knowledgeDir, dataDir, false);
    // While the child holds the lock and an open write transaction, a reader gets the last good state.
    const pointer = (await readFile(path.join(dataDir, 'current-index'), 'utf8')).trim();
    const readCurrent = () =>
      PolicyIndex.open(path.join(dataDir, pointer, 'index.sqlite'), (m) => path.join(dataDir, pointer, m.vectorsFile), new LocalHashEmbedder());
    const during = readCurrent();
    expect(during.documentCount).toBe(5);
    expect((await search(during, '中北高新区有多少家不锈钢加工企业')).hits.length).toBeGreaterThan(0);
    await killed(child);
    expect(await readdir(dataDir)).toContain('ingest.lock');

    const previous = readCurrent();
    expect(previous.documentCount).toBe(5);
    expect(previous.document('new.md')).toBeUndefined();
    expect((await search(previous, q)).hits.map((h) => h.passage.docId)).not.toContain('new.md');
    previous.close();
    during.close();

    const next = await open();
    expect(next.built).toMatchObject({ mode: 'incremental', added: 1 });
    expect((await search(next.index, q)).hits[0]!.passage.docId).toBe('new.md');
    expect(await readdir(dataDir)).not.toContain('ingest.lock');
    expect((await readdir(path.join(dataDir, pointer))).filter((e) => e.includes('.tmp-') || /^vectors-/.test(e))).toHaveLength(1);
  });

  it('a full rebuild killed mid-write leaves the previous index in place and no half-built directory after the next ingest', { timeout: 60_000 }, async () => {
    const pointer = (await readFile(path.join(dataDir, 'current-index'), 'utf8')).trim();
    const child = await stalledIngest(knowledgeDir, dataDir, true);
    expect((await readdir(dataDir)).filter((e) => e.startsWith('index-')).length).toBe(2);
    await killed(child);
    const reopened = await open();
    expect(reopened.reason).toBe('up to date');
    expect(reopened.index.documentCount).toBe(6);
    expect((await readFile(path.join(dataDir, 'current-index'), 'utf8')).trim()).toBe(pointer);
    await writeFile(path.join(knowledgeDir, 'another.md'), '# 又一份\n\n阳泉市数据中心今年投运。');
    await open();
    expect((await readdir(dataDir)).filter((e) => e.startsWith('index-'))).toEqual([pointer]);
  });
});
