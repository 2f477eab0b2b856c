/**
 * BM25 over two token fields of the normalised passage text — jieba words and Han bigrams. Words
 * give precision; bigrams give recall when segmentation differs between question and passage.
 * Stored as plain postings arrays so loading is one JSON.parse (MiniSearch's loadJSON rebuilt its
 * tree and took ~0.4 s on five documents, too slow for start-up).
 */
import { bigramTokens, wordTokens } from './tokenize.js';

export interface LexicalHit {
  position: number;
  score: number;
  /** Query terms found in the passage. */
  matched: string[];
}

interface FieldData {
  /** Token count of each passage in this field. */
  lengths: number[];
  /** term → [position, tf, position, tf, …] */
  postings: Record<string, number[]>;
}

interface Field {
  name: 'words' | 'bigrams';
  weight: number;
  tokenize: (normalized: string) => string[];
}

const FIELDS: Field[] = [
  { name: 'words', weight: 1.5, tokenize: wordTokens },
  { name: 'bigrams', weight: 1, tokenize: bigramTokens },
];
const K1 = 1.2;
const B = 0.75;

function buildField(texts: string[], tokenize: (t: string) => string[]): FieldData {
  const lengths: number[] = [];
  const postings: Record<string, number[]> = Object.create(null) as Record<string, number[]>;
  texts.forEach((text, position) => {
    const tokens = tokenize(text);
    lengths.push(tokens.length);
    const tf = new Map<string, number>();
    for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const [term, count] of tf) (postings[term] ??= []).push(position, count);
  });
  return { lengths, postings };
}

export class LexicalIndex {
  private readonly avgLength: Record<string, number>;

  private constructor(
    private readonly size: number,
    private readonly fields: Record<string, FieldData>,
  ) {
    this.avgLength = Object.fromEntries(
      Object.entries(fields).map(([name, f]) => [name, f.lengths.reduce((s, n) => s + n, 0) / Math.max(1, f.lengths.length)]),
    );
  }

  /** `texts` are normalised index forms, one per passage position. */
  static build(texts: string[]): LexicalIndex {
    return new LexicalIndex(texts.length, Object.fromEntries(FIELDS.map((f) => [f.name, buildField(texts, f.tokenize)])));
  }

  static fromJSON(json: string): LexicalIndex {
    const data = JSON.parse(json) as { size: number; fields: Record<string, FieldData> };
    for (const field of Object.values(data.fields)) Object.setPrototypeOf(field.postings, null);
    return new LexicalIndex(data.size, data.fields);
  }

  toJSON(): string {
    return JSON.stringify({ size: this.size, fields: this.fields });
  }

  /**
   * Inverse document frequency of a jieba word (normalised form): high for rare words, highest for
   * words no passage contains. Used to weigh how much of a question the evidence covers.
   */
  wordIdf(word: string): number {
    return this.idf((this.fields.words?.postings[word]?.length ?? 0) / 2);
  }

  /** How many passages contain a jieba word (normalised form). */
  wordFrequency(word: string): number {
    return (this.fields.words?.postings[word]?.length ?? 0) / 2;
  }

  /**
   * Whether some passage has this jieba word / this Han bigram (normalised forms). English questions
   * use them to check that a dictionary rendering or a pinyin spelling occurs in the documents
   * without reading the whole vocabulary.
   */
  hasWord(word: string): boolean {
    return this.fields.words?.postings[word] !== undefined;
  }

  hasBigram(bigram: string): boolean {
    return this.fields.bigrams?.postings[bigram] !== undefined;
  }

  /** BM25's inverse document frequency for a term found in `df` passages. */
  private idf(df: number): number {
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  /** Every jieba word of the indexed passages (normalised forms). */
  vocabulary(): string[] {
    return Object.keys(this.fields.words?.postings ?? {});
  }

  search(normalizedQuery: string, k: number): LexicalHit[] {
    const scores = new Map<number, { score: number; matched: Set<string> }>();
    for (const field of FIELDS) {
      const data = this.fields[field.name]!;
      const avg = this.avgLength[field.name] || 1;
      for (const term of new Set(field.tokenize(normalizedQuery))) {
        const postings = data.postings[term];
        if (!postings) continue;
        const idf = this.idf(postings.length / 2);
        for (let i = 0; i < postings.length; i += 2) {
          const position = postings[i]!;
          const tf = postings[i + 1]!;
          const norm = tf + K1 * (1 - B + (B * data.lengths[position]!) / avg);
          const s = (field.weight * idf * tf * (K1 + 1)) / norm;
          let entry = scores.get(position);
          if (!entry) scores.set(position, (entry = { score: 0, matched: new Set() }));
          entry.score += s;
          entry.matched.add(term);
        }
      }
    }
    return [...scores.entries()]
      .sort((a, b) => b[1].score - a[1].score)
      .slice(0, k)
      .map(([position, e]) => ({ position, score: e.score, matched: [...e.matched] }));
  }
}
