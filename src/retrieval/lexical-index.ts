/**
 * BM25 over two token fields of the normalised passage text — jieba words and Han bigrams — kept
 * in SQLite FTS5. Words give precision; bigrams give recall when segmentation differs between
 * question and passage. Segmentation happens here, in JS (jieba), and FTS5 stores the tokens as
 * given, so the index and the question are always cut by the same segmenter. Ranking is FTS5's
 * bm25() with the words field weighted 1.5 (see the README for how it compared with our own BM25).
 */
import { openDb, type Db } from './index-db.js';
import { bigramTokens, wordTokens } from './tokenize.js';

export interface LexicalColumns {
  words: string;
  bigrams: string;
}

export interface LexicalHit {
  position: number;
  score: number;
  /** Query terms found in the passage. */
  matched: string[];
}

const WORD_WEIGHT = 1.5;
const BIGRAM_WEIGHT = 1;
/**
 * Query terms found in more than this share of passages are left out of the FTS5 query: their
 * postings are most of the work of a query (FTS5 scores every passage that has any term) while
 * their BM25 weight is small. The rarest MIN_TERMS are always kept.
 */
export const MAX_TERM_SHARE = 0.05;
const MIN_TERMS = 4;
/**
 * Below this many passages every term is kept: a small knowledge base is fast anyway, and there a
 * word in 5% of passages (a few passages of five documents) still tells them apart.
 */
const PRUNE_ABOVE_PASSAGES = 20_000;
const VOCABULARY_PAGE = 5000;

/** The two FTS5 columns of one passage's normalised index text. */
export function lexicalColumns(normalized: string): LexicalColumns {
  return { words: wordTokens(normalized).join(' '), bigrams: bigramTokens(normalized).join(' ') };
}

/**
 * ASCII characters the FTS5 table's tokenizer (ascii, tokenchars '.%+-_') splits at, besides the
 * space that joins a column's tokens. A jieba token holding one (2#125) is one term to TermCounts
 * but two (2, 125) to FTS5.
 */
const FTS5_SEPARATOR = /[\x00-\x1f\x21-\x24\x26-\x2a\x2c\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7f]/;
const FTS5_SEPARATORS = /[\x00-\x24\x26-\x2a\x2c\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7f]+/;

/**
 * The difference between FTS5's vocabulary and TermCounts' counts, from the few passages with a
 * token FTS5 splits: per term, passages TermCounts counts that FTS5 does not (+) and the reverse (-).
 */
export class VocabularyCorrection {
  readonly delta = new Map<string, number>();

  add(columns: LexicalColumns): void {
    for (const [field, text] of [[0, columns.words], [1, columns.bigrams]] as const) {
      if (!FTS5_SEPARATOR.test(text)) continue;
      const ours = new Set(text.split(' ').filter((t) => t.length > 0));
      const fts5 = new Set(text.split(FTS5_SEPARATORS).filter((t) => t.length > 0).map((t) => t.toLowerCase()));
      for (const t of ours) if (!fts5.has(t)) this.bump(field, t, 1);
      for (const t of fts5) if (!ours.has(t)) this.bump(field, t, -1);
    }
  }

  private bump(field: number, term: string, by: number): void {
    const key = `${field}\t${term}`;
    this.delta.set(key, (this.delta.get(key) ?? 0) + by);
  }
}

/**
 * Fills term_df of a freshly built index from FTS5's own vocabulary in one pass over the postings,
 * instead of counting every passage's terms in JS and upserting them per batch (a quarter of a
 * build's time), then applies `correction` so the counts equal what TermCounts would have kept.
 */
export function countTermsFromIndex(db: Db, correction?: VocabularyCorrection): void {
  db.exec(`CREATE VIRTUAL TABLE temp.lexical_vocabulary USING fts5vocab(main, 'lexical', 'col')`);
  try {
    db.exec(`DELETE FROM term_df`);
    db.exec(`INSERT INTO term_df (field, term, df) SELECT CASE col WHEN 'words' THEN 0 ELSE 1 END, term, doc FROM temp.lexical_vocabulary WHERE doc > 0`);
  } finally {
    db.exec(`DROP TABLE temp.lexical_vocabulary`);
  }
  if (!correction || correction.delta.size === 0) return;
  const counts = new TermCounts(db);
  for (const [key, by] of correction.delta) {
    const tab = key.indexOf('\t');
    counts.adjust(Number(key.slice(0, tab)), key.slice(tab + 1), by);
  }
  counts.flush();
}

/**
 * Keeps term_df (passages per term and field) in step with the FTS5 rows: an ingest adds the
 * columns of each written passage (+1) and of each removed one (-1), and flushes per batch.
 */
export class TermCounts {
  private readonly pending = new Map<string, number>();
  private readonly upsert;
  private readonly prune;

  constructor(db: Db) {
    this.upsert = db.prepare('INSERT INTO term_df (field, term, df) VALUES (?, ?, ?) ON CONFLICT (field, term) DO UPDATE SET df = df + excluded.df');
    this.prune = db.prepare('DELETE FROM term_df WHERE df <= 0');
  }

  add(columns: LexicalColumns, sign: 1 | -1): void {
    for (const [field, text] of [[0, columns.words], [1, columns.bigrams]] as const) {
      if (text.length === 0) continue;
      for (const term of new Set(text.split(' '))) {
        const key = `${field}\t${term}`;
        this.pending.set(key, (this.pending.get(key) ?? 0) + sign);
      }
    }
  }

  adjust(field: number, term: string, by: number): void {
    const key = `${field}\t${term}`;
    this.pending.set(key, (this.pending.get(key) ?? 0) + by);
  }

  flush(): void {
    let removed = false;
    for (const [key, delta] of this.pending) {
      if (delta === 0) continue;
      const tab = key.indexOf('\t');
      this.upsert.run(Number(key.slice(0, tab)), key.slice(tab + 1), delta);
      if (delta < 0) removed = true;
    }
    this.pending.clear();
    if (removed) this.prune.run();
  }
}

/** An FTS5 string literal: the token is matched as written, whatever characters it has. */
function quote(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

/** The query terms of a normalised question, per field, without repeats. */
export function queryTerms(normalizedQuery: string): { words: string[]; bigrams: string[] } {
  return { words: [...new Set(wordTokens(normalizedQuery))], bigrams: [...new Set(bigramTokens(normalizedQuery))] };
}

export class LexicalIndex {
  private readonly searchStatement;
  private readonly dfStatement;
  private readonly vocabularyStatement;
  private readonly fieldDfStatement;
  private readonly vocabularySizeStatement;
  /** Share of passages above which a query term is dropped (see MAX_TERM_SHARE). */
  maxTermShare = MAX_TERM_SHARE;

  /**
   * `size` is the number of passages; `indexText(position)` gives a hit's normalised index text,
   * from which the matched terms are read (the FTS5 table is contentless).
   */
  constructor(
    db: Db,
    private readonly size: number,
    private readonly indexText: (position: number) => string | undefined,
  ) {
    this.searchStatement = db.prepare(
      `SELECT rowid AS position, bm25(lexical, ${WORD_WEIGHT}, ${BIGRAM_WEIGHT}) AS rank FROM lexical WHERE lexical MATCH ? ORDER BY rank LIMIT ?`,
    );
    this.vocabularySizeStatement = db.prepare('SELECT count(*) FROM term_df WHERE field = 0').pluck();
    this.dfStatement = db.prepare(`SELECT df FROM term_df WHERE field = 0 AND term = ?`).pluck();
    this.fieldDfStatement = db.prepare(`SELECT df FROM term_df WHERE field = ? AND term = ?`).pluck();
    this.vocabularyStatement = db.prepare(`SELECT term FROM term_df WHERE field = 0 AND term > ? ORDER BY term LIMIT ${VOCABULARY_PAGE}`).pluck();
  }

  /** An index of `texts` (normalised index forms; position = array index) in memory, for tests and tools. */
  static build(texts: string[]): LexicalIndex {
    const db = openDb(':memory:', { create: true });
    const counts = new TermCounts(db);
    const insert = db.prepare('INSERT INTO lexical (rowid, words, bigrams) VALUES (?, ?, ?)');
    texts.forEach((text, position) => {
      const columns = lexicalColumns(text);
      insert.run(position, columns.words, columns.bigrams);
      counts.add(columns, 1);
    });
    counts.flush();
    return new LexicalIndex(db, texts.length, (position) => texts[position]);
  }

  /** How many distinct jieba words the index holds. */
  vocabularySize(): number {
    return this.vocabularySizeStatement.get() as number;
  }

  /**
   * Inverse document frequency of a jieba word (normalised form): high for rare words, highest for
   * words no passage contains. Used to weigh how much of a question the evidence covers.
   */
  wordIdf(word: string): number {
    return this.idf((this.dfStatement.get(word) as number | undefined) ?? 0);
  }

  /** How many passages contain a jieba word (normalised form). */
  wordFrequency(word: string): number {
    return (this.dfStatement.get(word) as number | undefined) ?? 0;
  }

  /**
   * Whether some passage has this jieba word / this Han bigram (normalised forms). English questions
   * use them to check that a dictionary rendering or a pinyin spelling occurs in the documents
   * without reading the whole vocabulary.
   */
  hasWord(word: string): boolean {
    return this.wordFrequency(word) > 0;
  }

  hasBigram(bigram: string): boolean {
    return ((this.fieldDfStatement.get(1, bigram) as number | undefined) ?? 0) > 0;
  }

  /** BM25's inverse document frequency for a term found in `df` passages. */
  private idf(df: number): number {
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  /**
   * Every jieba word of the indexed passages (normalised forms), read lazily from FTS5's vocabulary
   * a page at a time, so no query stays open on the connection between pages.
   */
  *vocabulary(): IterableIterator<string> {
    let after = '';
    for (;;) {
      const page = this.vocabularyStatement.all(after) as string[];
      yield* page;
      if (page.length < VOCABULARY_PAGE) return;
      after = page[page.length - 1]!;
    }
  }

  /** The query terms worth their postings: absent terms out, very common ones out (keeping a few). */
  private selectTerms(terms: { words: string[]; bigrams: string[] }): { words: string[]; bigrams: string[] } {
    const all = [
      ...terms.words.map((term) => ({ term, field: 'words' as const })),
      ...terms.bigrams.map((term) => ({ term, field: 'bigrams' as const })),
    ]
      .map((t) => ({ ...t, df: (this.fieldDfStatement.get(t.field === 'words' ? 0 : 1, t.term) as number | undefined) ?? 0 }))
      .filter((t) => t.df > 0)
      .sort((a, b) => a.df - b.df);
    const limit = this.size < PRUNE_ABOVE_PASSAGES ? Infinity : this.maxTermShare * this.size;
    const kept = all.filter((t, i) => i < MIN_TERMS || t.df <= limit);
    return { words: kept.filter((t) => t.field === 'words').map((t) => t.term), bigrams: kept.filter((t) => t.field === 'bigrams').map((t) => t.term) };
  }

  search(normalizedQuery: string, k: number): LexicalHit[] {
    const asked = queryTerms(normalizedQuery);
    const terms = this.selectTerms(asked);
    const parts: string[] = [];
    if (terms.words.length > 0) parts.push(`words : (${terms.words.map(quote).join(' OR ')})`);
    if (terms.bigrams.length > 0) parts.push(`bigrams : (${terms.bigrams.map(quote).join(' OR ')})`);
    if (parts.length === 0 || k <= 0) return [];
    const rows = this.searchStatement.all(parts.join(' OR '), k) as Array<{ position: number; rank: number }>;
    const all = [...new Set([...asked.words, ...asked.bigrams])];
    return rows.map((row) => {
      const text = this.indexText(row.position) ?? '';
      // FTS5's rank is negative, better ranks more negative; the hit's score is higher-is-better.
      return { position: row.position, score: -row.rank, matched: all.filter((t) => text.includes(t)) };
    });
  }
}
