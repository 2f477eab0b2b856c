/**
 * PostgreSQL for a test file: the URL of the run's cluster, or a reason to skip. Under CI
 * (`CI` set) a missing PostgreSQL fails the tests instead of skipping them.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

export const pgSkipReason = TEST_DATABASE_URL ? undefined : `PostgreSQL tests skipped: ${process.env.TEST_POSTGRES_PROBLEM ?? 'TEST_DATABASE_URL is not set'}`;

/** true: run; false: skip (with a message). Throws under CI when PostgreSQL is unavailable. */
export function postgresAvailable(): boolean {
  if (!pgSkipReason) return true;
  if (process.env.CI) throw new Error(`${pgSkipReason} — CI must run them (install postgresql or set TEST_DATABASE_URL)`);
  console.warn(pgSkipReason);
  return false;
}

/** A fresh database in the test cluster (each test file gets its own); returns its URL. */
export async function freshDatabase(prefix = 't'): Promise<string> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  return url.toString();
}
