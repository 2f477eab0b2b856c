/**
 * Figures and units in English questions, in the form the Chinese documents write them:
 * "45 billion yuan" → 450亿元, "10,000 kW" → 1万千瓦, "56 GW" → 56GW / 5600万千瓦, "GW" alone →
 * 万千瓦. Conversions are exact decimal shifts; nothing is rounded.
 */

export interface QuestionFigure {
  english: string;
  start: number;
  end: number;
  /** Chinese renderings; a passage containing any of them mentions the figure or unit. */
  terms: string[];
}

const SCALE: Record<string, number> = { thousand: 1e3, k: 1e3, million: 1e6, mn: 1e6, m: 1e6, billion: 1e9, bn: 1e9, trillion: 1e12 };

type UnitKind = 'yuan' | 'kw' | 'kwh' | 'ton' | 'mu' | 'hectare' | 'percent' | 'sqm';

/** Unit words → kind and factor to the base unit of that kind (yuan, kW, kWh, ton…). */
const UNITS: Array<[RegExp, UnitKind, number]> = [
  [/^(yuan|rmb|cny)$/, 'yuan', 1],
  [/^(kw|kilowatts?)$/, 'kw', 1],
  [/^(mw|megawatts?)$/, 'kw', 1e3],
  [/^(gw|gigawatts?)$/, 'kw', 1e6],
  [/^(kwh|kilowatt[ -]hours?)$/, 'kwh', 1],
  [/^(mwh|megawatt[ -]hours?)$/, 'kwh', 1e3],
  [/^(gwh|gigawatt[ -]hours?)$/, 'kwh', 1e6],
  [/^(tons?|tonnes?|t)$/, 'ton', 1],
  [/^mu$/, 'mu', 1],
  [/^(hectares?|ha)$/, 'hectare', 1],
  [/^(%|percent|per cent|pct)$/, 'percent', 1],
  [/^(square met(er|re)s?|sq ?m|m2)$/, 'sqm', 1],
];

/** Chinese unit of a kind, and the words that multiply it (万, 亿) when the figure is large. */
const CHINESE: Record<UnitKind, string> = { yuan: '元', kw: '千瓦', kwh: '千瓦时', ton: '吨', mu: '亩', hectare: '公顷', percent: '%', sqm: '平方米' };

/** Terms for a unit named without a figure ("in GW", "how many mu"). */
const UNIT_TERMS: Record<UnitKind, string[]> = {
  yuan: ['元'],
  kw: ['千瓦', '万千瓦'],
  kwh: ['千瓦时'],
  ton: ['吨'],
  mu: ['亩'],
  hectare: ['公顷'],
  percent: ['%'],
  sqm: ['平方米'],
};

/** A decimal without float noise: 3384.5, not 3384.4999999. */
export function plainNumber(n: number): string {
  return String(Number(n.toPrecision(12)));
}

/** A base-unit quantity written as the documents do: 4.5e10 yuan → 450亿元, 33845000 kW → 3384.5万千瓦. */
export function chineseQuantity(value: number, kind: UnitKind): string {
  const unit = CHINESE[kind];
  if (kind === 'percent' || kind === 'mu' || kind === 'hectare' || kind === 'sqm') return `${plainNumber(value)}${unit}`;
  if (value >= 1e8 && kind !== 'kw') return `${plainNumber(value / 1e8)}亿${unit}`;
  if (value >= 1e4) return `${plainNumber(value / 1e4)}万${unit}`;
  return `${plainNumber(value)}${unit}`;
}

function unitOf(word: string): [UnitKind, number] | undefined {
  const w = word.toLowerCase().replace(/\s+/g, ' ');
  const hit = UNITS.find(([re]) => re.test(w));
  return hit && [hit[1], hit[2]];
}

const UNIT_WORDS = '%|percent|per cent|pct|yuan|rmb|cny|kilowatt[ -]hours?|megawatt[ -]hours?|gigawatt[ -]hours?|kwh|mwh|gwh|kilowatts?|megawatts?|gigawatts?|kw|mw|gw|tons?|tonnes?|mu|hectares?|square met(?:er|re)s?|sq ?m';
const FIGURE = new RegExp(
  `(\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?)\\s*(thousand|million|billion|trillion|bn|mn)?\\s*(${UNIT_WORDS})(?![a-z])`,
  'gi',
);
const BARE_UNIT = new RegExp(`\\b(${UNIT_WORDS.replace('%|', '')}|billion yuan|million yuan)\\b`, 'gi');

/** Figures with units ("45 billion yuan", "56GW") and units alone ("in GW") in an English text. */
export function figuresInQuestion(text: string): QuestionFigure[] {
  const out: QuestionFigure[] = [];
  for (const m of text.matchAll(FIGURE)) {
    const unit = unitOf(m[3]!);
    if (!unit) continue;
    const [kind, factor] = unit;
    const value = Number(m[1]!.replace(/,/g, '')) * (m[2] ? SCALE[m[2].toLowerCase()]! : 1) * factor;
    const terms = [chineseQuantity(value, kind)];
    // 56GW is often written as such in the documents too.
    if (factor !== 1 && !m[2]) terms.push(`${m[1]}${m[3]!.toUpperCase()}`);
    out.push({ english: m[0], start: m.index, end: m.index + m[0].length, terms });
  }
  for (const m of text.matchAll(BARE_UNIT)) {
    if (out.some((f) => m.index >= f.start && m.index < f.end)) continue;
    const word = m[1]!.toLowerCase();
    const terms = word === 'billion yuan' ? ['亿元'] : word === 'million yuan' ? ['万元'] : UNIT_TERMS[unitOf(word)?.[0] ?? 'yuan'];
    // A lone "m"/"t" is too ambiguous to be a unit without a figure.
    if (/^(t|m)$/i.test(word)) continue;
    const extra = /^(gw|mw)$/i.test(word) ? [word.toUpperCase()] : [];
    out.push({ english: m[0], start: m.index, end: m.index + m[0].length, terms: [...extra, ...terms] });
  }
  return out.sort((a, b) => a.start - b.start);
}
