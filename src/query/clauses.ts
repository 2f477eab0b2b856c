/**
 * A message cut into what it asks: clauses grouped into question parts, leading clauses that only
 * set context kept apart ("我们是做充电运营的，……想确认一下桩车比是多少" asks one thing).
 */
import { isQuestionClause } from './asked.js';

export interface AskedClause {
  /** Clauses directly before the question that say what it is about but ask nothing. */
  lead: string[];
  /** The clause that asks (with any clause joined to it). */
  ask: string;
}

export interface ClauseGroups {
  /** Sentences before the first question that carry no question of their own. */
  context: string[];
  parts: AskedClause[];
}

const CLAUSE_END = /[^。！？!?；;\n，,]+[。！？!?；;\n，,]*/g;
const ENGLISH_SENTENCE = /[^?!.;]+[?!.;]*/g;

/** Clauses that join the previous question rather than ask a new one ("各自定位是什么" after "哪两个区"). */
const JOINS_PREVIOUS = /^(并且|而且|以及|同时)/;

export function clausesOf(text: string, english: boolean): ClauseGroups {
  const pieces = (english ? text.match(ENGLISH_SENTENCE) : text.match(CLAUSE_END)) ?? [];
  const clauses = pieces.map((p) => p.trim()).filter((p) => p.replace(/[\p{P}\s]/gu, '').length > 0);
  const context: string[] = [];
  const parts: AskedClause[] = [];
  let pending: string[] = [];
  for (const clause of clauses) {
    pending.push(clause);
    const sentenceEnd = /[。！？!?；;]$/.test(clause) || english;
    if (!isQuestionClause(clause, english)) {
      // A statement that ends a sentence before any question is context ("领导让我写个汇报材料。").
      if (sentenceEnd && parts.length === 0 && pending.length > 0) {
        context.push(...pending);
        pending = [];
      }
      continue;
    }
    if (parts.length > 0 && JOINS_PREVIOUS.test(clause) && pending.length === 1) parts[parts.length - 1]!.ask += clause;
    else parts.push({ lead: pending.slice(0, -1), ask: clause });
    pending = [];
  }
  if (pending.length > 0) {
    // Trailing statements belong to the last question ("…是多少？我们要写进报告。").
    if (parts.length > 0) parts[parts.length - 1]!.lead.push(...pending);
    else parts.push({ lead: pending.slice(0, -1), ask: pending[pending.length - 1]! });
  }
  // No clause asked anything ("晋华炉", a pasted title): the whole message is the question.
  if (parts.length === 0 && context.length > 0) return { context: [], parts: [{ lead: [], ask: context.join('') }] };
  return { context, parts };
}
