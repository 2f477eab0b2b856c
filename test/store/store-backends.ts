/**
 * The embedded SQLite store and the PostgreSQL one behind the same seam, for suites that must pass
 * on both: `open()` is a store on this test's data (a second call is another process on the same
 * data: the same directory, or a new pool on the same database); `fresh()` starts a test's data anew.
 */
import { connectPostgres, type Pool } from '../../src/store/postgres.js';
import { removeDir, tempDir } from '../helpers.js';
import { freshDatabase, postgresAvailable } from './pg-test.js';

export interface Backend<S> {
  fresh(): Promise<void>;
  open(): Promise<S>;
  cleanup(): Promise<void>;
}

export interface BackendMakers<S> {
  sqlite: (dataDir: string) => S;
  postgres: (pool: Pool) => S;
}

export function sqliteBackend<S>(make: (dataDir: string) => S, prefix: string): Backend<S> {
  const dirs: string[] = [];
  return {
    async fresh() {
      dirs.push(await tempDir(prefix));
    },
    async open() {
      return make(dirs.at(-1)!);
    },
    async cleanup() {
      for (const d of dirs.splice(0)) await removeDir(d);
    },
  };
}

export function postgresBackend<S>(make: (pool: Pool) => S, prefix: string): Backend<S> {
  const pools: Pool[] = [];
  let url: string | undefined;
  return {
    async fresh() {
      await this.cleanup();
      url = await freshDatabase(prefix);
    },
    async open() {
      const pool = await connectPostgres(url!, { attempts: 1, max: 4 });
      pools.push(pool);
      return make(pool);
    },
    async cleanup() {
      for (const p of pools.splice(0)) if (!p.ended) await p.end();
    },
  };
}

/** [name, backend, available]: PostgreSQL is skipped (with a message) where it cannot run, failed under CI. */
export function backends<S>(makers: BackendMakers<S>, prefix: string): [string, Backend<S>, boolean][] {
  return [
    ['sqlite', sqliteBackend(makers.sqlite, prefix), true],
    ['postgres', postgresBackend(makers.postgres, prefix), postgresAvailable()],
  ];
}
