/**
 * Follow-up questions ("那太原呢？") leave their subject in the previous turn. In model mode the
 * model rewrites them (prompts/condense.txt); offline, the previous question's key terms are carried
 * over so retrieval still finds the topic.
 */
import { normalizeForIndex } from '../text/normalize.js';
import { detectScript } from '../text/script.js';
import { contentWords } from './evidence.js';

export interface Turn {
  question: string;
  answer: string;
}

const FOLLOW_UP_START = /^(那|那么|那末|这|這|它|他们|他們|其|该|該|此|还有|還有|另外|and\b|what about\b|how about\b|and what\b)/i;
const FOLLOW_UP_END = /(呢|吗|嗎)[？?。.!！]*$/;

/** Does the question lean on the previous turn? Short questions and ones that start with "那…" do. */
export function looksLikeFollowUp(question: string): boolean {
  const q = question.trim();
  const length = [...q.replace(/[\s？?。.!！，,]/g, '')].length;
  if (FOLLOW_UP_START.test(q)) return true;
  if (detectScript(q) === 'latin') return q.split(/\s+/).length <= 4;
  return length <= 8 || (length <= 14 && FOLLOW_UP_END.test(q));
}

/**
 * The offline standalone question: the follow-up plus the previous question's content words it does
 * not already contain ("那太原呢？" after a question on 综改示范区的年度计划投资 → "综改示范区 年度 计划 投资 那太原呢？").
 */
export function carryOverTerms(question: string, previous: Turn): string {
  const own = normalizeForIndex(question);
  const carried = contentWords(normalizeForIndex(previous.question)).filter((w) => !own.includes(w));
  // Drop words contained in a longer carried word (jieba's search mode yields both 示范区 and 示范).
  const kept = carried.filter((w) => !carried.some((o) => o !== w && o.includes(w)));
  return kept.length === 0 ? question : `${kept.join(' ')} ${question}`;
}
