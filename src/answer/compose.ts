/**
 * The offline answer, composed from the passages the judge accepted: for each part of the
 * question, the sentence that answers it (the figure, the date, the list) first, trimmed to the
 * clauses that carry the answer, then support from another document when it gives its own figure;
 * every sentence quoted verbatim and cited. Parts the documents do not answer are named plainly.
 */
import type { Question, QuestionPart } from '../query/question.js';
import type { SearchHit } from '../retrieval/query/search.js';
import { bigramSet, overlap } from '../text/bigrams.js';
import { normalizeForIndex } from '../text/normalize.js';
import type { Script } from '../text/script.js';
import { answeringFigures, answersPart, holdsAnswer } from './answer-shape.js';
import { mentions, termShare } from './evidence-text.js';
import type { Judgement } from './judge.js';
import { englishLead } from './english-lead.js';
import { inScript, sentencesOf } from './sentences.js';
import { citationOf } from './citations.js';
import type { Answer, Citation } from './types.js';

export interface ComposeOptions {
  /** Longest answer (characters of quoted text) before further sentences are left out. */
  maxChars: number;
  /** A quoted sentence longer than this is trimmed to the clauses around its answer. */
  trimAbove: number;
}

export const DEFAULT_COMPOSE_OPTIONS: ComposeOptions = { maxChars: 480, trimAbove: 150 };

const NOT_IN_DOCUMENTS: Record<Script, string> = {
  simplified: '文件中没有找到：',
  traditional: '文件中沒有找到：',
  latin: 'The documents do not say: ',
};

/** How a line saying which part the documents do not answer begins (it cites nothing, by design). */
export const ABSENCE_STATEMENTS = Object.values(NOT_IN_DOCUMENTS);

/** Share of shared character bigrams above which two sentences say the same thing. */
const NEAR_DUPLICATE = 0.8;

/** A quote's bigrams, punctuation aside, in index form: reprints differ in script and punctuation. */
function quoteBigrams(text: string): Set<string> {
  return bigramSet(normalizeForIndex(text).replace(/\p{P}/gu, ''));
}

/**
 * Further sentences must score at least this share of the best one: support, not padding. At 0.65
 * answers left out the sentence holding a keyword more often (keywords dev2 82.5%, CRUD-3000 84.1%;
 * at 0.5: 85.0%, 85.0%); answers stay under maxChars either way.
 */
const SUPPORT_FLOOR = 0.5;

const ENGLISH_NOTICE = 'The documents are in Chinese; the answer quotes them in Chinese.';

interface Quote {
  hit: number;
  /** Position of the sentence in its passage. */
  order: number;
  /** As written in the passage (a whole sentence or the clauses of it that answer). */
  text: string;
  score: number;
  answers: boolean;
  /** The sentence holds an answer of the asked kind, wherever its subject is. */
  holds: boolean;
}

/** Bits of page furniture and OCR debris a quote must not start or end with. */
const DEBRIS = /^[\s◆◇●○■□▲△★☆•·…—\-－>》」”"'、，,；;：:]+|[\s◆◇●○■□▲△★☆•·…—\-－<《「“"'、，,；;：:]+$/g;

/** The sentence without debris at its edges; inside, it stays exactly as written (it is a quote). */
function clean(sentence: string): string {
  return sentence.replace(DEBRIS, '').trim();
}

/** Reporter framing ("近日，省工信厅相关负责人告诉笔者。"): says who spoke, not what. */
const FRAMING = /笔者|记者|告诉|据介绍|据了解|据悉|介绍说|表示|说道|采访|[^。]{0,20}说。$/;

/** A heading, a rhetorical question, a fragment or framing: not a sentence to quote as an answer. */
function quotable(sentence: string): boolean {
  const chars = [...sentence];
  if (chars.length < 8) return false;
  if (/[？?]$/.test(sentence)) return false;
  if (FRAMING.test(sentence) && chars.length < 30) return false;
  return /[，,。；;：:、]/.test(sentence) || chars.length >= 16;
}

function score(part: QuestionPart, sentence: string, rank: number): { score: number; answers: boolean } {
  const norm = normalizeForIndex(sentence).replace(/\s+/g, '');
  const covered = termShare(part.terms, (t) => mentions(norm, t));
  const answers = answersPart(part, norm);
  // What the part asks for weighs as much as the words: "232.2亿元" is the answer, the sentence
  // that only repeats the question's words is not.
  const kindBonus = answers ? (part.asked.kind === 'figure' || part.asked.kind === 'date' || part.asked.kind === 'person' ? 0.45 : 0.1) : 0;
  return { score: covered + kindBonus - rank * 0.04, answers };
}

/**
 * The clauses of a long sentence that carry its answer: from the first clause that names the
 * question's subject to the clause with the answer, never cut inside a clause.
 */
function trim(sentence: string, part: QuestionPart, maxChars: number): string {
  if ([...sentence].length <= maxChars) return sentence;
  const clauses = sentence.match(/[^，,；;：:]+[，,；;：:]?/g) ?? [sentence];
  const norm = clauses.map((c) => normalizeForIndex(c).replace(/\s+/g, ''));
  const relevance = norm.map((c) => termShare(part.terms, (t) => mentions(c, t)));
  const answering = norm.map((c) => (part.asked.kind === 'figure' ? answeringFigures(c, part.asked).length > 0 : false));
  let best = relevance.indexOf(Math.max(...relevance));
  const answerAt = answering.findIndex((a, i) => a && i >= best - 2);
  if (answerAt >= 0) best = answerAt;
  let start = best;
  let end = best + 1;
  const length = () => [...clauses.slice(start, end).join('')].length;
  // Grow towards the clauses that mention the question's words, while within the limit.
  while (length() < maxChars) {
    const left = start > 0 ? relevance[start - 1]! : -1;
    const right = end < clauses.length ? relevance[end]! : -1;
    if (left < 0 && right < 0) break;
    if (left >= right && left >= 0) start--;
    else end++;
    if (length() > maxChars) {
      if (left >= right) start++;
      else end--;
      break;
    }
  }
  // Quoted verbatim: a trimmed quote is a substring of its sentence, so it can be checked.
  return clauses.slice(start, end).join('').replace(/[，,；;：:]$/, '');
}

function quotesFor(part: QuestionPart, hits: SearchHit[], candidates: number[], o: ComposeOptions): Quote[] {
  const quotes: Quote[] = [];
  for (const hitIndex of candidates) {
    const hit = hits[hitIndex];
    if (!hit) continue;
    sentencesOf(hit.passage.text).forEach((raw, order) => {
      const sentence = clean(raw);
      if (!quotable(sentence)) return;
      const s = score(part, sentence, candidates.indexOf(hitIndex));
      quotes.push({ hit: hitIndex, order, text: sentence, ...s, holds: holdsAnswer(normalizeForIndex(sentence), part.asked) });
    });
  }
  return quotes.sort((a, b) => b.score - a.score);
}

export interface ComposeInput {
  question: Question;
  hits: SearchHit[];
  judgement: Judgement;
}

/** The offline answer for an `answer` or `partial` judgement (a refusal is composed elsewhere). */
export function composeAnswer({ question, hits, judgement }: ComposeInput, options: Partial<ComposeOptions> = {}): Answer {
  const o = { ...DEFAULT_COMPOSE_OPTIONS, ...options };
  const script = question.script;
  const citations: Citation[] = [];
  const cite = (hitIndex: number, quoted: string): number => {
    const hit = hits[hitIndex]!;
    let c = citations.find((x) => x.passage.id === hit.passage.id);
    if (!c) {
      c = citationOf(citations.length + 1, hit, []);
      citations.push(c);
    }
    if (!c.quoted.includes(quoted)) c.quoted.push(quoted);
    return c.n;
  };

  const lines: string[] = [];
  // Quoted sentences, as bigram sets: a reprint's near-identical sentence is not quoted twice.
  const used: Array<Set<string>> = [];
  const isUsed = (text: string) => {
    const grams = quoteBigrams(text);
    return used.some((u) => overlap(u, grams) >= NEAR_DUPLICATE);
  };
  let length = 0;
  const missing: string[] = [];
  const leads: string[] = [];
  for (const pj of judgement.parts) {
    if (!pj.supported) {
      missing.push(pj.part.text);
      continue;
    }
    // The supporting passages first, then the other retrieved ones (a fact's next sentence may
    // have fallen into the next passage).
    const pool = [...pj.support.slice(0, 3), ...hits.map((_, i) => i).filter((i) => !pj.support.slice(0, 3).includes(i))].slice(0, 5);
    const all = quotesFor(pj.part, hits, pool, o);
    // A sentence quoted for an earlier part that also answers this one answers it already.
    if (all[0] && isUsed(all[0].text)) continue;
    const quotes = all.filter((q) => !isUsed(q.text));
    const best = quotes[0];
    if (!best) {
      missing.push(pj.part.text);
      continue;
    }
    const chosen = [best];
    // The sentence that names the subject is often followed by the one with the figure or date
    // ("…以大熊猫为造型的光伏电站。" then "年发电量8000万千瓦时…"): quote both.
    const pointed = ['figure', 'date', 'person'].includes(pj.part.asked.kind);
    const next = (q: Quote) =>
      (q.hit === best.hit && q.order === best.order + 1) ||
      (q.order === 0 && hits[q.hit]!.passage.docId === hits[best.hit]!.passage.docId && hits[q.hit]!.passage.index === hits[best.hit]!.passage.index + 1);
    const follows = pointed && !best.answers ? quotes.find((q) => next(q) && q.holds) : undefined;
    if (follows) chosen.push(follows);
    // Otherwise, when the best-matching sentence does not hold what was asked, the one that does leads.
    const answering = pointed && !best.answers && !follows ? quotes.find((q) => q.answers) : undefined;
    if (answering) chosen.unshift(answering);
    // A second document that gives its own answer (documents that disagree: say both, cite both),
    // then sentences nearly as relevant as the best (lists and explanations run over several).
    const otherDoc = quotes.find((q) => q !== best && q.answers && hits[q.hit]!.passage.docId !== hits[best.hit]!.passage.docId && q.score >= best.score * 0.75);
    if (otherDoc && best.answers && pj.part.asked.kind === 'figure' && !follows) chosen.push(otherDoc);
    const extra = ['list', 'how', 'reason', 'definition', 'fact'].includes(pj.part.asked.kind) ? 2 : 1;
    for (const q of quotes) {
      if (chosen.length >= 1 + extra) break;
      if (chosen.includes(q) || q.score < best.score * SUPPORT_FLOOR) continue;
      const grams = quoteBigrams(q.text);
      if (chosen.some((c) => overlap(quoteBigrams(c.text), grams) >= NEAR_DUPLICATE)) continue;
      chosen.push(q);
    }
    if (!answering) chosen.sort((a, b) => (a.hit === b.hit ? a.order - b.order : 0));
    for (const q of chosen) {
      const text = trim(q.text, pj.part, o.trimAbove);
      const chars = [...text].length;
      if ((length > 0 && length + chars > o.maxChars) || isUsed(q.text)) continue;
      used.push(quoteBigrams(q.text));
      const n = cite(q.hit, text);
      lines.push(`${inScript(text, script)}[${n}]`);
      length += chars;
      if (script === 'latin' && q === chosen[0]) {
        const lead = englishLead(pj.part, text, n);
        if (lead) leads.push(lead);
      }
    }
  }
  const statements = missing.map((m) => `${NOT_IN_DOCUMENTS[script]}${inScript(m.replace(/[。？?！!]+$/, ''), script)}`);
  const text = [...leads, lines.join(''), ...statements].filter(Boolean).join('\n');
  const outcome = citations.length === 0 ? 'refused' : missing.length > 0 ? 'partial' : 'answer';
  return { text, citations, outcome, refused: outcome === 'refused', mode: 'extractive', notices: script === 'latin' ? [ENGLISH_NOTICE] : [] };
}
