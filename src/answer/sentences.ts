/** Sentence-level text helpers shared by the offline answer, briefings and citation highlighting. */
import { normalizeForIndex } from '../text/normalize.js';
import { toSimplifiedScript, toTraditionalScript, type Script } from '../text/script.js';

const SENTENCE = /[^。！？!?；;\n]+[。！？!?；;]*[”’」』"')）]*/g;

/** The sentences of a passage as written, trimmed, very short fragments dropped. */
export function sentencesOf(text: string, minChars = 6): string[] {
  return [...text.matchAll(SENTENCE)].map((m) => m[0].trim()).filter((s) => [...s].length >= minChars);
}

/** Share of `terms` (normalised) found in a text. */
export function share(terms: string[], text: string): number {
  if (terms.length === 0) return 0;
  const norm = normalizeForIndex(text).replace(/\s+/g, '');
  return terms.filter((t) => norm.includes(t)).length / terms.length;
}

/** A text in the asker's script: Traditional for Traditional, Simplified for everyone else. */
export function inScript(text: string, script: Script): string {
  if (script === 'traditional') return toTraditionalScript(text);
  return toSimplifiedScript(text); // Simplified questions, and English ones, get Simplified Chinese
}
