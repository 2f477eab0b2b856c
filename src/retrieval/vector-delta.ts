/**
 * The vector side of an update, stored in SQLite with the passages so it commits (or not) in the
 * same transaction: vectors of passages added since the graph file was written, and graph labels
 * removed since. Updating one file therefore costs time in proportion to that file, not to the
 * graph. When the delta grows past COMPACT_SHARE of the index, it is folded into a new graph file.
 */
import type { Db } from './index-db.js';
import { unitRow, VectorIndex, type ExactVectors, type VectorSink } from './vector-index.js';

/** Fold the delta into the graph beyond this share of the passages (and at least COMPACT_MIN rows). */
const COMPACT_SHARE = 0.02;
const COMPACT_MIN = 2000;

export class VectorDeltaWriter implements VectorSink {
  private readonly insert;
  private readonly drop;
  private readonly markRemoved;

  constructor(
    db: Db,
    private readonly dimensions: number,
  ) {
    this.insert = db.prepare('INSERT INTO vector_delta (position, vector) VALUES (?, ?)');
    this.drop = db.prepare('DELETE FROM vector_delta WHERE position = ?');
    this.markRemoved = db.prepare('INSERT OR IGNORE INTO vector_removed (position) VALUES (?)');
  }

  add(vector: number[], position: number): void {
    if (vector.length !== this.dimensions) throw new Error(`vector has ${vector.length} dimensions, the index ${this.dimensions}`);
    const row = unitRow(vector);
    this.insert.run(position, Buffer.from(row.buffer, row.byteOffset, row.byteLength));
  }

  remove(position: number): void {
    // A passage added by an earlier update lives in the delta; one from the graph is hidden there.
    if (this.drop.run(position).changes === 0) this.markRemoved.run(position);
  }
}

/** The delta as a reader applies it: removed labels and exactly searched vectors. */
export function readDelta(db: Db, dimensions: number): { removed: number[]; exact: ExactVectors } {
  const removed = db.prepare('SELECT position FROM vector_removed').pluck().all() as number[];
  const rows = db.prepare('SELECT position, vector FROM vector_delta ORDER BY position').all() as Array<{ position: number; vector: Buffer }>;
  const exact: ExactVectors = { positions: [], rows: new Float32Array(rows.length * dimensions) };
  rows.forEach((row, i) => {
    exact.positions.push(row.position);
    exact.rows.set(new Float32Array(row.vector.buffer, row.vector.byteOffset, dimensions), i * dimensions);
  });
  return { removed, exact };
}

export function deltaSize(db: Db): number {
  return (db.prepare('SELECT (SELECT count(*) FROM vector_delta) + (SELECT count(*) FROM vector_removed)').pluck().get() as number) ?? 0;
}

/** Whether to fold the delta into a new graph file; `limit` overrides the default size. */
export function shouldCompact(db: Db, passages: number, limit = Math.max(COMPACT_MIN, COMPACT_SHARE * passages)): boolean {
  return deltaSize(db) > limit;
}

/** Folds the delta into `graph` (loaded from the current file) and empties it; the caller saves the graph. */
export function foldDelta(db: Db, graph: VectorIndex): void {
  const { removed, exact } = readDelta(db, graph.dimensions);
  for (const position of removed) graph.remove(position);
  exact.positions.forEach((position, i) => graph.add(Array.from(exact.rows.subarray(i * graph.dimensions, (i + 1) * graph.dimensions)), position));
  db.exec('DELETE FROM vector_delta; DELETE FROM vector_removed;');
}
