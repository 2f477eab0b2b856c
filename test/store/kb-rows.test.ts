/**
 * The knowledge base as rows on a real PostgreSQL: after a publish the rows equal the local index
 * (documents, hashes, passages, vectors); a one-file change rewrites only that document's rows and
 * a removed file's rows are gone; with the snapshot damaged, a new instance rebuilds its replica
 * from the rows and answers the same searches.
 */
import { appendFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHUNK_OPTIONS } from '../../src/ingest/chunk.js';
import { createLocalEmbedder } from '../../src/retrieval/create-embedder.js';
import { indexTextOf, type PolicyIndex } from '../../src/retrieval/policy-index.js';
import { search } from '../../src/retrieval/query/search.js';
import { openIndex } from '../../src/retrieval/store.js';
import { unitRow } from '../../src/retrieval/vector-index.js';
import { localVersion, openLocalReplica, publishSnapshot } from '../../src/store/index-snapshot.js';
import { connectPostgres, type Pool } from '../../src/store/postgres.js';
import { fetchReplica } from '../../src/store/replica-from-rows.js';
import { removeDir, tempDir, tempKnowledgeCopy } from '../helpers.js';
import { freshDatabase, postgresAvailable } from './pg-test.js';

interface PassageRow {
  doc_id: string;
  idx: number;
  section: string[];
  text: string;
  start: number;
  end: number;
  page: number | null;
  vector: number[];
  xmin: string;
}

describe.skipIf(!postgresAvailable())('knowledge base as rows (PostgreSQL)', () => {
  let pool: Pool;
  const dirs: string[] = [];
  const dir = async (p: string) => {
    const d = await tempDir(p);
    dirs.push(d);
    return d;
  };
  const embedder = createLocalEmbedder();
  beforeAll(async () => {
    pool = await connectPostgres(await freshDatabase('kbrows'), { attempts: 1 });
  });
  afterAll(async () => {
    await pool?.end();
    for (const d of dirs) await removeDir(d);
  });

  const documentRows = async () =>
    (await pool.query<{ id: string; hash: string; meta: Record<string, unknown>; text: string; xmin: string }>('SELECT id, hash, meta, text, xmin::text FROM kb_documents ORDER BY id')).rows;
  const passageRows = async () => (await pool.query<PassageRow>('SELECT doc_id, idx, section, text, start, "end", page, vector, xmin::text FROM kb_passages ORDER BY doc_id, idx')).rows;

  /** The rows hold exactly the index's documents and passages, each vector its passage's embedding. */
  async function expectRowsEqualIndex(index: PolicyIndex): Promise<void> {
    const docs = await documentRows();
    const listed = index.listDocuments();
    expect(docs.map((d) => [d.id, d.hash])).toEqual(listed.map((d) => [d.id, d.hash]));
    const rows = await passageRows();
    expect(rows.length).toBe(index.passageCount);
    const byDoc = new Map<string, PassageRow[]>();
    for (const r of rows) (byDoc.get(r.doc_id) ?? byDoc.set(r.doc_id, []).get(r.doc_id)!).push(r);
    for (const d of docs) {
      const document = index.document(d.id)!;
      expect(d.text).toBe(document.text);
      expect(d.meta).toEqual(JSON.parse(JSON.stringify(document.meta)));
      const passages = index.passagesOf(d.id);
      const stored = byDoc.get(d.id) ?? [];
      expect(stored.map((r) => [r.idx, r.section, r.text, r.start, r.end, r.page ?? undefined])).toEqual(passages.map((p) => [p.index, p.section, p.text, p.start, p.end, p.page]));
      for (const [i, p] of passages.entries()) {
        // Computed afresh from the passage, not read back from the index that was copied.
        const expected = unitRow((await embedder.embedDocuments([indexTextOf(p, document)]))[0]!);
        const vector = stored[i]!.vector;
        expect(vector.length).toBe(index.manifest.dimensions);
        for (let k = 0; k < vector.length; k++) expect(vector[k]).toBeCloseTo(expected[k]!, 5);
      }
    }
  }

  it('publish writes the rows; a change rewrites one document; a removal deletes; a damaged snapshot is replaced by the rows', async () => {
    const knowledge = await tempKnowledgeCopy();
    dirs.push(knowledge);
    const builder = await dir('kbrows-builder');
    const open = (force = false) => openIndex({ knowledgeDir: knowledge, dataDir: builder, embedder, chunking: DEFAULT_CHUNK_OPTIONS, force });
    const built = (await open()).index;
    const first = await publishSnapshot(pool, builder, 'test');
    expect(first.rows).toMatchObject({ deleted: 0, inserted: built.documentCount, passagesInserted: built.passageCount, replacedAll: true });
    await expectRowsEqualIndex(built);
    const state = async () => (await pool.query<{ version: string; rows_version: string }>('SELECT version, rows_version FROM kb_state')).rows[0]!;
    expect(await state()).toEqual({ version: '1', rows_version: '1' });

    // One file changed, one removed: only their rows change.
    const [changed, removed, ...kept] = built.listDocuments().map((d) => d.id);
    const before = { docs: await documentRows(), passages: await passageRows() };
    await appendFile(path.join(knowledge, changed!), '\n\n晋城市设立蓝莓产业发展基金，首期规模为88亿元。\n');
    await rm(path.join(knowledge, removed!));
    const updated = (await open(true)).index;
    const second = await publishSnapshot(pool, builder, 'test');
    expect(second.rows).toMatchObject({ deleted: 2, inserted: 1, replacedAll: false });
    await expectRowsEqualIndex(updated);
    expect(await state()).toEqual({ version: '2', rows_version: '2' });
    const after = { docs: await documentRows(), passages: await passageRows() };
    expect(after.docs.some((d) => d.id === removed)).toBe(false);
    expect(after.passages.some((p) => p.doc_id === removed)).toBe(false);
    expect(after.passages.filter((p) => p.doc_id === changed).some((p) => /88亿元/.test(p.text))).toBe(true);
    // Untouched documents keep their very rows (same inserting transaction); the changed one's are new.
    const stamp = (rows: Array<{ xmin: string }>, key: (r: never) => string) => new Map(rows.map((r) => [key(r as never), r.xmin]));
    const docStamp = { before: stamp(before.docs, (r: { id: string }) => r.id), after: stamp(after.docs, (r: { id: string }) => r.id) };
    for (const id of kept) expect(docStamp.after.get(id)).toBe(docStamp.before.get(id));
    expect(docStamp.after.get(changed!)).not.toBe(docStamp.before.get(changed!));
    const passageKey = (r: { doc_id: string; idx: number }) => `${r.doc_id}#${r.idx}`;
    const passageStamp = { before: stamp(before.passages, passageKey), after: stamp(after.passages, passageKey) };
    const keptPassages = after.passages.filter((p) => kept.includes(p.doc_id));
    expect(keptPassages.length).toBeGreaterThan(0);
    for (const p of keptPassages) expect(passageStamp.after.get(passageKey(p))).toBe(passageStamp.before.get(passageKey(p)));
    for (const p of after.passages.filter((r) => r.doc_id === changed)) expect(passageStamp.before.get(passageKey(p))).not.toBe(passageStamp.after.get(passageKey(p)));

    // The snapshot damaged: a new instance rebuilds its replica from the rows and searches the same.
    await pool.query("UPDATE kb_snapshot_chunks SET data = set_byte(data, 0, (get_byte(data, 0) + 1) % 256) WHERE seq = 0 AND file LIKE 'vectors-%'");
    const replica = await dir('kbrows-replica');
    const fetched = await fetchReplica(pool, replica);
    expect(fetched).toMatchObject({ version: 2, from: 'rows' });
    expect(fetched.snapshotProblem).toMatch(/damaged/);
    expect(await localVersion(replica)).toBe(2);
    const rebuilt = await openLocalReplica(replica, embedder);
    expect([rebuilt.documentCount, rebuilt.passageCount]).toEqual([updated.documentCount, updated.passageCount]);
    // Rebuilt, it is the index a full build of the same files makes (the publisher's own index was
    // updated in place, whose FTS5 statistics can differ from a full build's in the last digits).
    const fullBuild = (await openIndex({ knowledgeDir: knowledge, dataDir: await dir('kbrows-full'), embedder, chunking: DEFAULT_CHUNK_OPTIONS })).index;
    for (const question of ['综改示范区今年的年度计划投资是多少', '晋城市蓝莓产业发展基金首期规模', '转型发展的主要任务']) {
      const hits = async (i: PolicyIndex) => (await search(i, question)).hits.slice(0, 5).map((h) => [h.passage.id, h.score.toFixed(6)]);
      const expected = await hits(fullBuild);
      expect(expected.length).toBeGreaterThan(0);
      expect(await hits(rebuilt)).toEqual(expected);
      expect((await hits(rebuilt))[0]![0]).toBe((await hits(updated))[0]![0]);
    }
    expect((await search(rebuilt, '晋城市蓝莓产业发展基金首期规模')).hits[0]?.passage.text).toMatch(/88亿元/);
    expect(rebuilt.document(changed!)).toEqual(updated.document(changed!));
    // The rebuilt replica is a regular index of the same build: against the same files it is current.
    const reopened = await openIndex({ knowledgeDir: knowledge, dataDir: replica, embedder, chunking: DEFAULT_CHUNK_OPTIONS });
    expect(reopened.reason).toBe('up to date');

    // Rows that do not hold the current version are not used: the copy fails with both reasons, the
    // replica stays as it was.
    await pool.query('UPDATE kb_state SET rows_version = rows_version - 1');
    await expect(fetchReplica(pool, replica)).rejects.toThrow(/damaged.*rows do not hold shared version 2/);
    expect(await localVersion(replica)).toBe(2);
    expect((await openLocalReplica(replica, embedder)).documentCount).toBe(updated.documentCount);

    // Rows of another build (other chunking, embedder or code) are replaced whole at the next publish.
    await pool.query(`UPDATE kb_state SET rows_build = '{"embedder":"another"}'`);
    const third = await publishSnapshot(pool, builder, 'test');
    expect(third.rows).toMatchObject({ replacedAll: true, inserted: updated.documentCount, passagesInserted: updated.passageCount });
    await expectRowsEqualIndex(updated);
    expect(await state()).toEqual({ version: '3', rows_version: '3' });
  }, 120000);
});
