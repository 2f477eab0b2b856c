/** Dense vectors in an hnswlib-node HNSW graph (cosine space). Labels are passage positions. */
import hnswlib from 'hnswlib-node';

const { HierarchicalNSW } = hnswlib;
type Hnsw = InstanceType<typeof HierarchicalNSW>;

export interface VectorHit {
  position: number;
  similarity: number;
}

export class VectorIndex {
  private constructor(
    private readonly hnsw: Hnsw,
    readonly dimensions: number,
    readonly size: number,
  ) {}

  static build(vectors: number[][], dimensions: number): VectorIndex {
    const hnsw = new HierarchicalNSW('cosine', dimensions);
    hnsw.initIndex(Math.max(1, vectors.length), 16, 200, 100);
    vectors.forEach((v, i) => hnsw.addPoint(v, i));
    return new VectorIndex(hnsw, dimensions, vectors.length);
  }

  static load(file: string, dimensions: number, size: number): VectorIndex {
    // The stored graph carries its own capacity; `size` is what the manifest says it holds.
    const hnsw = new HierarchicalNSW('cosine', dimensions);
    hnsw.readIndexSync(file);
    return new VectorIndex(hnsw, dimensions, size);
  }

  save(file: string): void {
    this.hnsw.writeIndexSync(file);
  }

  search(query: number[], k: number): VectorHit[] {
    const n = Math.min(k, this.size);
    if (n === 0) return [];
    this.hnsw.setEf(Math.max(64, n * 2));
    const { neighbors, distances } = this.hnsw.searchKnn(query, n);
    return neighbors.map((position, i) => ({ position, similarity: 1 - distances[i]! }));
  }
}
