/**
 * What an English question asks about, in the documents' Chinese: glossary concepts, and names
 * spelled in pinyin matched to the documents' own words. Search appends these terms to the query;
 * the evidence check counts how many of them a passage mentions.
 */
import { readEnglishQuestion } from './glossary.js';
import type { LexicalIndex } from '../lexical-index.js';
import { wordsForNames } from './pinyin-names.js';

export interface EnglishConcept {
  english: string;
  /** Chinese renderings; a passage containing any of them mentions the concept. */
  terms: string[];
  /** A proper name (matched by pinyin): what the question is about, not how it asks. */
  name?: boolean;
}

export interface EnglishReading {
  concepts: EnglishConcept[];
  /** Names found neither in the glossary nor, by pinyin, in the documents. */
  unresolved: string[];
}

export function readEnglish(question: string, lexical: LexicalIndex): EnglishReading {
  const { matches, nameRuns } = readEnglishQuestion(question);
  const concepts: EnglishConcept[] = [...matches];
  const unresolved: string[] = [];
  const named = wordsForNames(lexical, nameRuns);
  for (const run of nameRuns) {
    // Prefer the longest spelled-out match covering each name.
    const spans = [...named.entries()].filter(([spelled]) => run.join(' ').includes(spelled)).sort((a, b) => b[0].length - a[0].length);
    const covered = new Set<string>();
    for (const [spelled, word] of spans) {
      const parts = spelled.split(' ');
      if (parts.every((p) => covered.has(p))) continue;
      parts.forEach((p) => covered.add(p));
      concepts.push({ english: spelled, terms: [word], name: true });
    }
    unresolved.push(...run.filter((w) => !covered.has(w)));
  }
  return { concepts, unresolved };
}

/** The question with the Chinese terms of its English words and names appended. */
export function expandQuestion(question: string, lexical: LexicalIndex): string {
  const terms = [...new Set(readEnglish(question, lexical).concepts.flatMap((c) => c.terms))];
  return terms.length === 0 ? question : `${question} ${terms.join(' ')}`;
}
