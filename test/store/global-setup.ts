/**
 * Vitest global setup: when TEST_DATABASE_URL is not given and PostgreSQL's binaries exist, a
 * throw-away cluster is started for the run, so `npm test` covers the PostgreSQL store on any
 * machine that has PostgreSQL (TEST_POSTGRES=off: none). Tests needing it read TEST_DATABASE_URL
 * (see pg-test.ts).
 */
import { findPostgresBin, startCluster, type Cluster } from '../../src/store/throwaway-cluster.js';

let cluster: Cluster | undefined;

export async function setup(): Promise<void> {
  if (process.env.TEST_DATABASE_URL) return;
  if (process.env.TEST_POSTGRES === 'off') {
    process.env.TEST_POSTGRES_PROBLEM = 'TEST_POSTGRES=off';
    return;
  }
  const bin = findPostgresBin();
  if (!bin) {
    process.env.TEST_POSTGRES_PROBLEM = 'PostgreSQL binaries (initdb, pg_ctl) not found';
    return;
  }
  try {
    cluster = await startCluster(bin);
    process.env.TEST_DATABASE_URL = cluster.url;
    process.on('exit', () => cluster?.stop());
  } catch (err) {
    process.env.TEST_POSTGRES_PROBLEM = (err as Error).message;
  }
}

export function teardown(): void {
  cluster?.stop();
}
