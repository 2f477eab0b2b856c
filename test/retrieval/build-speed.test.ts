/**
 * The faster full build must store exactly what the plain one does: files prepared on worker
 * threads (prepare-pool.ts), term counts taken from FTS5's vocabulary, and the word-vector
 * embedder's shortcut for index texts.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import hnswlib from 'hnswlib-node';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHUNK_OPTIONS } from '../../src/ingest/chunk.js';
import { ingestFile } from '../../src/ingest/document.js';
import { createLocalEmbedder } from '../../src/retrieval/create-embedder.js';
import type { PassageEmbedder } from '../../src/retrieval/embedder.js';
import { indexTextOf } from '../../src/retrieval/index-text.js';
import { LocalHashEmbedder } from '../../src/retrieval/local-embedder.js';
import { openIndex } from '../../src/retrieval/store.js';
import { WordVectorEmbedder } from '../../src/retrieval/word-vector-embedder.js';
import { removeDir, tempDir, tempKnowledgeCopy } from '../helpers.js';

/** Everything a build stores, read back: documents, passages, term counts, FTS5 postings, vectors. */
async function stored(dataDir: string) {
  const dir = path.join(dataDir, (await readFile(path.join(dataDir, 'current-index'), 'utf8')).trim());
  const db = new Database(path.join(dir, 'index.sqlite'), { readonly: true });
  try {
    db.exec(`CREATE VIRTUAL TABLE temp.postings USING fts5vocab(main, 'lexical', 'instance')`);
    const manifest = JSON.parse(db.prepare(`SELECT value FROM meta WHERE key = 'manifest'`).pluck().get() as string);
    const graph = new hnswlib.HierarchicalNSW('cosine', manifest.dimensions);
    graph.readIndexSync(path.join(dir, manifest.vectorsFile));
    const labels = graph.getIdsList().sort((a, b) => a - b);
    return {
      documents: db.prepare('SELECT id, hash, meta, text, passages FROM documents ORDER BY id').all(),
      passages: db.prepare('SELECT * FROM passages ORDER BY position').all(),
      termDf: db.prepare('SELECT field, term, df FROM term_df ORDER BY field, term').all(),
      postings: db.prepare('SELECT term, doc, col, offset FROM temp.postings ORDER BY term, doc, col, offset').all(),
      vectors: labels.map((l) => [l, ...graph.getPoint(l)]),
    };
  } finally {
    db.close();
  }
}

describe('full build speed-ups store the same index', async () => {
  const knowledgeDir = await tempKnowledgeCopy();
  // More files than one worker chunk, and tokens FTS5's tokenizer splits (2#125, a/b) where
  // TermCounts keeps one term: the vocabulary shortcut must count them as TermCounts does.
  for (let i = 0; i < 40; i++) {
    await writeFile(
      path.join(knowledgeDir, `note-${String(i).padStart(2, '0')}.md`),
      `# 第${i}号通知\n\n太原市今年新建充电桩${i * 7 + 3}座，编号2#125与a/b型号并用。\n\n顯著成效：晋中市氢能加注站${i}座。`,
    );
  }
  const dirs: string[] = [knowledgeDir];
  const build = async (embedder: PassageEmbedder, prepareThreads: number) => {
    const dataDir = await tempDir('data');
    dirs.push(dataDir);
    const opened = await openIndex({ knowledgeDir, dataDir, embedder, chunking: DEFAULT_CHUNK_OPTIONS, full: true, prepareThreads });
    opened.index.close();
    return stored(dataDir);
  };
  afterAll(async () => {
    for (const d of dirs) await removeDir(d);
  });

  it('prepares files on worker threads into the same rows, postings and vectors as on one thread', async () => {
    const one = await build(createLocalEmbedder(), 0);
    const pooled = await build(createLocalEmbedder(), 2);
    expect(one.passages.length).toBeGreaterThan(100);
    expect(pooled).toEqual(one);
  });

  it('embeds on the writing thread when the workers cannot (another embedder), with the same result', async () => {
    const one = await build(new LocalHashEmbedder(64), 0);
    const pooled = await build(new LocalHashEmbedder(64), 2);
    expect(pooled).toEqual(one);
  });

  it('counts terms from FTS5 after a full build exactly as an incremental ingest counts them', async () => {
    const full = await build(new LocalHashEmbedder(64), 0);
    expect(full.termDf).toContainEqual({ field: 0, term: '2#125', df: 40 });
    // The same files added to an empty index one ingest at a time: TermCounts per passage.
    const dataDir = await tempDir('data');
    dirs.push(dataDir);
    const emptyDir = await tempDir('kb');
    dirs.push(emptyDir);
    const embedder = new LocalHashEmbedder(64);
    (await openIndex({ knowledgeDir: emptyDir, dataDir, embedder, chunking: DEFAULT_CHUNK_OPTIONS })).index.close();
    (await openIndex({ knowledgeDir, dataDir, embedder, chunking: DEFAULT_CHUNK_OPTIONS })).index.close();
    expect((await stored(dataDir)).termDf).toEqual(full.termDf);
  });

  it("gives index texts the word-vector embedder's own vectors (normalising twice, 显著 → 显着, included)", async () => {
    const embedder = new WordVectorEmbedder();
    let compared = 0;
    for (const file of await readdir(knowledgeDir)) {
      const result = ingestFile(file, await readFile(path.join(knowledgeDir, file)), DEFAULT_CHUNK_OPTIONS);
      if (!result.ok) continue;
      for (const passage of result.passages) {
        const text = indexTextOf(passage, result.document);
        expect(embedder.embedIndexText(text)).toEqual(embedder.embedText(text));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(100);
  });
});
