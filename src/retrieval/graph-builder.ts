/**
 * Builds the HNSW graph of a full build on a worker thread, so graph construction (the largest
 * part of a build) runs beside reading, segmenting and embedding instead of after them. Vectors are
 * sent in float32 batches (transferred, not copied); at most a few batches are in flight, so a
 * slow graph holds back the ingest instead of queueing the corpus in memory.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { HnswSettings, VectorSink } from './vector-index.js';

const BATCH = 256;
const IN_FLIGHT = 4;

// Plain CommonJS run with `eval`, so the worker needs no TypeScript loader.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { HierarchicalNSW } = require(workerData.hnswPath);
const { dimensions, m, efConstruction } = workerData;
let capacity = Math.max(16, workerData.capacity);
const graph = new HierarchicalNSW('cosine', dimensions);
graph.initIndex(capacity, m, efConstruction, 100, true);
let count = 0;
parentPort.on('message', (message) => {
  try {
    if (message.type === 'add') {
      const rows = new Float32Array(message.rows);
      for (let i = 0; i < message.positions.length; i++) {
        if (count >= capacity) {
          capacity = Math.ceil(capacity * 1.5) + 16;
          graph.resizeIndex(capacity);
        }
        graph.addPoint(Array.from(rows.subarray(i * dimensions, (i + 1) * dimensions)), message.positions[i]);
        count++;
      }
      parentPort.postMessage({ type: 'added' });
    } else if (message.type === 'save') {
      graph.writeIndexSync(message.file);
      parentPort.postMessage({ type: 'saved', count });
    }
  } catch (err) {
    parentPort.postMessage({ type: 'error', message: String((err && err.message) || err) });
  }
});
`;

export class BackgroundGraphBuilder implements VectorSink {
  private readonly worker: Worker;
  private positions: number[] = [];
  private rows: Float32Array;
  private inFlight = 0;
  private failure: Error | undefined;
  private waiters: Array<() => void> = [];
  private saved: ((count: number) => void) | undefined;

  constructor(
    readonly dimensions: number,
    capacity: number,
    settings: HnswSettings,
  ) {
    const hnswPath = createRequire(import.meta.url).resolve('hnswlib-node');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { hnswPath, dimensions, capacity, ...settings } });
    this.rows = new Float32Array(BATCH * dimensions);
    this.worker.on('message', (message: { type: string; message?: string; count?: number }) => {
      if (message.type === 'added') this.inFlight--;
      else if (message.type === 'saved') this.saved?.(message.count ?? 0);
      else if (message.type === 'error') this.failure = new Error(`vector graph: ${message.message}`);
      this.wake();
    });
    this.worker.on('error', (err) => {
      this.failure = err;
      this.wake();
    });
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  add(vector: number[], position: number): void {
    if (vector.length !== this.dimensions) throw new Error(`vector has ${vector.length} dimensions, the index ${this.dimensions}`);
    this.rows.set(vector, this.positions.length * this.dimensions);
    this.positions.push(position);
    if (this.positions.length === BATCH) this.send();
  }

  remove(): void {
    throw new Error('a graph being built has nothing to remove');
  }

  private send(): void {
    if (this.positions.length === 0) return;
    const rows = this.rows.slice(0, this.positions.length * this.dimensions);
    this.worker.postMessage({ type: 'add', positions: this.positions, rows: rows.buffer }, [rows.buffer]);
    this.inFlight++;
    this.positions = [];
  }

  /** Resolves when few enough batches are waiting for the worker (back-pressure for the ingest). */
  async settle(): Promise<void> {
    while (this.inFlight > IN_FLIGHT && !this.failure) await new Promise<void>((resolve) => this.waiters.push(resolve));
    if (this.failure) throw this.failure;
  }

  /** Sends what is left, waits for the graph and writes it to `file`; the worker then ends. */
  async save(file: string): Promise<number> {
    this.send();
    try {
      const count = new Promise<number>((resolve) => (this.saved = resolve));
      this.worker.postMessage({ type: 'save', file });
      while (!this.failure) {
        const result = await Promise.race([count, new Promise<undefined>((resolve) => this.waiters.push(() => resolve(undefined)))]);
        if (result !== undefined) return result;
      }
      throw this.failure;
    } finally {
      await this.worker.terminate();
    }
  }

  /** Stops the worker without saving (a failed build). */
  async discard(): Promise<void> {
    await this.worker.terminate();
  }
}
