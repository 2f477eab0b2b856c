/**
 * Word vectors learned from Chinese news and the policy documents (fastText skip-gram, see
 * models/word-vectors/README.md): words used in similar contexts have similar vectors, so
 * 光伏 is near 太阳能 and gdp near 生产总值. Words are stored in the index form (normalizeForIndex:
 * Simplified, lower-case); lookups of other forms (GDP, 綜改區) are normalised first.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { normalizeForIndex } from '../text/normalize.js';
import { decodeWordVectors, type WordVectorData } from './word-vector-file.js';

export interface Neighbour {
  word: string;
  similarity: number;
}

/** The committed vector file, found relative to this module so it works from any working directory. */
export function defaultWordVectorsPath(): string {
  return fileURLToPath(new URL('../../models/word-vectors/zh-100d.bin', import.meta.url));
}

const cache = new Map<string, WordVectors>();

export class WordVectors {
  private readonly rows: Map<string, number>;
  private readonly total: number;

  private constructor(
    private readonly data: WordVectorData,
    /** Short content hash of the file, so an index built with other vectors can tell. */
    readonly fingerprint: string,
  ) {
    this.rows = new Map(data.words.map((w, i) => [w, i]));
    this.total = data.frequencies.reduce((s, f) => s + f, 0);
  }

  /** Reads a vector file once per path; throws with the file name when it is missing or malformed. */
  static load(file: string = defaultWordVectorsPath()): WordVectors {
    const cached = cache.get(file);
    if (cached) return cached;
    const bytes = readFileSync(file);
    const decoded = decodeWordVectors(bytes);
    if (!decoded.ok) throw new Error(`${file}: ${decoded.error}`);
    const vectors = new WordVectors(decoded.data, createHash('sha256').update(bytes).digest('hex').slice(0, 12));
    cache.set(file, vectors);
    return vectors;
  }

  get size(): number {
    return this.data.words.length;
  }

  get dimensions(): number {
    return this.data.dimensions;
  }

  /** Sum of the stored words' corpus counts (for probabilities). */
  get totalFrequency(): number {
    return this.total;
  }

  has(word: string): boolean {
    return this.lookup(word) !== undefined;
  }

  /**
   * Row position of a word already in the index form (0 = most frequent), for callers that
   * accumulate rows themselves; no normalisation, so it stays cheap in the embedder's loop.
   */
  row(normalizedWord: string): number | undefined {
    return this.rows.get(normalizedWord);
  }

  private lookup(word: string): number | undefined {
    return this.rows.get(word) ?? this.rows.get(normalizeForIndex(word));
  }

  /** Corpus count of a word, 0 when it is not in the vocabulary. */
  frequency(word: string): number {
    const row = this.lookup(word);
    return row === undefined ? 0 : this.data.frequencies[row]!;
  }

  /** Corpus count of the word at a row. */
  rowFrequency(row: number): number {
    return this.data.frequencies[row] ?? 0;
  }

  /** The words, most frequent first. */
  word(row: number): string | undefined {
    return this.data.words[row];
  }

  /** Adds `weight` × the unit vector of `row` to `out` (no allocation: the embedder's inner loop). */
  addRow(row: number, weight: number, out: Float32Array | number[]): void {
    const d = this.data.dimensions;
    const w = weight * this.data.scales[row]!;
    const m = this.data.matrix;
    for (let i = 0, at = row * d; i < d; i++, at++) out[i]! += w * m[at]!;
  }

  /** Unit-length vector of a word, or undefined when it is not in the vocabulary. */
  vector(word: string): Float32Array | undefined {
    const row = this.lookup(word);
    if (row === undefined) return undefined;
    const out = new Float32Array(this.data.dimensions);
    this.addRow(row, 1, out);
    return out;
  }

  /** Cosine similarity of two words, undefined when either is unknown. */
  similarity(a: string, b: string): number | undefined {
    const ra = this.lookup(a);
    const rb = this.lookup(b);
    if (ra === undefined || rb === undefined) return undefined;
    return this.dotRows(ra, rb);
  }

  /** The k words most similar to `word` (itself excluded), optionally only those at or above minSimilarity. */
  nearest(word: string, k: number, minSimilarity = -1): Neighbour[] {
    const row = this.lookup(word);
    if (row === undefined || k <= 0) return [];
    const sims = new Float32Array(this.size);
    for (let r = 0; r < this.size; r++) sims[r] = r === row ? -Infinity : this.dotRows(row, r);
    // Partial selection: keep a small sorted list of the best k seen so far.
    const best: Neighbour[] = [];
    for (let r = 0; r < this.size; r++) {
      const s = sims[r]!;
      if (s < minSimilarity || (best.length === k && s <= best[k - 1]!.similarity)) continue;
      const entry = { word: this.data.words[r]!, similarity: s };
      let i = best.length;
      while (i > 0 && best[i - 1]!.similarity < s) i--;
      best.splice(i, 0, entry);
      if (best.length > k) best.pop();
    }
    return best;
  }

  private dotRows(a: number, b: number): number {
    const d = this.data.dimensions;
    const m = this.data.matrix;
    let dot = 0;
    for (let i = 0, x = a * d, y = b * d; i < d; i++, x++, y++) dot += m[x]! * m[y]!;
    return dot * this.data.scales[a]! * this.data.scales[b]!;
  }
}
