/**
 * The question sets the evaluation runs: the policy sets (eval/dev.jsonl, eval/dev2.jsonl: gold quotes
 * and keywords) and the CRUD-RAG news questions (gold answer strings and a source article), both
 * read into one `EvalItem` shape so metrics and reports treat them alike.
 */
import { readFile } from 'node:fs/promises';
import { compactForMatch } from '../text/normalize.js';
import type { Passage } from '../ingest/types.js';

/** One line of eval/dev.jsonl or eval/dev2.jsonl. */
export interface EvalQuestion {
  id: string;
  question: string;
  lang: string;
  answerable: boolean;
  type: string;
  gold: Array<{ doc: string; quote: string }>;
  keywords: string[];
  /** Lines sharing a conversation are asked in order in one chat (follow-ups). */
  conversation?: string;
}

/** One line of ../shared/crud/dev.jsonl. */
export interface CrudQuestion {
  id: string;
  question: string;
  answers: string[];
  /** The article (corpus id) that holds the answers. */
  doc: string;
  /** Reprints of the same article. */
  alt?: string[];
  /** 1d / 2d / 3d: how many articles the original question drew on. */
  set: string;
}

/** What counts as found: a passage with a gold quote (policy sets) or a gold answer string (CRUD). */
export type Gold =
  | { kind: 'quotes'; quotes: Array<{ doc: string; quote: string }>; keywords: string[] }
  | { kind: 'answers'; answers: string[]; doc: string };

export interface EvalItem {
  id: string;
  /** The set's name: dev, dev2, crud, or the file's base name. */
  set: string;
  lang: string;
  /** Question type (policy sets) or 1d/2d/3d (CRUD). */
  type: string;
  question: string;
  answerable: boolean;
  conversation?: string;
  gold: Gold;
  /** CRUD: the source article was held out of the knowledge base. */
  sourceHeldOut?: boolean;
}

async function readJsonLines<T>(file: string): Promise<T[]> {
  const text = await readFile(file, 'utf8');
  return text
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

export async function readEvalSet(file: string): Promise<EvalQuestion[]> {
  return readJsonLines<EvalQuestion>(file);
}

export async function readCrudQuestions(file: string): Promise<CrudQuestion[]> {
  return readJsonLines<CrudQuestion>(file);
}

export function policyItem(q: EvalQuestion, set: string): EvalItem {
  return {
    id: q.id,
    set,
    lang: q.lang,
    type: q.type,
    question: q.question,
    answerable: q.answerable,
    ...(q.conversation ? { conversation: q.conversation } : {}),
    gold: { kind: 'quotes', quotes: q.gold, keywords: q.keywords },
  };
}

export async function readPolicySet(file: string, set: string): Promise<EvalItem[]> {
  return (await readEvalSet(file)).map((q) => policyItem(q, set));
}

/** A gold quote is found in a passage when the passage contains it, ignoring whitespace and script. */
export function containsQuote(passage: Pick<Passage, 'text'>, quote: string): boolean {
  return compactForMatch(passage.text).includes(compactForMatch(quote));
}

/** CRUD matching as its README defines it: the strings compared with all whitespace removed. */
export function withoutSpace(text: string): string {
  return text.replace(/\s+/g, '');
}
