/**
 * Versioned migrations on a real PostgreSQL: instances starting together apply each migration once;
 * a database at an older version gets only the newer ones; a failing migration leaves nothing half
 * applied.
 */
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS, schemaVersion, type Migration } from '../../src/store/migrations.js';
import { freshDatabase, postgresAvailable } from './pg-test.js';

describe.skipIf(!postgresAvailable())('migrations (PostgreSQL)', () => {
  const pools: pg.Pool[] = [];
  const pool = async () => {
    const p = new pg.Pool({ connectionString: await freshDatabase('mig') });
    pools.push(p);
    return p;
  };
  afterAll(async () => {
    for (const p of pools) await p.end();
  });

  it('three instances starting at once: each migration applied once, in order', async () => {
    const p = await pool();
    const results = await Promise.all([migrate(p), migrate(p), migrate(p)]);
    expect(results.flat().sort()).toEqual(MIGRATIONS.map((m) => m.version));
    expect(await schemaVersion(p)).toBe(Math.max(...MIGRATIONS.map((m) => m.version)));
    expect(await migrate(p)).toEqual([]);
  });

  it('an older database gets only the newer migrations; a failing one is rolled back whole', async () => {
    const p = await pool();
    expect(await migrate(p, MIGRATIONS.slice(0, 1))).toEqual([1]);
    expect(await migrate(p)).toEqual(MIGRATIONS.slice(1).map((m) => m.version));
    const broken: Migration = { version: 99, name: 'broken', sql: 'CREATE TABLE half_done (x int); SELECT no_such_function();' };
    await expect(migrate(p, [...MIGRATIONS, broken])).rejects.toThrow(/no_such_function/);
    const { rowCount } = await p.query("SELECT 1 FROM pg_tables WHERE tablename = 'half_done'");
    expect(rowCount).toBe(0);
    expect(await schemaVersion(p)).toBe(Math.max(...MIGRATIONS.map((m) => m.version)));
  });
});
