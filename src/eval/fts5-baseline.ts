/**
 * What a user would build instead, as the yardstick beside the project: SQLite FTS5 BM25 over jieba
 * search-mode tokens of fixed 400-character chunks of the raw articles, in memory. The tokens are
 * stored space-separated so FTS5's unicode61 tokenizer only has to split on the spaces; a question
 * becomes its tokens, each quoted, OR'ed.
 */
import Database from 'better-sqlite3';
import { cut_for_search } from 'jieba-wasm';
import { goldRank, percentile, rankFigures, ratio, sourceAt } from './metrics.js';
import type { EvalItem } from './sets.js';

export interface BaselineHit {
  docId: string;
  text: string;
}

export interface Fts5Options {
  chunkChars: number;
}

const WORDLIKE = /[\p{L}\p{N}]/u;

/** jieba search-mode tokens that carry letters or digits (punctuation would only be separators). */
export function baselineTokens(text: string): string[] {
  return cut_for_search(text, true).filter((t) => WORDLIKE.test(t));
}

/** Fixed-size pieces of a text, by characters (not UTF-16 units). */
export function fixedChunks(text: string, size: number): string[] {
  const chars = [...text];
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(''));
  return out;
}

/** An FTS5 query matching any of the tokens; quoting keeps FTS5 syntax characters literal. */
export function orQuery(tokens: string[]): string {
  return [...new Set(tokens)].map((t) => `"${t.replace(/"/g, '""')}"`).join(' OR ');
}

export class Fts5Baseline {
  private readonly query: Database.Statement<[string, number], { doc: string; body: string }>;

  private constructor(
    private readonly db: Database.Database,
    /** Chunks indexed. */
    readonly chunks: number,
    /** Chunking, tokenising and indexing time. */
    readonly buildMs: number,
  ) {
    this.query = db.prepare('SELECT doc, body FROM chunks WHERE chunks MATCH ? ORDER BY rank LIMIT ?');
  }

  static build(articles: Iterable<{ id: string; text: string }>, options: Partial<Fts5Options> = {}): Fts5Baseline {
    const { chunkChars } = { chunkChars: 400, ...options };
    const started = performance.now();
    const db = new Database(':memory:');
    db.exec("CREATE VIRTUAL TABLE chunks USING fts5(tokens, doc UNINDEXED, body UNINDEXED, tokenize = 'unicode61')");
    const insert = db.prepare('INSERT INTO chunks (tokens, doc, body) VALUES (?, ?, ?)');
    let count = 0;
    db.transaction(() => {
      for (const article of articles) {
        for (const body of fixedChunks(article.text, chunkChars)) {
          insert.run(baselineTokens(body).join(' '), article.id, body);
          count++;
        }
      }
    })();
    return new Fts5Baseline(db, count, performance.now() - started);
  }

  /** The k best chunks by BM25 for a question. */
  search(question: string, k: number): BaselineHit[] {
    const tokens = baselineTokens(question);
    if (tokens.length === 0) return [];
    return this.query.all(orQuery(tokens), k).map((r) => ({ docId: r.doc, text: r.body }));
  }

  close(): void {
    this.db.close();
  }
}

/** Recall@1/@5 (a gold answer string in the top k chunks), source@5 and latency over CRUD questions. */
export interface BaselineFigures {
  n: number;
  recall1: number | null;
  recall5: number | null;
  source5: number | null;
  p50Ms: number;
  p95Ms: number;
}

export function evaluateBaseline(baseline: Fts5Baseline, items: EvalItem[]): BaselineFigures {
  const ranks: Array<number | undefined> = [];
  const sources: boolean[] = [];
  const ms: number[] = [];
  if (items[0]) baseline.search(items[0].question, 5); // warm-up
  for (const item of items) {
    const started = performance.now();
    const hits = baseline.search(item.question, 5);
    ms.push(performance.now() - started);
    ranks.push(goldRank(item.gold, hits));
    if (!item.sourceHeldOut) sources.push(sourceAt(item.gold, hits, 5) ?? false);
  }
  const { hit1, hit5 } = rankFigures(ranks);
  return { n: items.length, recall1: hit1, recall5: hit5, source5: ratio(sources.filter(Boolean).length, sources.length), p50Ms: percentile(ms, 50), p95Ms: percentile(ms, 95) };
}
