/**
 * The index form of a text: what both passages and questions are reduced to before matching,
 * so a question in either script, with either width of punctuation, finds the same passages.
 * Display text is never replaced by this form.
 */
import { foldToSimplified } from './script.js';

/** Han characters and CJK punctuation: the characters between which spaces are OCR noise. */
export const CJK_CHAR = '\\p{Script=Han}\\u3000-\\u303f\\uff00-\\uffef\\u2018-\\u201f\\u2026\\u2014\\u00b7';

const SPACE_NEXT_TO_CJK = new RegExp(
  `(?<=[${CJK_CHAR}])[ \\t\\u00a0\\u3000]+|[ \\t\\u00a0\\u3000]+(?=[${CJK_CHAR}])`,
  'gu',
);

/**
 * Removes spaces that touch a Chinese character or Chinese punctuation ("紧紧 扭住", "137 家"),
 * keeping spaces between Latin words and numbers ("Notice: The content").
 */
export function removeCjkSpaces(text: string): string {
  return text.replace(SPACE_NEXT_TO_CJK, '');
}

/** Full-width/half-width unification (NFKC: "，"→",", "５Ｇ"→"5G"), keeping curly quotes. */
export function unifyWidth(text: string): string {
  return text.normalize('NFKC');
}

/** The normalised form used for indexing and matching. */
export function normalizeForIndex(text: string): string {
  return removeCjkSpaces(unifyWidth(foldToSimplified(text)))
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** A text reduced for exact-quote comparison: normalised, with all whitespace removed. */
export function compactForMatch(text: string): string {
  return normalizeForIndex(text).replace(/\s+/g, '');
}
