/** The lexicon of a built index: word statistics from its lexical side, English read against it. */
import type { PolicyIndex } from '../retrieval/policy-index.js';
import { expandQuestion, readEnglish } from '../retrieval/query/english-query.js';
import { WordVectors } from '../retrieval/word-vectors.js';
import type { ReferableDocument } from './document-references.js';
import type { Lexicon } from './lexicon.js';

/** IDF is capped: above this, a word is simply "rare", and one rare word must not outweigh the rest. */
const MAX_WEIGHT = 8;

const cache = new WeakMap<PolicyIndex, Lexicon>();

export function lexiconOf(index: PolicyIndex): Lexicon {
  let lexicon = cache.get(index);
  if (!lexicon) {
    // Read on the first question, once per index state.
    let referable: ReferableDocument[] | undefined;
    lexicon = {
      frequency: (word) => index.lexical.wordFrequency(word),
      weight: (word) => Math.min(MAX_WEIGHT, index.lexical.wordIdf(word)),
      readEnglish: (question) => readEnglish(question, index.lexical),
      englishSearch: (question, reading) => expandQuestion(question, index.lexical, reading),
      // The shipped word vectors, loaded on first use (≈130 ms, 14 MB).
      similarity: (a, b) => WordVectors.load().similarity(a, b),
      documents: () => (referable ??= index.documentMetas(true).map(({ id, meta }) => ({ id, docNumber: meta.docNumber, issuer: meta.issuer }))),
    };
    cache.set(index, lexicon);
  }
  return lexicon;
}
