/**
 * The index of an instance on PostgreSQL: a local replica of the shared knowledge-base version.
 * At start: the first instance ever builds from knowledge/ and publishes version 1 (the others wait
 * for it on an advisory lock, then copy it); later instances copy the latest version unless their
 * DATA_DIR already holds it. /reindex: bring the local index up to date with knowledge/, publish it
 * as the next version. Another instance's new version: copy it, open it, then switch. A copy whose
 * snapshot is missing or damaged is rebuilt from the knowledge-base rows instead (replica-from-rows.ts).
 */
import type { Config } from '../config.js';
import { createEmbedder } from '../retrieval/create-embedder.js';
import { openConfiguredIndex } from '../retrieval/configured-index.js';
import type { PolicyIndex } from '../retrieval/policy-index.js';
import type { IngestReport } from '../retrieval/store.js';
import { localVersion, openLocalReplica, publishSnapshot } from './index-snapshot.js';
import { currentKbVersion } from './kb-version.js';
import type { Pool } from './postgres.js';
import { fetchReplica, type FetchedReplica } from './replica-from-rows.js';

/** Held by the instance building version 1. */
const FIRST_BUILD_LOCK = 7_013_002;

export interface SharedIndex {
  index: PolicyIndex;
  version: number;
  /** How the local replica was obtained, for the start-up log. */
  reason: string;
  built?: IngestReport;
  ms: number;
}

const summaryOf = (index: PolicyIndex) => `${index.documentCount} documents, ${index.passageCount} passages`;

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function describeFetch(fetched: FetchedReplica): string {
  if (fetched.from === 'rows') return `rebuilt shared version ${fetched.version} from its rows in ${s(fetched.ms)} (${fetched.snapshotProblem})`;
  return `copied shared version ${fetched.version} (${(fetched.bytes / 1e6).toFixed(1)} MB in ${s(fetched.ms)})`;
}

export async function openSharedIndex(config: Config, pool: Pool): Promise<SharedIndex> {
  const started = performance.now();
  const ms = () => performance.now() - started;
  if ((await currentKbVersion(pool)) === 0) {
    const client = await pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [FIRST_BUILD_LOCK]);
      if ((await currentKbVersion(pool)) === 0) {
        const opened = await openConfiguredIndex(config);
        const published = await publishSnapshot(pool, config.DATA_DIR, summaryOf(opened.index));
        return { index: opened.index, version: published.version, reason: `built from ${config.KNOWLEDGE_DIR} and published as shared version ${published.version}`, built: opened.built, ms: ms() };
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [FIRST_BUILD_LOCK]).catch(() => undefined);
      client.release();
    }
  }
  const have = await localVersion(config.DATA_DIR);
  const latest = await currentKbVersion(pool);
  let reason = `local replica of shared version ${have} is current`;
  let version = have;
  if (have !== latest) {
    const fetched = await fetchReplica(pool, config.DATA_DIR);
    version = fetched.version;
    reason = describeFetch(fetched);
  }
  return { index: await openLocalReplica(config.DATA_DIR, createEmbedder(config)), version, reason, ms: ms() };
}

/** /reindex on this instance: local update from knowledge/, then published as the next version. */
export async function reindexShared(config: Config, pool: Pool): Promise<SharedIndex> {
  const started = performance.now();
  const rebuilt = await openConfiguredIndex(config, true);
  const published = await publishSnapshot(pool, config.DATA_DIR, summaryOf(rebuilt.index));
  const rows = published.rows ? ` (rows: ${published.rows.inserted} documents written, ${published.rows.deleted} deleted)` : '';
  return { index: rebuilt.index, version: published.version, reason: `published as shared version ${published.version}${rows}`, built: rebuilt.built, ms: performance.now() - started };
}

/** Another instance published `version`: copy and open it (the caller switches to it). */
export async function syncShared(config: Config, pool: Pool): Promise<SharedIndex> {
  const started = performance.now();
  const fetched = await fetchReplica(pool, config.DATA_DIR);
  const index = await openLocalReplica(config.DATA_DIR, createEmbedder(config));
  return { index, version: fetched.version, reason: describeFetch(fetched), ms: performance.now() - started };
}
