/**
 * Dense vectors in an hnswlib-node HNSW graph (cosine space), stored as float32 in hnswlib's own
 * binary file. Labels are passage positions. Removed passages are marked deleted and their slots
 * reused by later additions, so the file does not grow with every update.
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

// efConstruction 40 rather than 100–200: construction dominated build time (HNSW is ~2× faster at 40) and
// the dense side ranks after fusion with BM25, where a slightly less exact neighbour list changed nothing
// measurable on the CRUD questions (see README).
export const DEFAULT_HNSW_SETTINGS: HnswSettings = { m: 16, efConstruction: 40 };

export class VectorIndex {
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

  /** Reads a stored graph; `live` is how many passages it holds (from the manifest). */
  static load(file: string, dimensions: number, live: number): VectorIndex {
    const hnsw = new HierarchicalNSW('cosine', dimensions);
    hnsw.readIndexSync(file, true);
    return new VectorIndex(hnsw, dimensions, live);
  }

  get size(): number {
    return this.live;
  }

  add(vector: number[], position: number): void {
    if (vector.length !== this.dimensions) throw new Error(`vector has ${vector.length} dimensions, the index ${this.dimensions}`);
    // A deleted slot is reused first; only a graph with none free and no room left grows.
    if (this.hnsw.getCurrentCount() >= this.hnsw.getMaxElements() && this.live >= this.hnsw.getCurrentCount()) {
      this.hnsw.resizeIndex(Math.ceil(this.hnsw.getMaxElements() * 1.5) + 16);
    }
    this.hnsw.addPoint(vector, position, true);
    this.live++;
  }

  remove(position: number): void {
    this.hnsw.markDelete(position);
    this.live--;
  }

  save(file: string): void {
    this.hnsw.writeIndexSync(file);
  }

  search(query: number[], k: number): VectorHit[] {
    const n = Math.min(k, this.live);
    if (n === 0) return [];
    this.hnsw.setEf(Math.max(64, n * 2));
    const { neighbors, distances } = this.hnsw.searchKnn(query, n);
    return neighbors.map((position, i) => ({ position, similarity: 1 - distances[i]! }));
  }
}
