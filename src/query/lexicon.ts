/**
 * What the knowledge base knows about words, as the question analysis needs it: how common a word
 * is (its weight as evidence; a word no passage uses is either a frame word or a missing name),
 * and how an English question reads in the documents' Chinese. Built from the index; a plain
 * object in tests.
 */
import type { EnglishReading } from '../retrieval/query/english-query.js';
import type { ReferableDocument } from './document-references.js';

export interface Lexicon {
  /** Passages whose text contains the (normalised) jieba word; 0 when no passage uses it. */
  frequency(word: string): number;
  /** Evidence weight of a word: inverse passage frequency, capped so one rare word cannot decide alone. */
  weight(word: string): number;
  /** An English question's concepts in the documents' Chinese (glossary, dictionary, pinyin names). */
  readEnglish(question: string): EnglishReading;
  /** What to search for an English question, given its reading: the documents' Chinese terms. */
  englishSearch(question: string, reading: EnglishReading): string;
  /** Similarity in meaning of two words (cosine of word vectors), when the lexicon has vectors. */
  similarity?(a: string, b: string): number | undefined;
  /** Documents a question can name by number or issuer (those that have either). */
  documents?(): ReferableDocument[];
}

/** A lexicon that knows nothing: every word weighs 1 and counts as known (unit tests, tools). */
export const NEUTRAL_LEXICON: Lexicon = {
  frequency: () => 1,
  weight: () => 1,
  readEnglish: () => ({ concepts: [], unresolved: [] }),
  englishSearch: (question) => question,
};
