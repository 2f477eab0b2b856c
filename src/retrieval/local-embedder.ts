/**
 * The default embedder: deterministic, offline, no weights to download. A text becomes a signed
 * feature-hashed vector of its jieba words and Han bigrams with sublinear term frequency, L2
 * normalised, so cosine similarity measures shared vocabulary weighted towards longer words.
 */
import { Embeddings } from '@langchain/core/embeddings';
import { normalizeForIndex } from '../text/normalize.js';
import type { PassageEmbedder } from './embedder.js';
import { bigramTokens, wordTokens } from './tokenize.js';

/** FNV-1a 32-bit: fast, stable across runs and platforms. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export class LocalHashEmbedder extends Embeddings implements PassageEmbedder {
  readonly id: string;

  constructor(readonly dimensions = 768) {
    super({});
    this.id = `local-hash-v1:${dimensions}`;
  }

  embedText(text: string): number[] {
    const normalized = normalizeForIndex(text);
    const counts = new Map<string, number>();
    const add = (feature: string, weight: number) => counts.set(feature, (counts.get(feature) ?? 0) + weight);
    // Longer words are more specific, so they weigh more than the bigrams they contain.
    for (const w of wordTokens(normalized)) add(`w:${w}`, Math.min(2, 0.5 + [...w].length * 0.25));
    for (const b of bigramTokens(normalized)) add(`b:${b}`, 0.5);

    const vector = new Array<number>(this.dimensions).fill(0);
    for (const [feature, tf] of counts) {
      const h = fnv1a(feature);
      const sign = h & 0x80000000 ? -1 : 1;
      vector[h % this.dimensions]! += sign * (1 + Math.log(tf));
    }
    const norm = Math.hypot(...vector) || 1;
    return vector.map((v) => v / norm);
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    return documents.map((d) => this.embedText(d));
  }

  async embedQuery(document: string): Promise<number[]> {
    return this.embedText(document);
  }
}
