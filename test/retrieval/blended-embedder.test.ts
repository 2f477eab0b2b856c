import { describe, expect, it } from 'vitest';
import { Embeddings } from '@langchain/core/embeddings';
import { BlendedEmbedder } from '../../src/retrieval/blended-embedder.js';
import type { PassageEmbedder } from '../../src/retrieval/embedder.js';
import { createLocalEmbedder } from '../../src/retrieval/create-embedder.js';

/** An embedder that maps known texts to fixed vectors. */
class Table extends Embeddings implements PassageEmbedder {
  constructor(
    readonly id: string,
    private readonly table: Record<string, number[]>,
  ) {
    super({});
  }
  get dimensions() {
    return Object.values(this.table)[0]!.length;
  }
  async embedDocuments(texts: string[]) {
    return texts.map((t) => this.table[t]!);
  }
  async embedQuery(text: string) {
    return this.table[text]!;
  }
}

const cosine = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0) / (Math.hypot(...a) * Math.hypot(...b));

describe('blended embedder', () => {
  const lexical = new Table('lex', { a: [1, 0], b: [0, 2], empty: [0, 0] });
  const semantic = new Table('sem', { a: [3, 4, 0], b: [3, 4, 0], empty: [0, 0, 1] });
  const blend = new BlendedEmbedder([
    { embedder: lexical, weight: 0.7 },
    { embedder: semantic, weight: 0.3 },
  ]);

  it('concatenates the parts so cosine is the weighted sum of the parts’ cosines', async () => {
    const [a, b] = await blend.embedDocuments(['a', 'b']);
    expect(a).toHaveLength(5);
    expect(blend.dimensions).toBe(5);
    expect(cosine(a!, b!)).toBeCloseTo(0.7 * 0 + 0.3 * 1, 6);
    expect(await blend.embedQuery('a')).toEqual(a);
    expect(blend.id).toBe('blend(0.70*lex+0.30*sem)');
  });

  it('keeps a part that has nothing to say at zero instead of NaN', async () => {
    const v = await blend.embedQuery('empty');
    expect(v.slice(0, 2)).toEqual([0, 0]);
    expect(v.every(Number.isFinite)).toBe(true);
  });

  it('refuses weights that do not make a blend', () => {
    expect(() => new BlendedEmbedder([{ embedder: lexical, weight: 0 }])).toThrow(/weights/);
    expect(() => new BlendedEmbedder([])).toThrow(/weights/);
  });

  it('is the offline default: hashed words and the shipped word vectors', () => {
    const local = createLocalEmbedder();
    expect(local.id).toMatch(/^blend\(0\.70\*local-hash-v1:768\+0\.30\*word-vectors-sif-v2:100:[0-9a-f]{12}\)$/);
    expect(local.dimensions).toBe(868);
  });
});
