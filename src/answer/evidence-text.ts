/**
 * How a passage is read as evidence: its normalised text with title and section (they carry the
 * subject its sentences leave implicit), and whether it mentions a question term — exactly, by an
 * alternative spelling, or as the long form of an abbreviation (综改区 in 综改示范区, 战新 in
 * 战略性新兴).
 */
import type { Term } from '../query/question.js';
import type { SearchHit } from '../retrieval/query/search.js';
import { normalizeForIndex } from '../text/normalize.js';

export interface EvidenceText {
  /** Title, section and passage, normalised, no whitespace. */
  full: string;
  /** The passage alone, normalised, no whitespace. */
  body: string;
}

/**
 * Normalised passages, by passage id and span: the index hands out new passage objects per lookup,
 * and normalising (OpenCC) forty candidates on every question was most of a question's time.
 * Bounded; the oldest entries go first.
 */
const cache = new Map<string, EvidenceText>();
const CACHE_LIMIT = 5000;

export function evidenceText(hit: SearchHit): EvidenceText {
  const key = `${hit.passage.id}:${hit.passage.start}:${hit.passage.end}:${hit.passage.text.length}`;
  let text = cache.get(key);
  if (!text) {
    const body = normalizeForIndex(hit.passage.text).replace(/\s+/g, '');
    const head = normalizeForIndex(`${hit.document.meta.title} ${hit.passage.section.join(' ')}`).replace(/\s+/g, '');
    text = { full: `${head}\n${body}`, body };
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(key, text);
  }
  return text;
}

/** Words at least this rare may be abbreviations of a longer form in the passage. */
const ABBREVIATION_WEIGHT = 3;

/** How far apart an abbreviation's characters may stand in the long form (综改区 → 综改示范区). */
const ABBREVIATION_GAP = 3;

/**
 * 1 when the text holds the term or an alternative; 0.8 when it holds a long form the term
 * abbreviates (its characters in order, few characters between); 0 otherwise.
 */
export function mentions(text: string, term: Term): number {
  if (text.includes(term.text) || term.alternatives.some((a) => text.includes(a))) return 1;
  const chars = [...term.text];
  // Words the documents never use, and rare ones, are read as abbreviations too (规上 for 规模以上);
  // common words and anchors (一期 must not match 一、二期) mean only themselves.
  if ((term.unknown || (!term.anchor && term.weight >= ABBREVIATION_WEIGHT)) && chars.length >= 2 && chars.length <= 4 && /^\p{Script=Han}+$/u.test(term.text)) {
    const pattern = new RegExp(chars.map(escape).join(`[\\p{Script=Han}]{0,${ABBREVIATION_GAP}}`), 'u');
    if (pattern.test(text)) return 0.8;
  }
  return 0;
}

function escape(ch: string): string {
  return ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The weighted share (0–1) of a part's terms that `credit` finds (each 0–1): how much of what the
 * question is about a text covers. Terms that weigh nothing (frame words) do not count.
 */
export function termShare(terms: Term[], credit: (term: Term) => number): number {
  let total = 0;
  let found = 0;
  for (const t of terms) {
    if (t.weight <= 0) continue;
    total += t.weight;
    found += t.weight * credit(t);
  }
  return total === 0 ? 0 : found / total;
}
