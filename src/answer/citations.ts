/**
 * Checking a model's answer against the passages it was given: markers that point at no passage are
 * removed, the rest renumbered 1..m in order of first use, and figures the passages do not contain
 * are found so the answer is not passed off as grounded.
 */
import { compactForMatch } from '../text/normalize.js';

/** [1], [1, 2], [1][2], ［1］, 【1】 and the like. */
const MARKER = /[[［【]\s*(\d+(?:\s*[,，、]\s*\d+)*)\s*[\]］】]/g;

export interface CheckedCitations {
  /** The answer with only valid markers, renumbered. */
  text: string;
  /** For each new number (index + 1), the 1-based number of the passage it points at. */
  cited: number[];
  /** Markers removed because they pointed at no passage. */
  removed: number;
}

export function checkCitations(answer: string, passageCount: number): CheckedCitations {
  const cited: number[] = [];
  let removed = 0;
  const text = answer.replace(MARKER, (_whole, list: string) => {
    const numbers = list.split(/\s*[,，、]\s*/).map(Number);
    const valid = [...new Set(numbers.filter((n) => Number.isInteger(n) && n >= 1 && n <= passageCount))];
    removed += numbers.length - valid.length;
    return valid
      .map((n) => {
        if (!cited.includes(n)) cited.push(n);
        return `[${cited.indexOf(n) + 1}]`;
      })
      .join('');
  });
  return { text: text.replace(/[ \t]+\n/g, '\n').trim(), cited, removed };
}

/** Figures (runs of digits, with decimals) in a text, as written. */
export function figuresOf(text: string): string[] {
  return [...compactForMatch(text.replace(MARKER, ' ')).matchAll(/\d+(?:\.\d+)?/g)].map((m) => m[0]);
}

/** Figures the answer states that none of the given texts contains: invented or altered numbers. */
export function unsupportedFigures(answer: string, sources: string[]): string[] {
  const haystack = sources.map((s) => compactForMatch(s)).join('\n');
  return [...new Set(figuresOf(answer))].filter((f) => !new RegExp(`(?<![\\d.])${f.replace('.', '\\.')}(?!\\d|\\.\\d)`).test(haystack));
}
