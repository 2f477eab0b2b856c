/** Reading a stored graph ahead of its reader (VectorIndex.preload) gives the reader the same graph. */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { VectorIndex } from '../../src/retrieval/vector-index.js';
import { removeDir, tempDir } from '../helpers.js';

describe('graph read ahead', async () => {
  const dir = await tempDir('graph');
  afterAll(() => removeDir(dir));
  const vectors = Array.from({ length: 200 }, (_, i) => Array.from({ length: 8 }, (_, d) => Math.sin(i * (d + 1))));

  it('answers a search exactly as a graph read by openShared itself', async () => {
    const built = VectorIndex.create(8, 200);
    vectors.forEach((v, i) => built.add(v, i + 1));
    const file = path.join(dir, 'vectors-1.hnsw');
    built.save(file);
    const copy = path.join(dir, 'vectors-2.hnsw');
    built.save(copy);
    await VectorIndex.preload(file, 8);
    const preloaded = VectorIndex.openShared(file, 8, 200);
    const direct = VectorIndex.openShared(copy, 8, 200);
    for (const q of vectors.slice(0, 20)) expect(preloaded.search(q, 5)).toEqual(direct.search(q, 5));
    expect(preloaded.search(vectors[7]!, 1)[0]!.position).toBe(8);
  });

  it('resolves for a file it cannot read, leaving the error to the reader', async () => {
    const missing = path.join(dir, 'missing.hnsw');
    await expect(VectorIndex.preload(missing, 8)).resolves.toBeUndefined();
    expect(() => VectorIndex.openShared(missing, 8, 1)).toThrow();
  });
});
