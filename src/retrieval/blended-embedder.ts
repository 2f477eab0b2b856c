/**
 * Several embedders as one: each part's unit vector scaled by √weight and concatenated, so the
 * cosine of two blended vectors is the weighted sum of the parts' cosines (weights summing to 1).
 * Lets shared rare words (hash features) and related meaning (word vectors) both count.
 */
import { Embeddings } from '@langchain/core/embeddings';
import type { PassageEmbedder } from './embedder.js';

export interface BlendPart {
  embedder: PassageEmbedder;
  weight: number;
}

function unitScaled(vector: number[], scale: number): number[] {
  const norm = Math.hypot(...vector);
  return norm === 0 ? vector.map(() => 0) : vector.map((x) => (x / norm) * scale);
}

export class BlendedEmbedder extends Embeddings implements PassageEmbedder {
  readonly id: string;
  readonly dimensions: number;
  private readonly scales: number[];

  constructor(private readonly parts: BlendPart[]) {
    super({});
    const total = parts.reduce((s, p) => s + p.weight, 0);
    if (parts.length === 0 || !(total > 0) || parts.some((p) => p.weight < 0)) throw new Error('blend weights must be non-negative with a positive sum');
    this.scales = parts.map((p) => Math.sqrt(p.weight / total));
    this.dimensions = parts.reduce((s, p) => s + p.embedder.dimensions, 0);
    this.id = `blend(${parts.map((p) => `${(p.weight / total).toFixed(2)}*${p.embedder.id}`).join('+')})`;
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    const perPart = await Promise.all(this.parts.map((p) => p.embedder.embedDocuments(documents)));
    return documents.map((_, d) => perPart.flatMap((vectors, i) => unitScaled(vectors[d]!, this.scales[i]!)));
  }

  async embedQuery(document: string): Promise<number[]> {
    const perPart = await Promise.all(this.parts.map((p) => p.embedder.embedQuery(document)));
    return perPart.flatMap((vector, i) => unitScaled(vector, this.scales[i]!));
  }
}
