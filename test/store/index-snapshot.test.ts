/**
 * The shared knowledge base on a real PostgreSQL: a published index copied into an empty DATA_DIR
 * answers the same searches with the same counts; a new version replaces the old one completely;
 * a damaged copy is refused and leaves the current index in place.
 */
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHUNK_OPTIONS } from '../../src/ingest/chunk.js';
import { createLocalEmbedder } from '../../src/retrieval/create-embedder.js';
import { search } from '../../src/retrieval/query/search.js';
import { openIndex } from '../../src/retrieval/store.js';
import { fetchSnapshot, localVersion, openLocalReplica, publishSnapshot } from '../../src/store/index-snapshot.js';
import { currentKbVersion } from '../../src/store/kb-version.js';
import { connectPostgres, type Pool } from '../../src/store/postgres.js';
import { removeDir, tempDir, tempKnowledgeCopy } from '../helpers.js';
import { freshDatabase, postgresAvailable } from './pg-test.js';

describe.skipIf(!postgresAvailable())('shared knowledge base (PostgreSQL)', () => {
  let pool: Pool;
  const dirs: string[] = [];
  const dir = async (p: string) => {
    const d = await tempDir(p);
    dirs.push(d);
    return d;
  };
  beforeAll(async () => {
    pool = await connectPostgres(await freshDatabase('kb'), { attempts: 1 });
  });
  afterAll(async () => {
    await pool?.end();
    for (const d of dirs) await removeDir(d);
  });

  it('publish, copy into an empty DATA_DIR, search the same; the next version replaces it; damage is refused', async () => {
    const embedder = createLocalEmbedder();
    const knowledge = await tempKnowledgeCopy();
    dirs.push(knowledge);
    const builder = await dir('kb-builder');
    const built = await openIndex({ knowledgeDir: knowledge, dataDir: builder, embedder, chunking: DEFAULT_CHUNK_OPTIONS });
    const first = await publishSnapshot(pool, builder, 'test');
    expect(first.version).toBe(1);
    expect(await currentKbVersion(pool)).toBe(1);
    expect(await localVersion(builder)).toBe(1);

    const replica = await dir('kb-replica');
    expect(await localVersion(replica)).toBe(0);
    const copied = await fetchSnapshot(pool, replica);
    expect(copied).toMatchObject({ version: 1 });
    expect(copied.bytes).toBeGreaterThan(100_000);
    const index = await openLocalReplica(replica, embedder);
    expect([index.documentCount, index.passageCount]).toEqual([built.index.documentCount, built.index.passageCount]);
    const ids = async (i: typeof index) => (await search(i, '综改示范区今年的年度计划投资是多少')).hits.slice(0, 5).map((h) => h.passage.id);
    expect(await ids(index)).toEqual(await ids(built.index));
    expect((await ids(index)).length).toBeGreaterThan(0);

    // A new document, published as version 2: the replica copies it and finds it.
    await appendFile(path.join(knowledge, '900_new.txt'), '晋城市蓝莓产业基金\n\n2026年，晋城市设立蓝莓产业发展基金，首期规模为88亿元。\n');
    const updated = await openIndex({ knowledgeDir: knowledge, dataDir: builder, embedder, chunking: DEFAULT_CHUNK_OPTIONS, force: true });
    expect((await publishSnapshot(pool, builder, 'test')).version).toBe(2);
    expect((await fetchSnapshot(pool, replica)).version).toBe(2);
    const next = await openLocalReplica(replica, embedder);
    expect((await search(next, '晋城市蓝莓产业发展基金首期规模')).hits[0]?.passage.text).toMatch(/88亿元/);
    expect(next.documentCount).toBe(updated.index.documentCount);
    expect(next.documentCount).toBe(index.documentCount + 1);
    const { rows } = await pool.query<{ v: string }>('SELECT DISTINCT version AS v FROM kb_snapshot_chunks');
    expect(rows.map((r) => Number(r.v))).toEqual([2]); // the older version's chunks are gone

    // One byte changed in the stored graph: the copy is refused, the replica keeps version 2.
    await pool.query("UPDATE kb_snapshot_chunks SET data = set_byte(data, 0, (get_byte(data, 0) + 1) % 256) WHERE seq = 0 AND file LIKE 'vectors-%'");
    await expect(fetchSnapshot(pool, replica)).rejects.toThrow(/damaged/);
    expect(await localVersion(replica)).toBe(2);
    expect((await openLocalReplica(replica, embedder)).documentCount).toBe(next.documentCount);
  }, 60000);
});
