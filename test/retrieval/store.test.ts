import { existsSync } from 'node:fs';
import { appendFile, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHUNK_OPTIONS } from '../../src/ingest/chunk.js';
import { normalizeForIndex } from '../../src/text/normalize.js';
import { LocalHashEmbedder } from '../../src/retrieval/local-embedder.js';
import type { PolicyIndex } from '../../src/retrieval/policy-index.js';
import { search } from '../../src/retrieval/query/search.js';
import { openIndex, type OpenIndexOptions } from '../../src/retrieval/store.js';
import { openTestIndex, removeDir, tempDir, tempKnowledgeCopy } from '../helpers.js';

const topDocs = async (index: PolicyIndex, q: string, k = 5) => (await search(index, q, { k })).hits.map((h) => h.passage.docId);

/** Files and folders that only a finished, clean index directory should contain. */
async function leftovers(dataDir: string): Promise<string[]> {
  const pointer = (await readFile(path.join(dataDir, 'current-index'), 'utf8')).trim();
  const top = (await readdir(dataDir)).filter((e) => e !== pointer && e !== 'current-index');
  const inside = (await readdir(path.join(dataDir, pointer))).filter((e) => !/^index\.sqlite(-wal|-shm)?$/.test(e) && !/^vectors-\d+\.hnsw$/.test(e));
  const graphs = (await readdir(path.join(dataDir, pointer))).filter((e) => /^vectors-/.test(e));
  return [...top, ...inside, ...(graphs.length === 1 ? [] : graphs)];
}

describe('index on disk, updated incrementally', async () => {
  const knowledgeDir = await tempKnowledgeCopy();
  const dataDir = await tempDir('data');
  const open = (extra: Partial<OpenIndexOptions> = {}) =>
    openIndex({ knowledgeDir, dataDir, embedder: new LocalHashEmbedder(), chunking: DEFAULT_CHUNK_OPTIONS, ...extra });
  afterAll(async () => {
    await removeDir(knowledgeDir);
    await removeDir(dataDir);
  });

  it('builds on first open, then reopens the same index without rebuilding', async () => {
    const first = await openTestIndex(knowledgeDir, dataDir);
    expect(first.built?.mode).toBe('full');
    expect(first.reason).toBe('no index yet');
    const second = await openTestIndex(knowledgeDir, dataDir);
    expect(second.built).toBeUndefined();
    expect(second.reason).toBe('up to date');
    expect([...second.index.eachPassage()]).toEqual([...first.index.eachPassage()]);
    expect(second.index.passageCount).toBeGreaterThan(50);
    const q = '中北高新区有多少家不锈钢加工企业';
    expect(await topDocs(second.index, q)).toEqual(await topDocs(first.index, q));
  });

  it('an added file is indexed alone and found; a reader opened before keeps its own state', async () => {
    const before = await open();
    await writeFile(path.join(knowledgeDir, 'new.md'), '# 测试通知\n\n晋中市今年新建氢能加注站十二座，由晋中市能源局负责验收。');
    const after = await open();
    expect(after.built).toMatchObject({ mode: 'incremental', added: 1, changed: 0, removed: 0, unchanged: 5 });
    expect(after.reason).toMatch(/1 added/);
    expect(after.index.documentCount).toBe(before.index.documentCount + 1);
    expect((await topDocs(after.index, '晋中市新建了多少座氢能加注站？'))[0]).toBe('new.md');
    // The older reader sees the state it opened: no new document, in rows, FTS5 and vectors alike.
    expect(before.index.document('new.md')).toBeUndefined();
    expect(await topDocs(before.index, '晋中市新建了多少座氢能加注站？')).not.toContain('new.md');
    before.index.close();
  });

  it('a changed file replaces its passages: the new text is found, the old one is gone', async () => {
    await writeFile(path.join(knowledgeDir, 'new.md'), '# 测试通知\n\n太谷区将建设氢燃料电池重卡示范线路，全长八十公里。');
    const opened = await open();
    expect(opened.built).toMatchObject({ mode: 'incremental', added: 0, changed: 1 });
    const hits = (await search(opened.index, '太谷区氢燃料电池重卡示范线路')).hits;
    expect(hits[0]!.passage.docId).toBe('new.md');
    expect(hits[0]!.passage.text).toContain('八十公里');
    const lexical = opened.index.lexical.search(normalizeForIndex('晋中市氢能加注站十二座'), 10).map((h) => opened.index.passageAt(h.position)!);
    expect(lexical.some((p) => p.text.includes('加注站'))).toBe(false);
  });

  it('a renamed file moves: found under its new name only', async () => {
    await rename(path.join(knowledgeDir, 'new.md'), path.join(knowledgeDir, 'renamed.md'));
    const opened = await open();
    expect(opened.built).toMatchObject({ added: 1, removed: 1 });
    const docs = await topDocs(opened.index, '太谷区氢燃料电池重卡示范线路');
    expect(docs[0]).toBe('renamed.md');
    expect(docs).not.toContain('new.md');
    expect(opened.index.document('new.md')).toBeUndefined();
  });

  it('a deleted file disappears from both the lexical and the vector side', async () => {
    const passages = (await open()).index.passageCount;
    await rm(path.join(knowledgeDir, 'renamed.md'));
    const opened = await open();
    expect(opened.built).toMatchObject({ removed: 1, added: 0 });
    expect(opened.index.passageCount).toBeLessThan(passages);
    expect(await topDocs(opened.index, '太谷区氢燃料电池重卡示范线路', 10)).not.toContain('renamed.md');
    const vector = await opened.index.embedder.embedQuery('太谷区将建设氢燃料电池重卡示范线路，全长八十公里。');
    const dense = opened.index.vectors.search(vector, 10).map((h) => opened.index.passageAt(h.position));
    expect(dense.every((p) => p !== undefined && p.docId !== 'renamed.md')).toBe(true);
  });

  it('a file of the original graph, deleted, leaves the dense results of new readers only', async () => {
    const before = (await open()).index;
    const victim = (await readdir(knowledgeDir)).filter((f) => f.endsWith('.txt')).sort().pop()!;
    const passage = [...before.eachPassage()].find((p) => p.docId === victim && p.text.length > 60)!;
    const vector = await before.embedder.embedQuery(passage.text);
    const denseDocs = (index: PolicyIndex) => index.vectors.search(vector, 5).map((h) => index.passageAt(h.position)?.docId);
    expect(denseDocs(before)[0]).toBe(victim);
    await rm(path.join(knowledgeDir, victim));
    const after = (await open()).index;
    expect(denseDocs(after)).not.toContain(victim);
    expect(denseDocs(after).every((d) => d !== undefined)).toBe(true);
    expect(denseDocs(before)[0]).toBe(victim); // the older reader shares the graph but keeps its state
    before.close();
  });

  it('a file touched without a content change is not re-indexed', async () => {
    const file = (await readdir(knowledgeDir)).find((f) => f.endsWith('.txt'))!;
    const text = await readFile(path.join(knowledgeDir, file));
    await new Promise((r) => setTimeout(r, 20));
    await writeFile(path.join(knowledgeDir, file), text);
    const opened = await open();
    expect(opened.built?.passagesWritten ?? 0).toBe(0);
    expect((await open()).reason).toBe('up to date');
  });

  it('a change of chunking or embedder rebuilds everything and says why', async () => {
    const chunked = await open({ chunking: { ...DEFAULT_CHUNK_OPTIONS, targetChars: 300 } });
    expect(chunked.built?.mode).toBe('full');
    expect(chunked.reason).toMatch(/chunking settings changed/);
    const embedded = await open({ embedder: new LocalHashEmbedder(256), chunking: { ...DEFAULT_CHUNK_OPTIONS, targetChars: 300 } });
    expect(embedded.reason).toMatch(/embedder changed \(local-hash-v1:768 → local-hash-v1:256\)/);
    expect(embedded.index.manifest.dimensions).toBe(256);
    const full = await open({ full: true });
    expect(full.reason).toBe('full rebuild requested');
    expect(full.index.manifest).toMatchObject({ dimensions: 768, settings: { chunking: DEFAULT_CHUNK_OPTIONS } });
  });

  it('keeps one index directory with one graph file and no temporary files', async () => {
    await appendFile(path.join(knowledgeDir, (await readdir(knowledgeDir)).find((f) => f.endsWith('.txt'))!), '\n\n附：示范区新增一项测试内容。');
    await open();
    expect(await leftovers(dataDir)).toEqual([]);
  });

  it('folds the vector delta into a new graph file when it grows, and searches the same after', async () => {
    await writeFile(path.join(knowledgeDir, 'fold.md'), '# 折叠测试\n\n忻州市杂粮加工园区今年引进企业九家，年产值二十亿元。');
    const before = (await readdir(path.join(dataDir, (await readFile(path.join(dataDir, 'current-index'), 'utf8')).trim()))).filter((e) => e.startsWith('vectors-'));
    const opened = await open({ vectorDeltaLimit: 0 });
    expect(opened.index.manifest.vectorsFile).not.toBe(before[0]);
    const vector = await opened.index.embedder.embedQuery('忻州市杂粮加工园区今年引进企业九家，年产值二十亿元。');
    expect(opened.index.passageAt(opened.index.vectors.search(vector, 1)[0]!.position)?.docId).toBe('fold.md');
    expect(await leftovers(dataDir)).toEqual([]);
  });

  it('keeps its term counts equal to what FTS5 itself counts, through all these updates', async () => {
    const pointer = (await readFile(path.join(dataDir, 'current-index'), 'utf8')).trim();
    const db = new Database(path.join(dataDir, pointer, 'index.sqlite'));
    try {
      db.exec(`CREATE VIRTUAL TABLE temp.vocabulary USING fts5vocab(main, 'lexical', 'col')`);
      const fts5 = db.prepare(`SELECT CASE col WHEN 'words' THEN 0 ELSE 1 END AS field, term, doc AS df FROM temp.vocabulary ORDER BY field, term`).all();
      const ours = db.prepare('SELECT field, term, df FROM term_df ORDER BY field, term').all();
      expect(ours.length).toBeGreaterThan(1000);
      expect(ours).toEqual(fts5);
    } finally {
      db.close();
    }
  });

  it('reads an older index format as a reason to rebuild, not as an error', async () => {
    const pointer = (await readFile(path.join(dataDir, 'current-index'), 'utf8')).trim();
    await rm(path.join(dataDir, pointer, 'index.sqlite'));
    const opened = await open();
    expect(opened.built?.mode).toBe('full');
    expect(opened.reason).toMatch(/unreadable|older format/);
    expect(existsSync(path.join(dataDir, pointer))).toBe(false);
  });
});
