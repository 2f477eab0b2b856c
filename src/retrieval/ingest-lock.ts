/**
 * One ingest at a time per data directory: a lock file created exclusively, holding the owner's
 * pid. A second ingest waits for it (saying so once); a lock whose process is gone (killed) is
 * taken over, so a crash never blocks later ingests.
 */
import { open, readFile, stat, unlink } from 'node:fs/promises';
import path from 'node:path';

export const LOCK_FILE = 'ingest.lock';

export interface IngestLock {
  release(): Promise<void>;
}

interface LockOwner {
  pid: number;
  startedAt: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readOwner(file: string): Promise<LockOwner | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}

/**
 * Takes the ingest lock of `dataDir`, waiting while another live process (or another ingest in
 * this process) holds it. `onWait` is told once who holds it.
 */
export async function acquireIngestLock(dataDir: string, onWait?: (holder: string) => void, pollMs = 200): Promise<IngestLock> {
  const file = path.join(dataDir, LOCK_FILE);
  const token = `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  let told = false;
  for (;;) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString(), token }));
      await handle.close();
      return {
        release: async () => {
          const owner = (await readOwner(file)) as (LockOwner & { token?: string }) | undefined;
          if (owner?.token === token) await unlink(file).catch(() => undefined);
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = await readOwner(file);
    // An unreadable lock older than a few seconds was left by a process killed while writing it.
    const unreadableAndOld = !owner && Date.now() - ((await stat(file).catch(() => undefined))?.mtimeMs ?? 0) > 5000;
    if ((owner && !alive(owner.pid)) || unreadableAndOld) {
      // Left by a killed ingest: nobody holds it.
      await unlink(file).catch(() => undefined);
      continue;
    }
    if (!told) {
      told = true;
      onWait?.(owner ? `process ${owner.pid}${owner.pid === process.pid ? ' (this one)' : ''}, since ${owner.startedAt}` : 'another process');
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
