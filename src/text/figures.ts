/**
 * Figures in Chinese text as values with units: "3384.5万千瓦", "五千亿元", "100多项", "31.2%",
 * "2021年", "12月29日". Read from questions (what is asked, which year) and from passages and answers
 * (does the evidence hold a figure of the asked kind; is a model's figure really in its source),
 * so comparisons are made between numbers and units, never between digit substrings.
 */

export type FigureKind = 'quantity' | 'percent' | 'year' | 'date';

export interface Figure {
  /** As written in the text. */
  raw: string;
  start: number;
  end: number;
  kind: FigureKind;
  /** The number with 万/亿/千 multipliers applied: 3384.5万千瓦 → 33,845,000 (unit 千瓦). */
  value: number;
  /** The counted unit after the multiplier: 千瓦, 元, 吨, 家, %, 年 (for years), '' when none. */
  unit: string;
  /** 多/余/超/近/约…: the figure is a bound or an approximation, not an exact count. */
  approximate: boolean;
}

const DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const SMALL_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const BIG_UNITS: Record<string, number> = { 万: 1e4, 亿: 1e8 };

/** Value of a Chinese numeral ("一千二百三十", "五千", "十四", "两万"), or undefined. */
export function chineseNumeral(text: string): number | undefined {
  if (!text || !/^[零〇一二三四五六七八九两十百千万亿]+$/.test(text)) return undefined;
  let total = 0;
  let section = 0;
  let digit: number | undefined;
  for (const ch of text) {
    if (ch in DIGITS) {
      digit = DIGITS[ch]!;
    } else if (ch in SMALL_UNITS) {
      section += (digit ?? 1) * SMALL_UNITS[ch]!;
      digit = undefined;
    } else if (ch in BIG_UNITS) {
      total = (total + section + (digit ?? 0)) * BIG_UNITS[ch]!;
      if (total === 0) total = BIG_UNITS[ch]!;
      section = 0;
      digit = undefined;
    }
  }
  return total + section + (digit ?? 0);
}

/**
 * Units a figure can be counted in, longest first so 万千瓦 wins over 千瓦. A leading 万/亿 is a
 * multiplier, handled separately; these are what remains.
 */
const UNITS = [
  '千瓦时', '千瓦', '千伏', '兆瓦', '吉瓦', 'gw', 'mw', 'kw',
  '平方公里', '平方米', '公里', '公顷', '亩', '米',
  '美元', '元',
  '吨', '立方米', '标准煤',
  '人次', '人', '名', '位', '家', '户', '个', '项', '条', '座', '台', '辆', '所', '处', '只', '头', '盆', '件', '种', '批', '套', '张', '部', '支', '株', '场', '次', '篇', '份', '类',
  '倍', '百分点', '个百分点',
  '年', '月', '天', '日', '小时', '分钟',
];
const UNIT_PATTERN = UNITS.map((u) => u.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).sort((a, b) => b.length - a.length).join('|');

const ARABIC = String.raw`\d+(?:,\d{3})*(?:\.\d+)?`;
const CHINESE = '[零〇一二三四五六七八九两十百千]+';
const APPROX_BEFORE = '(约|近|超|超过|逾|达|约为|将近|不低于|不少于|不足|突破)?';
const APPROX_AFTER = '(多|余|左右|以上|以下|上下|来)?';

/**
 * One figure: number (Arabic or Chinese), optional 万/亿 multipliers, an approximation word, a unit
 * or %. Chinese numerals count only with a multiplier or unit after them, so names like 十四五 or
 * 三化 are not read as figures.
 */
const FIGURE = new RegExp(
  String.raw`${APPROX_BEFORE}(?:(百分之)(${ARABIC}|${CHINESE})|(${ARABIC})|(${CHINESE})(?=[万亿]|(?:多|余)?(?:${UNIT_PATTERN})))` +
    String.raw`\s*([万亿]*)${APPROX_AFTER}\s*(%|％|${UNIT_PATTERN})?${APPROX_AFTER}`,
  'giu',
);

const DATE = /(?:((?:19|20)\d{2})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]/g;
/** Plan names (十四五, 十三五) and ordinal/label uses of numerals that are not figures. */
const NOT_A_FIGURE = /^[十][一二三四五六七八九]?五$|^[一二三四五六七八九十]+五$/;

function multiplier(run: string): number {
  let m = 1;
  for (const ch of run) m *= BIG_UNITS[ch] ?? 1;
  return m;
}

/** Figures in a text, in order, as values with units. */
export function figuresIn(text: string): Figure[] {
  const out: Figure[] = [];
  const taken: Array<[number, number]> = [];
  for (const m of text.matchAll(DATE)) {
    const start = m.index!;
    const end = start + m[0].length;
    const year = m[1] ? Number(m[1]) : undefined;
    out.push({ raw: m[0], start, end, kind: 'date', value: (year ?? 0) * 10000 + Number(m[2]) * 100 + Number(m[3]), unit: '日', approximate: false });
    taken.push([start, end]);
  }
  FIGURE.lastIndex = 0;
  for (let m = FIGURE.exec(text); m !== null; m = FIGURE.exec(text)) {
    if (m[0].length === 0) {
      FIGURE.lastIndex++;
      continue;
    }
    const [whole, before, percentWord, percentNumber, arabic, chinese, bigUnits, after1, unitRaw, after2] = m;
    // The match may start with an approximation word; the figure proper starts at the number.
    const start = m.index + (before?.length ?? 0);
    const end = m.index + whole.trimEnd().length;
    if (taken.some(([s, e]) => start < e && end > s)) continue;
    // A number glued to Latin letters or more digits (model numbers, 5G) is not a figure.
    const prev = text[start - 1] ?? '';
    if (/[a-z0-9.]/i.test(prev) || (!unitRaw && /^[a-z]/i.test(text.slice(end)))) continue;
    const numberText = percentNumber ?? arabic ?? chinese ?? '';
    if (chinese && NOT_A_FIGURE.test(chinese)) continue;
    const base = /\d/.test(numberText) ? Number(numberText.replace(/,/g, '')) : chineseNumeral(numberText);
    if (base === undefined || Number.isNaN(base)) continue;
    let unit = (unitRaw ?? '').toLowerCase().replace('％', '%').replace(/^个百分点$/, '百分点');
    const value = base * multiplier(bigUnits ?? '');
    let kind: FigureKind = 'quantity';
    if (percentWord || unit === '%') {
      kind = 'percent';
      unit = '%';
    } else if (unit === '年' && !bigUnits && Number.isInteger(value) && value >= 1900 && value <= 2100) {
      kind = 'year';
    } else if (!unit && !bigUnits && arabic && /^(19|20)\d{2}$/.test(arabic) && !/^\d/.test(text[end] ?? '')) {
      kind = 'year';
      unit = '年';
    }
    // A bare Arabic number without unit or multiplier (a list index, a model name) still counts,
    // with an empty unit, so an answer's "938" can be matched against a passage's "938亿元" only by value.
    if (!unit && !bigUnits && !arabic && !percentWord) continue;
    const approximate = Boolean(before && /约|近|超|逾|将近|不足/.test(before)) || Boolean(after1 || after2);
    out.push({ raw: text.slice(start, end), start, end, kind, value, unit, approximate });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Years a text mentions (2021年, 2023, and the years of full dates). */
export function yearsIn(text: string): number[] {
  const years = figuresIn(text).flatMap((f) => (f.kind === 'year' ? [f.value] : f.kind === 'date' && f.value > 10000 ? [Math.floor(f.value / 10000)] : []));
  return [...new Set(years)];
}

/** Units that measure the same thing, so 千瓦 and 万千瓦 compare (the multiplier is in the value). */
function sameUnit(a: string, b: string): boolean {
  if (a === b) return true;
  const power = new Set(['千瓦', 'kw']);
  return power.has(a) && power.has(b);
}

/**
 * Does `claimed` (a figure an answer states) appear among `sources` (figures of the cited passages)?
 * Equal values in the same unit match, written either way (500亿元 = 5,000,000万元); a unitless
 * number matches a source figure with the same written value; rounding to the precision written
 * is allowed (33.8 GW is not checked here: conversions are composed from source figures).
 */
export function figureSupported(claimed: Figure, sources: Figure[]): boolean {
  return sources.some((s) => {
    if (claimed.kind === 'date' || s.kind === 'date') return claimed.kind === s.kind && (claimed.value === s.value || claimed.value % 10000 === s.value % 10000);
    if (claimed.kind === 'year' || s.kind === 'year') return claimed.value === s.value;
    if (!claimed.unit) return closeEnough(claimed.value, s.value) || closeEnough(claimed.value, leadingNumber(s.raw));
    return sameUnit(claimed.unit, s.unit) && closeEnough(claimed.value, s.value);
  });
}

function leadingNumber(raw: string): number {
  const m = /\d+(?:,\d{3})*(?:\.\d+)?/.exec(raw);
  return m ? Number(m[0].replace(/,/g, '')) : NaN;
}

function closeEnough(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return false;
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** Figures stated in `claim` that no figure of `sources` supports: invented or altered numbers. */
export function unsupportedFigures(claim: string, sources: string[]): Figure[] {
  const available = sources.flatMap((s) => figuresIn(s));
  return figuresIn(claim).filter((f) => !figureSupported(f, available));
}
