/**
 * Dense vectors in an hnswlib-node HNSW graph (cosine space), stored as float32 in hnswlib's own
 * binary file. Labels are passage positions. Removed passages are marked deleted and their slots
 * reused by later additions, so the file does not grow with every update.
 *
 * An update does not rewrite the graph file: vectors of passages added since the graph was
 * written (the delta, kept in SQLite with the passages) are searched exactly beside the graph, and
 * passages removed since are marked deleted in the reader's copy. The delta is folded into a new
 * graph file once it grows past a few percent of the index (see vector-delta.ts).
 */
import hnswlib from 'hnswlib-node';

const { HierarchicalNSW } = hnswlib;
type Hnsw = InstanceType<typeof HierarchicalNSW>;

export interface VectorHit {
  position: number;
  similarity: number;
}

/** Graph construction settings; part of the manifest, so changing them rebuilds the index. */
export interface HnswSettings {
  m: number;
  efConstruction: number;
}

// efConstruction 40 rather than 100–200: construction dominated build time, and a wider search
// (EF_SEARCH) recovers the neighbours a cheaper graph misses (measured below).
/**
 * Searching wider makes up for a cheaply built graph: on 10,000 CRUD articles (44,084 passages),
 * hybrid recall@1/@5 was 0.578/0.813 with ef 64–80, 0.637/0.872 with ef 400 on the same graph,
 * and 0.619/0.870 with a graph built at efConstruction 200 (6× the build time) searched at 80.
 */
const EF_SEARCH = 400;

export const DEFAULT_HNSW_SETTINGS: HnswSettings = { m: 16, efConstruction: 40 };

/** Where an ingest puts vectors: a graph being built, or the delta of an update. */
export interface VectorSink {
  add(vector: number[], position: number): void;
  remove(position: number): void;
  /** Waits while the sink is behind (a graph built on another thread). */
  settle?(): Promise<void>;
}

/** Vectors searched exactly (the delta): unit-length float32 rows. */
export interface ExactVectors {
  positions: number[];
  /** positions.length × dimensions values, each row of length 1. */
  rows: Float32Array;
}

export function unitRow(vector: ArrayLike<number>): Float32Array {
  const row = Float32Array.from(vector);
  let norm = 0;
  for (let i = 0; i < row.length; i++) norm += row[i]! * row[i]!;
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < row.length; i++) row[i]! /= norm;
  return row;
}

/**
 * Graphs loaded for reading, by file. A graph file is never changed once written (an update that
 * folds its delta writes a new file), and readers never change their graph (removed passages are
 * filtered per reader), so readers of the same file share one copy: reopening after an update
 * costs no graph load.
 */
const sharedGraphs = new Map<string, WeakRef<Hnsw>>();
/** Graphs being read ahead of their first reader (see preload), and those read but not yet taken. */
const preloads = new Map<string, Promise<void>>();
const preloaded = new Map<string, Hnsw>();

export class VectorIndex implements VectorSink {
  private exact: ExactVectors = { positions: [], rows: new Float32Array(0) };
  /** Candidate list size of a search (hnswlib's ef): larger finds truer neighbours, slower. */
  efSearch = EF_SEARCH;
  /** Graph labels this reader's state has removed (filtered out of graph results). */
  private hidden = new Set<number>();

  private constructor(
    private readonly hnsw: Hnsw,
    readonly dimensions: number,
    /** Live (not deleted) vectors. */
    private live: number,
  ) {}

  /** An empty graph with room for `capacity` vectors (it grows when needed). */
  static create(dimensions: number, capacity: number, settings: HnswSettings = DEFAULT_HNSW_SETTINGS): VectorIndex {
    const hnsw = new HierarchicalNSW('cosine', dimensions);
    hnsw.initIndex(Math.max(16, capacity), settings.m, settings.efConstruction, 100, true);
    return new VectorIndex(hnsw, dimensions, 0);
  }

  /** Reads a stored graph into a copy of its own, to change it; `live` is how many passages it holds. */
  static load(file: string, dimensions: number, live: number): VectorIndex {
    const hnsw = new HierarchicalNSW('cosine', dimensions);
    hnsw.readIndexSync(file, true);
    return new VectorIndex(hnsw, dimensions, live);
  }

  /**
   * Starts reading a stored graph on libuv's thread pool, so opening the index can check knowledge/
   * for changes meanwhile; openShared then takes the graph read. Resolves when read (never rejects:
   * a graph that cannot be read here is read again, and reported, by openShared).
   */
  static preload(file: string, dimensions: number): Promise<void> {
    if (sharedGraphs.get(file)?.deref()) return Promise.resolve();
    let loading = preloads.get(file);
    if (!loading) {
      const hnsw = new HierarchicalNSW('cosine', dimensions);
      loading = hnsw.readIndex(file).then(
        () => {
          // Held strongly until openShared takes it: a WeakRef alone could lose it to GC first.
          preloaded.clear();
          preloaded.set(file, hnsw);
          sharedGraphs.set(file, new WeakRef(hnsw));
        },
        () => undefined,
      );
      preloads.set(file, loading);
      void loading.finally(() => preloads.delete(file));
    }
    return loading;
  }

  /** A stored graph for reading only, shared with other readers of the same file. */
  static openShared(file: string, dimensions: number, live: number): VectorIndex {
    let hnsw = preloaded.get(file) ?? sharedGraphs.get(file)?.deref();
    preloaded.clear(); // at most one graph is ever held for a reader still to come
    if (!hnsw) {
      hnsw = new HierarchicalNSW('cosine', dimensions);
      hnsw.readIndexSync(file);
      sharedGraphs.set(file, new WeakRef(hnsw));
    }
    return new VectorIndex(hnsw, dimensions, live);
  }

  get size(): number {
    return this.live;
  }

  /**
   * A reader's view of an update's delta: `removed` graph labels are filtered out of results,
   * `exact` vectors are searched beside the graph. `live` is the passage count of the state.
   */
  applyDelta(removed: number[], exact: ExactVectors, live: number): void {
    this.hidden = new Set(removed);
    this.exact = exact;
    this.live = live;
  }

  add(vector: number[], position: number): void {
    if (vector.length !== this.dimensions) throw new Error(`vector has ${vector.length} dimensions, the index ${this.dimensions}`);
    try {
      // A deleted slot is reused first; a graph without one grows when full.
      this.hnsw.addPoint(vector, position, true);
    } catch (err) {
      if (!/exceeds the specified limit/.test((err as Error).message)) throw err;
      this.hnsw.resizeIndex(Math.ceil(this.hnsw.getMaxElements() * 1.5) + 16);
      this.hnsw.addPoint(vector, position, true);
    }
    this.live++;
  }

  remove(position: number): void {
    this.hnsw.markDelete(position);
    this.live--;
  }

  /**
   * The vector stored for a graph label (unit length: the cosine space normalises on add), for
   * copying the index elsewhere (the shared knowledge base's rows); undefined if the graph lacks it.
   */
  storedVector(position: number): number[] | undefined {
    try {
      return this.hnsw.getPoint(position);
    } catch {
      return undefined;
    }
  }

  save(file: string): void {
    this.hnsw.writeIndexSync(file);
  }

  search(query: number[], k: number): VectorHit[] {
    const n = Math.min(k, this.live);
    if (n === 0) return [];
    const inGraph = this.hnsw.getCurrentCount() > 0 ? Math.min(n, this.hnsw.getCurrentCount()) : 0;
    let hits: VectorHit[] = [];
    if (inGraph > 0) {
      this.hnsw.setEf(Math.max(this.efSearch, n * 2));
      const hidden = this.hidden;
      const { neighbors, distances } = hidden.size > 0 ? this.hnsw.searchKnn(query, inGraph, (label) => !hidden.has(label)) : this.hnsw.searchKnn(query, inGraph);
      hits = neighbors.map((position, i) => ({ position, similarity: 1 - distances[i]! }));
    }
    if (this.exact.positions.length === 0) return hits;
    const q = unitRow(query);
    const d = this.dimensions;
    this.exact.positions.forEach((position, r) => {
      let dot = 0;
      for (let i = 0, o = r * d; i < d; i++, o++) dot += q[i]! * this.exact.rows[o]!;
      hits.push({ position, similarity: dot });
    });
    return hits.sort((a, b) => b.similarity - a.similarity).slice(0, n);
  }
}
