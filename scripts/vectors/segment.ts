/**
 * How the word-vector pipeline turns text into training words: the index form
 * (normalizeForIndex: Simplified, widths unified, lower-case), cut into sentences, segmented with
 * the same jieba the index uses (default mode, HMM on), punctuation dropped.
 */
import { cut } from 'jieba-wasm';
import { normalizeForIndex } from '../../src/text/normalize.js';

const WORDLIKE = /[\p{L}\p{N}]/u;
/** Sentence ends and line breaks: the units a skip-gram window should not cross. */
const SENTENCE_END = /(?<=[。！？!?；;])|\n+/u;

/** Sentences of a text as lists of words; sentences of fewer than two words are dropped. */
export function segmentSentences(text: string): string[][] {
  const sentences: string[][] = [];
  for (const sentence of text.split(SENTENCE_END)) {
    const normalized = normalizeForIndex(sentence);
    if (normalized.length === 0) continue;
    const words = cut(normalized, true)
      .map((w) => w.trim())
      .filter((w) => w.length > 0 && WORDLIKE.test(w));
    if (words.length >= 2) sentences.push(words);
  }
  return sentences;
}
