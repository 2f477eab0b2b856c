/**
 * BM25 over two token fields of the normalised passage text — jieba words and Han bigrams —
 * using MiniSearch. Words give precision; bigrams give recall when segmentation differs.
 */
import MiniSearch from 'minisearch';
import { bigramTokens, wordTokens } from './tokenize.js';

export interface LexicalHit {
  position: number;
  score: number;
  /** Query terms found in the passage. */
  matched: string[];
}

interface LexicalDoc {
  id: number;
  text: string;
}

const FIELDS = ['words', 'bigrams'];

function options() {
  return {
    fields: FIELDS,
    storeFields: [],
    extractField: (doc: LexicalDoc, field: string) => (field === 'id' ? String(doc.id) : doc.text),
    tokenize: (text: string, field?: string) => (field === 'bigrams' ? bigramTokens(text) : wordTokens(text)),
    processTerm: (term: string) => term,
    searchOptions: { boost: { words: 1.5, bigrams: 1 }, combineWith: 'OR' as const, bm25: { k: 1.2, b: 0.75, d: 0.5 } },
  };
}

export class LexicalIndex {
  private constructor(private readonly search_: MiniSearch<LexicalDoc>) {}

  /** `texts` are normalised index forms, one per passage position. */
  static build(texts: string[]): LexicalIndex {
    const ms = new MiniSearch<LexicalDoc>(options());
    ms.addAll(texts.map((text, id) => ({ id, text })));
    return new LexicalIndex(ms);
  }

  static fromJSON(json: string): LexicalIndex {
    return new LexicalIndex(MiniSearch.loadJSON<LexicalDoc>(json, options()));
  }

  toJSON(): string {
    return JSON.stringify(this.search_);
  }

  search(normalizedQuery: string, k: number): LexicalHit[] {
    // Terms are already tokenised per field, so MiniSearch must not tokenise them again.
    const asIs = (term: string) => [term];
    const query = {
      combineWith: 'OR' as const,
      tokenize: asIs,
      queries: [
        { queries: [...new Set(wordTokens(normalizedQuery))], fields: ['words'], tokenize: asIs },
        { queries: [...new Set(bigramTokens(normalizedQuery))], fields: ['bigrams'], tokenize: asIs },
      ],
    };
    return this.search_
      .search(query as never)
      .slice(0, k)
      .map((r) => ({ position: Number(r.id), score: r.score, matched: r.terms }));
  }
}
