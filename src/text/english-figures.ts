/**
 * Chinese figures and terms for English lead sentences. A figure keeps its original form (the
 * reader can match it to the cited passage) and gains an English reading where the conversion is
 * exact arithmetic: 3384.5万千瓦 → "3,384.5 万千瓦 (33.8 GW)", 450亿元 → "450亿元 (45 billion yuan)".
 * Approximate figures ("100多项") say so; shares ("30%") need nothing.
 */
import { foldToSimplified } from '../text/script.js';
import { glossaryEntries } from '../retrieval/query/glossary.js';
import { firstGloss } from '../retrieval/query/dictionary.js';

/** Digits → "1,234.5" (Latin grouping, decimals untouched). */
function grouped(digits: string): string {
  const [int = '', dec] = digits.split('.');
  const g = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return dec === undefined ? g : `${g}.${dec}`;
}

/**
 * A converted value, grouped: exact up to four significant digits (23.22), otherwise rounded to
 * three (33.845 → 33.8): the original figure stands beside it for the exact reading.
 */
function rounded(value: number): string {
  const exact = Number(value.toPrecision(12));
  const v = Number(exact.toPrecision(4)) === exact ? exact : Number(value.toPrecision(3));
  return grouped(String(v >= 1e21 ? v.toExponential() : v));
}

/** A count in English words of scale: 1.2e12 → "1.2 trillion", 2e7 → "20 million", 107000 → "107,000". */
function scaled(value: number, unit: string): string {
  const scales: Array<[number, string]> = [
    [1e12, 'trillion'],
    [1e9, 'billion'],
    [1e6, 'million'],
  ];
  const unitPart = unit ? ` ${unit}` : '';
  for (const [size, word] of scales) if (value >= size) return `${rounded(value / size)} ${word}${unitPart}`;
  return `${rounded(value)}${unitPart}`;
}

/** Chinese measures with an exact English reading: factor to the English unit, and its name. */
const MEASURES: Array<{ zh: string; english: (value: number) => string }> = [
  { zh: '千瓦时', english: (v) => (v >= 1e6 ? `${rounded(v / 1e6)} GWh` : `${scaled(v, 'kWh')}`) },
  { zh: '千瓦', english: (v) => (v >= 1e6 ? `${rounded(v / 1e6)} GW` : v >= 1e3 ? `${rounded(v / 1e3)} MW` : `${rounded(v)} kW`) },
  { zh: '元', english: (v) => scaled(v, 'yuan') },
  { zh: '吨', english: (v) => scaled(v, v === 1 ? 'ton' : 'tons') },
  // 1 亩 is exactly 1/15 hectare.
  { zh: '亩', english: (v) => `${rounded(v / 15)} ha` },
  { zh: '公里', english: (v) => scaled(v, 'km') },
  { zh: '平方米', english: (v) => scaled(v, 'm²') },
];

const MULTIPLIER: Record<string, number> = { 万: 1e4, 亿: 1e8, 万亿: 1e12 };
const QUALIFIER: Record<string, string> = { 超: 'over ', 超过: 'over ', 逾: 'over ', 约: 'about ', 近: 'nearly ', 达: '', 共: '' };

const FIGURE = /^(超过|超|逾|约|近|达|共)?\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*(万亿|万|亿)?\s*(多|余)?\s*(.*)$/u;

/**
 * A Chinese figure as written, for an English sentence: the original plus an exact conversion
 * in brackets where one exists. Anything it does not recognise comes back unchanged.
 */
export function figureInEnglish(text: string): string {
  const m = FIGURE.exec(text.trim());
  if (!m) return text;
  const [, qualifier = '', raw = '', multiplier = '', more = '', rest = ''] = m;
  const digits = raw.replace(/,/g, '');
  const number = Number(digits);
  if (!Number.isFinite(number)) return text;
  if (rest.startsWith('%') || rest.startsWith('％')) return text;
  // The original beside a conversion has its number grouped the Latin way ("3,384.5 万千瓦").
  const g = grouped(digits);
  const original = g === digits ? text.trim() : `${qualifier}${g} ${multiplier}${more}${rest}`;
  if (!multiplier && !more && !MEASURES.some((u) => rest === u.zh)) return text;
  const value = number * (MULTIPLIER[multiplier] ?? 1);
  const approx = QUALIFIER[qualifier] ?? '';
  const measure = MEASURES.find((u) => rest === u.zh);
  if (measure) {
    const english = measure.english(value);
    return `${original} (${approx}${more ? addPlus(english) : english})`;
  }
  // A count with a measure word (项, 家, 个…): the number in English, "+" for 多/余.
  if (multiplier || more) {
    const english = scaled(value, '');
    return `${original} (${approx}${more ? addPlus(english) : english})`;
  }
  return original;
}

/** "20 million yuan" → "20+ million yuan": the plus goes on the number. */
function addPlus(english: string): string {
  return english.replace(/^([\d,.]+)/, '$1+');
}

/**
 * A short English name for a Chinese term: the policy glossary's phrase first (the documents' own
 * sense), then CC-CEDICT's usual gloss; undefined when neither knows it.
 */
export function termInEnglish(zh: string): string | undefined {
  const term = foldToSimplified(zh.trim());
  if (!term) return undefined;
  const entry = glossaryEntries().find((e) => e.terms[0] === term) ?? glossaryEntries().find((e) => e.terms.includes(term));
  if (entry) return entry.english;
  return firstGloss(term);
}
