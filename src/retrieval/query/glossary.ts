/**
 * Cross-language query expansion: English words and phrases of a question mapped to the Chinese
 * terms the documents use (glossary.en-zh.tsv), so an English question can find Chinese passages
 * without a model. Only the query is expanded; the index is untouched.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

type Glossary = { pattern: RegExp; terms: string[] }[];

let glossary: Glossary | undefined;
let entries: Array<{ english: string; terms: string[] }> | undefined;

/** The glossary's lines in file order: English phrase → Chinese terms. */
export function glossaryEntries(): Array<{ english: string; terms: string[] }> {
  entries ??= readFileSync(fileURLToPath(new URL('./glossary.en-zh.tsv', import.meta.url)), 'utf8')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) => {
      const [english = '', chinese = ''] = line.split('\t');
      return { english: english.trim(), terms: chinese.split('|').filter(Boolean) };
    });
  return entries;
}

function load(): Glossary {
  return glossaryEntries()
    .map(({ english, terms }) => {
      const words = english.trim().toLowerCase().split(/\s+/).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
      // Whole words, optional plural s, any spacing or hyphen between the words of a phrase.
      return { pattern: new RegExp(`\\b${words.join('[\\s-]+')}s?\\b`, 'i'), terms, length: words.length };
    })
    .sort((a, b) => b.length - a.length);
}

export interface GlossaryMatch {
  english: string;
  /** Where the phrase is in the question. */
  start: number;
  /** Chinese renderings; a passage containing any of them mentions the concept. */
  terms: string[];
}

/**
 * The glossary phrases in an English question (longest first, each word used once) and the words
 * left over that look like names (capitalised, not the first word): names the glossary cannot map
 * must be found some other way, or the documents do not mention them. `rest` is the question with
 * the matched phrases blanked out (same length, so positions still line up).
 */
export function readEnglishQuestion(question: string): { matches: GlossaryMatch[]; nameRuns: string[][]; rest: string } {
  if (!/[A-Za-z]{2,}/.test(question)) return { matches: [], nameRuns: [], rest: question };
  glossary ??= load();
  let rest = question;
  const matches: GlossaryMatch[] = [];
  for (const entry of glossary) {
    const m = entry.pattern.exec(rest);
    if (!m) continue;
    rest = rest.slice(0, m.index) + ' '.repeat(m[0].length) + rest.slice(m.index + m[0].length);
    matches.push({ english: m[0], start: m.index, terms: entry.terms });
  }
  // Runs of capitalised words after the first word: "Hongsheng Yitong's" → [Hongsheng, Yitong].
  const nameRuns = [...rest.slice(1).matchAll(/[A-Z][a-z]+(?:['’]s)?(?:[\s-]+[A-Z][a-z]+(?:['’]s)?)*/g)].map((m) =>
    m[0].split(/[\s-]+/).map((w) => w.replace(/['’]s$/, '')),
  );
  return { matches, nameRuns, rest };
}
