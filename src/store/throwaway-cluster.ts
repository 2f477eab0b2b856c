/**
 * A throw-away PostgreSQL cluster for the tests and benchmarks: initdb in a temporary folder, listening on
 * 127.0.0.1 at a free port (its socket in the same folder), fsync off, trust authentication for
 * loopback only, removed at the end. initdb refuses to run as root, so as root the cluster belongs
 * to the `postgres` user (Debian's package creates it) or `nobody`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface Cluster {
  url: string;
  stop(): void;
}

/** The folder holding initdb and pg_ctl: PATH first, then Debian's /usr/lib/postgresql/N/bin (newest). */
export function findPostgresBin(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'pg_ctl'))) return dir;
  }
  const debian = '/usr/lib/postgresql';
  if (!existsSync(debian)) return undefined;
  const versions = readdirSync(debian).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) {
    const bin = path.join(debian, v, 'bin');
    if (existsSync(path.join(bin, 'initdb'))) return bin;
  }
  return undefined;
}

/** A free TCP port on 127.0.0.1 (the cluster's; the tests' emulators and webhooks use it too). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** The unprivileged account to run PostgreSQL as when we are root. */
function clusterUser(): { name: string; uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of ['postgres', 'nobody']) {
    const r = spawnSync('id', ['-u', name], { encoding: 'utf8' });
    if (r.status === 0) {
      const gid = Number(spawnSync('id', ['-g', name], { encoding: 'utf8' }).stdout.trim());
      return { name, uid: Number(r.stdout.trim()), gid };
    }
  }
  throw new Error('running as root and neither a postgres nor a nobody user exists to own the test cluster');
}

export async function startCluster(bin: string): Promise<Cluster> {
  const user = clusterUser();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'spb-pg-'));
  const data = path.join(dir, 'data');
  if (user) chownSync(dir, user.uid, user.gid);
  const run = (cmd: string, args: string[]) => {
    const full = path.join(bin, cmd);
    const [file, argv] = user ? ['runuser', ['-u', user.name, '--', full, ...args]] : [full, args];
    execFileSync(file, argv, { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir });
  };
  const port = await freePort();
  try {
    run('initdb', ['-D', data, '-U', 'spb', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
    const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
    run('pg_ctl', ['-D', data, '-l', path.join(dir, 'log'), '-o', options, '-w', '-t', '60', 'start']);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    const e = err as { stderr?: Buffer; message: string };
    throw new Error(`could not start a throw-away PostgreSQL: ${e.stderr?.toString().trim() || e.message}`);
  }
  let stopped = false;
  return {
    url: `postgres://spb@127.0.0.1:${port}/postgres`,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // already gone
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
