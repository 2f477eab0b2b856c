/**
 * `npm run bench:shared-kb -- --data-dir DIR [--copy-only] [--from-rows]`: what a new instance pays to
 * load the shared knowledge base from PostgreSQL — publish DIR's current index as a version (its
 * snapshot and its rows), copy it into an empty DATA_DIR, open it — in seconds and MB; then the rows
 * part of publishing a one-document change (one document's stored hash altered, so it is rewritten).
 * `--from-rows`: also rebuild a replica from the rows (the fallback; minutes at 68,000 articles).
 * Uses DATABASE_URL, or a throw-away cluster when PostgreSQL's binaries are installed. The
 * database's tables are those of the program (a fresh database is best). DIR's kb-version file is
 * written (copy DIR first if it must stay as it is).
 */
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { mkdtemp } from 'node:fs/promises';
import { createLocalEmbedder } from '../retrieval/create-embedder.js';
import { fetchSnapshot, openLocalReplica, publishSnapshot, type SnapshotStats } from '../store/index-snapshot.js';
import { rebuildReplicaFromRows } from '../store/replica-from-rows.js';
import { connectPostgres } from '../store/postgres.js';
import { findPostgresBin, startCluster, type Cluster } from '../store/throwaway-cluster.js';

async function main() {
  const args = process.argv.slice(2);
  const at = args.indexOf('--data-dir');
  const dataDir = at >= 0 ? args[at + 1] : undefined;
  if (!dataDir) throw new Error('usage: npm run bench:shared-kb -- --data-dir DIR (a DATA_DIR holding a built index)');
  let cluster: Cluster | undefined;
  let url = process.env.DATABASE_URL;
  if (!url) {
    const bin = findPostgresBin();
    if (!bin) throw new Error('set DATABASE_URL or install PostgreSQL');
    cluster = await startCluster(bin);
    url = cluster.url;
  }
  const replica = await mkdtemp(path.join(os.tmpdir(), 'spb-replica-'));
  const pool = await connectPostgres(url, { attempts: 1 });
  try {
    const published = await publishSnapshot(pool, dataDir, 'bench');
    const fetched = await fetchSnapshot(pool, replica);
    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    const rows = (p: SnapshotStats) =>
      `${p.rows!.inserted} documents and ${p.rows!.passagesInserted} passages inserted, ${p.rows!.deleted} documents deleted, in ${p.rows!.ms.toFixed(0)} ms`;
    console.log(`publish (backup + store in PostgreSQL): ${(published.bytes / 1e6).toFixed(0)} MB in ${s(published.ms)}; of which rows: ${rows(published)}`);
    const sizes = await pool.query<{ documents: string; passages: string }>(
      "SELECT pg_size_pretty(pg_total_relation_size('kb_documents')) AS documents, pg_size_pretty(pg_total_relation_size('kb_passages')) AS passages",
    );
    console.log(`rows in PostgreSQL: kb_documents ${sizes.rows[0]!.documents}, kb_passages ${sizes.rows[0]!.passages}`);
    await pool.query("UPDATE kb_documents SET hash = 'changed' WHERE id = (SELECT id FROM kb_documents ORDER BY id LIMIT 1)");
    const again = await publishSnapshot(pool, dataDir, 'bench');
    console.log(`publish of a one-document change: ${s(again.ms)} in all; rows: ${rows(again)}`);
    console.log(`copy into a new DATA_DIR: ${s(fetched.ms)} (${(fetched.bytes / 1e6 / (fetched.ms / 1000)).toFixed(0)} MB/s)`);
    if (args.includes('--from-rows')) {
      const fromRows = await mkdtemp(path.join(os.tmpdir(), 'spb-rows-replica-'));
      try {
        const rebuilt = await rebuildReplicaFromRows(pool, fromRows);
        console.log(`replica rebuilt from the rows (fallback): ${s(rebuilt.ms)}`);
      } finally {
        await rm(fromRows, { recursive: true, force: true });
      }
    }
    if (args.includes('--copy-only')) return; // e.g. a padded graph file that only measures the copy
    const t0 = performance.now();
    const index = await openLocalReplica(replica, createLocalEmbedder());
    const openMs = performance.now() - t0;
    console.log(`open: ${s(openMs)} (${index.documentCount} documents, ${index.passageCount} passages); new instance total ${s(fetched.ms + openMs)}`);
    index.close();
  } finally {
    await pool.end();
    await rm(replica, { recursive: true, force: true });
    cluster?.stop();
  }
}

main().catch((err: unknown) => {
  console.error(`error: ${(err as Error).message}`);
  process.exit(1);
});
