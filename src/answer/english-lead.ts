/**
 * The English first sentence of an answer to an English question: the figure or date the quoted
 * sentence gives, as written with an exact conversion beside it, then the Chinese quote follows.
 * Built only from what the quote holds, so it is as grounded as the quote.
 */
import type { QuestionPart } from '../query/question.js';
import { figureInEnglish } from '../text/english-figures.js';
import { answeringFigures, answerPositions } from './answer-shape.js';

export function englishLead(part: QuestionPart, quote: string, n: number): string | undefined {
  if (part.asked.kind === 'figure') {
    // Figures written in digits are the answer far more often than a counted "一座" or "二批".
    const all = answeringFigures(quote, part.asked);
    const figures = all.some((f) => /\d/.test(f.raw)) ? all.filter((f) => /\d/.test(f.raw) && !/^\d+(\.\d+)?$/.test(f.raw.trim()) || f.unit) : all;
    if (figures.length === 0) return undefined;
    const shown = figures.slice(0, 2).map((f) => figureInEnglish(f.raw));
    return `The documents give ${shown.join(' and ')} [${n}].`;
  }
  if (part.asked.kind === 'date') {
    const at = answerPositions(quote, part.asked)?.[0];
    if (at === undefined) return undefined;
    const m = /((?:19|20)\d{2})\s*年(?:\s*(\d{1,2})\s*月)?(?:\s*(\d{1,2})\s*日)?|(\d{1,2})\s*月\s*(\d{1,2})\s*日/.exec(quote.slice(at));
    if (!m) return undefined;
    const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
    const date = m[1]
      ? [m[3], m[2] ? months[Number(m[2]) - 1] : undefined, m[1]].filter(Boolean).join(' ')
      : `${m[5]} ${months[Number(m[4]) - 1]}`;
    return `According to the documents: ${date} [${n}].`;
  }
  return `From the documents [${n}]:`;
}
