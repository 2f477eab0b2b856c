/**
 * Names in English questions are usually pinyin (Hongsheng Yitong, Yangquan, Zhengda). They are
 * matched against the pinyin of the index's own Chinese words, so any name in the documents can be
 * found without a dictionary of names.
 */
import { pinyin } from 'pinyin-pro';
import type { LexicalIndex } from '../lexical-index.js';

const byIndex = new WeakMap<LexicalIndex, Map<string, string[]>>();

/** Toneless pinyin of a Chinese word, syllables joined ("弘盛" → "hongsheng"). */
export function pinyinOf(word: string): string {
  return pinyin(word, { toneType: 'none', type: 'array', v: true }).join('').toLowerCase();
}

function pinyinTable(lexical: LexicalIndex): Map<string, string[]> {
  let table = byIndex.get(lexical);
  if (!table) {
    table = new Map();
    for (const word of lexical.vocabulary()) {
      // Two or more Han characters: single syllables match far too much.
      if (!/^\p{Script=Han}{2,}$/u.test(word)) continue;
      const key = pinyinOf(word);
      table.set(key, [...(table.get(key) ?? []), word]);
    }
    byIndex.set(lexical, table);
  }
  return table;
}

/**
 * The document words whose pinyin spells a name: each name alone, and consecutive names together
 * ("Hongsheng Yitong" → 弘盛, 益通, 弘盛益通 if the documents have them). Names spelled like several
 * different words are skipped: a guess would mislead.
 */
export function wordsForNames(lexical: LexicalIndex, names: string[][]): Map<string, string> {
  const table = pinyinTable(lexical);
  const found = new Map<string, string>();
  for (const run of names) {
    for (let i = 0; i < run.length; i++) {
      for (let j = i + 1; j <= run.length; j++) {
        const spelled = run.slice(i, j).join(' ');
        const words = table.get(run.slice(i, j).join('').toLowerCase().replace(/[^a-z]/g, ''));
        if (words?.length === 1) found.set(spelled, words[0]!);
      }
    }
  }
  return found;
}
