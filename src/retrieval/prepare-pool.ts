/**
 * Files made ready to write (read, cleaned, chunked, segmented, embedded) on worker threads, so a
 * large ingest uses every core: the ingest's own thread only writes SQLite rows and feeds the graph.
 * Results come back in file order, so passage positions — and with them the FTS5 rows and the
 * graph — are the same as when one thread does everything. At most two chunks per worker are in
 * flight, so memory holds a few chunks, never the corpus. Small ingests (an update of a few files)
 * stay on the calling thread: starting a worker costs about half a second.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { prepareFile, type PendingFile, type PreparedFile, type PrepareWork } from './index-writer.js';
import { WordVectorEmbedder } from './word-vector-embedder.js';

/** Files per message to a worker: large enough that messaging is cheap, small enough to balance. */
const CHUNK_FILES = 32;
/** Below this many files the work stays on the calling thread. */
export const POOL_MIN_FILES = 256;

export interface PrepareOptions extends PrepareWork {
  /** Worker threads preparing files; 0 keeps the work on this thread (default: cores, for ≥ 256 files). */
  prepareThreads?: number;
}

/** What a worker needs to prepare files as this thread would (see prepare-worker.ts). */
export interface PrepareWorkerData {
  knowledgeDir: string;
  chunking: PrepareWork['chunking'];
  /** Set when the embedder is the word-vector one: the worker embeds with its own copy. */
  wordVectors?: { file: string; id: string };
}

function defaultThreads(files: number): number {
  const cores = os.availableParallelism();
  return files >= POOL_MIN_FILES && cores >= 2 ? Math.min(cores, 4) : 0;
}

/** Each file with what preparing it gave, in the order of `files`. */
export async function* prepareAll(files: PendingFile[], work: PrepareOptions): AsyncGenerator<[PendingFile, PreparedFile]> {
  const threads = work.prepareThreads ?? defaultThreads(files.length);
  if (threads <= 0 || files.length === 0) {
    for (const file of files) yield [file, await prepareFile(file, work)];
    return;
  }
  const embedder = work.embedder instanceof WordVectorEmbedder ? work.embedder : undefined;
  const pool = new PreparePool(Math.min(threads, Math.ceil(files.length / CHUNK_FILES)), {
    knowledgeDir: work.knowledgeDir,
    chunking: work.chunking,
    wordVectors: embedder && { file: embedder.file, id: embedder.id },
  });
  try {
    const chunks: PendingFile[][] = [];
    for (let i = 0; i < files.length; i += CHUNK_FILES) chunks.push(files.slice(i, i + CHUNK_FILES));
    const pending: Array<Promise<PreparedFile[]>> = [];
    let sent = 0;
    const fill = () => {
      while (sent < chunks.length && pending.length < pool.size * 2) {
        const job = pool.run(chunks[sent++]!);
        job.catch(() => undefined); // awaited in order below; this only keeps it from counting as unhandled
        pending.push(job);
      }
    };
    fill();
    for (const chunk of chunks) {
      const results = await pending.shift()!;
      fill();
      for (let i = 0; i < chunk.length; i++) yield [chunk[i]!, results[i]!];
    }
  } finally {
    await pool.close();
  }
}

/** tsx's ESM API module, found through its package.json (vitest's import.meta has no resolve). */
function tsxApiUrl(): string {
  const manifestFile = createRequire(import.meta.url).resolve('tsx/package.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(path.join(path.dirname(manifestFile), manifest.exports['./esm/api']!.import.default)).href;
}

interface Job {
  resolve: (results: PreparedFile[]) => void;
  reject: (err: Error) => void;
}

class PreparePool {
  private readonly workers: Array<{ worker: Worker; jobs: Map<number, Job> }> = [];
  private nextId = 0;

  constructor(threads: number, data: PrepareWorkerData) {
    const fromSources = import.meta.url.endsWith('.ts');
    const url = new URL(`./prepare-worker.${fromSources ? 'ts' : 'js'}`, import.meta.url);
    // Run from TypeScript sources (tsx, vitest), the worker registers tsx itself before importing
    // them: loader flags given to a worker's execArgv do not reach its imports on Node 20.
    const start = `import(${JSON.stringify(url.href)})`;
    const source = fromSources ? `import(${JSON.stringify(tsxApiUrl())}).then((tsx) => { tsx.register(); return ${start}; });` : `${start};`;
    for (let i = 0; i < threads; i++) {
      const worker = new Worker(source, { eval: true, workerData: data });
      const entry = { worker, jobs: new Map<number, Job>() };
      worker.on('message', (message: { id: number; results?: PreparedFile[]; error?: string }) => {
        const job = entry.jobs.get(message.id);
        if (!job) return;
        entry.jobs.delete(message.id);
        if (message.results) job.resolve(message.results);
        else job.reject(new Error(`preparing files: ${message.error}`));
      });
      const failAll = (err: Error) => {
        for (const job of entry.jobs.values()) job.reject(err);
        entry.jobs.clear();
      };
      worker.on('error', (err) => failAll(new Error(`preparing files: ${err.message}`)));
      worker.on('exit', (code) => failAll(new Error(`preparing files: worker stopped (exit ${code})`)));
      this.workers.push(entry);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  /** Prepares `files` on the least busy worker. */
  run(files: PendingFile[]): Promise<PreparedFile[]> {
    const entry = this.workers.reduce((a, b) => (b.jobs.size < a.jobs.size ? b : a));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      entry.jobs.set(id, { resolve, reject });
      entry.worker.postMessage({ id, files });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map(({ worker }) => worker.terminate()));
  }
}
