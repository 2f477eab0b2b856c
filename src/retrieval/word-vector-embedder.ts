/**
 * The default embedder: a text is the SIF-weighted average of its words' vectors (Arora et al.
 * 2017, "A simple but tough-to-beat baseline for sentence embeddings"): weight a / (a + p(w)), so
 * frequent words (的, 发展) count little and rare, specific ones (晋华炉, 光伏) a lot. Unlike the hash
 * embedder it places 光伏 near 太阳能 even when a passage and a question share no characters.
 * A word missing from the vocabulary stands in as the average of its known parts (jieba's shorter
 * words inside it, else its characters), as fastText composes unknown words from their pieces; a
 * text with no known word or part gets the zero vector.
 */
import { Embeddings } from '@langchain/core/embeddings';
import { cut, cut_for_search } from 'jieba-wasm';
import { normalizeForIndex } from '../text/normalize.js';
import type { PassageEmbedder } from './embedder.js';
import { isStopword } from './tokenize.js';
import { defaultWordVectorsPath, WordVectors } from './word-vectors.js';

/** SIF's smoothing constant: words with probability well below it get weight close to 1. */
export const SIF_A = 1e-3;

const WORDLIKE = /[\p{L}\p{N}]/u;

/**
 * Words as the vectors were trained on them: jieba's default (non-overlapping) mode on the index
 * form, punctuation and question words dropped. Search mode would count 示范区 and its part 示范 twice.
 */
export function embeddingWords(normalized: string): string[] {
  return cut(normalized, true)
    .map((w) => w.trim())
    .filter((w) => w.length > 0 && WORDLIKE.test(w) && !isStopword(w));
}

/** Unknown words remembered with their parts; cleared when full so memory stays bounded. */
const MAX_REMEMBERED_UNKNOWN = 50_000;

export class WordVectorEmbedder extends Embeddings implements PassageEmbedder {
  readonly id: string;
  readonly dimensions: number;
  private readonly vectors: WordVectors;
  /** SIF weight of each vocabulary row, computed once. */
  private readonly weights: Float32Array;
  private readonly unknownParts = new Map<string, number[]>();
  /** Unit direction shared by all texts (SIF's common component), removed from every embedding. */
  private readonly common: Float32Array;

  constructor(readonly file: string = defaultWordVectorsPath()) {
    super({});
    this.vectors = WordVectors.load(file);
    this.dimensions = this.vectors.dimensions;
    this.id = `word-vectors-sif-v2:${this.dimensions}:${this.vectors.fingerprint}`;
    const total = this.vectors.totalFrequency;
    this.weights = new Float32Array(this.vectors.size);
    for (let r = 0; r < this.vectors.size; r++) {
      const p = this.vectors.rowFrequency(r) / total;
      this.weights[r] = SIF_A / (SIF_A + p);
    }
    this.common = this.commonDirection();
  }

  /**
   * The expected embedding of running text: every word's SIF-weighted vector times its probability.
   * Averages of word vectors all lean this way (similarities of unrelated passages are 0.8+), so
   * removing it, as SIF does with its first principal component, leaves what tells texts apart.
   */
  private commonDirection(): Float32Array {
    const mean = new Float32Array(this.dimensions);
    const total = this.vectors.totalFrequency;
    for (let r = 0; r < this.vectors.size; r++) {
      const p = this.vectors.rowFrequency(r) / total;
      this.vectors.addRow(r, p * this.weights[r]!, mean);
    }
    const norm = Math.hypot(...mean) || 1;
    return mean.map((x) => x / norm);
  }

  /** Unit-length embedding of a text (any form: it is normalised here), zeros when no word is known. */
  embedText(text: string): number[] {
    return this.embedWords(embeddingWords(normalizeForIndex(text)));
  }

  /** An index text's embedding (see PassageEmbedder.embedIndexText): embedText's, for the ingest's workers. */
  embedIndexText(indexText: string): number[] {
    return this.embedWords(embeddingWords(normalizeForIndex(indexText)));
  }

  /** Unit-length embedding of a text given its embedding words. */
  embedWords(words: string[]): number[] {
    const sum = new Float32Array(this.dimensions);
    for (const word of words) {
      const row = this.vectors.row(word);
      if (row !== undefined) {
        this.vectors.addRow(row, this.weights[row]!, sum);
        continue;
      }
      const parts = this.partsOf(word);
      for (const part of parts) this.vectors.addRow(part, this.weights[part]! / parts.length, sum);
    }
    let along = 0;
    for (let i = 0; i < sum.length; i++) along += sum[i]! * this.common[i]!;
    for (let i = 0; i < sum.length; i++) sum[i]! -= along * this.common[i]!;
    let norm = 0;
    for (let i = 0; i < sum.length; i++) norm += sum[i]! * sum[i]!;
    norm = Math.sqrt(norm) || 1;
    return Array.from(sum, (v) => v / norm);
  }

  /** Vocabulary rows of the known pieces of an unknown word: shorter jieba words, else characters. */
  private partsOf(word: string): number[] {
    let parts = this.unknownParts.get(word);
    if (parts) return parts;
    const known = (pieces: string[]) =>
      pieces.filter((p) => p !== word && !isStopword(p)).flatMap((p) => this.vectors.row(p) ?? []);
    parts = known(cut_for_search(word, true));
    if (parts.length === 0) parts = known([...word]);
    if (this.unknownParts.size >= MAX_REMEMBERED_UNKNOWN) this.unknownParts.clear();
    this.unknownParts.set(word, parts);
    return parts;
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    return documents.map((d) => this.embedText(d));
  }

  async embedQuery(document: string): Promise<number[]> {
    return this.embedText(document);
  }
}
