/** The evaluation question set format (eval/dev.jsonl) and gold-passage matching. */
import { readFile } from 'node:fs/promises';
import { compactForMatch } from '../text/normalize.js';
import type { Passage } from '../ingest/types.js';

export interface EvalQuestion {
  id: string;
  question: string;
  lang: string;
  answerable: boolean;
  type: string;
  gold: Array<{ doc: string; quote: string }>;
  keywords: string[];
}

export async function readEvalSet(file: string): Promise<EvalQuestion[]> {
  const text = await readFile(file, 'utf8');
  return text
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as EvalQuestion);
}

/** A gold quote is found in a passage when the passage contains it, ignoring whitespace and script. */
export function containsQuote(passage: Passage, quote: string): boolean {
  return compactForMatch(passage.text).includes(compactForMatch(quote));
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
