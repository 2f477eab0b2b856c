/**
 * Chinese script handling: folding Traditional to Simplified for the index, converting answers
 * back to Traditional for users who asked in Traditional, and telling which script a text is in.
 * OpenCC converters take ~300 ms to build, so they are created on first use only.
 */
import * as OpenCC from 'opencc-js';

type Convert = (text: string) => string;

let toTraditional: Convert | undefined;
let toSimplifiedChars: Convert | undefined;

/**
 * Traditional folded to Simplified for the index, character by character. Phrase tables are not
 * used: Taiwan's 程序→进程 would rewrite Simplified text too, and index and question must fold alike.
 */
export function foldToSimplified(text: string): string {
  return foldChangesNothing(text) ? text : toSimplifiedScript(text);
}

/**
 * Per code point: 1 when an OpenCC dictionary of the tw→cn conversion maps it to something else,
 * 2 when it starts a multi-character key that is mapped to something else, 3 both.
 */
let foldFlags: Uint8Array | undefined;
let foldPhrases: Map<number, string[]> | undefined;

/**
 * Whether folding would return `text` unchanged, decided without converting: OpenCC replaces only
 * text matching a dictionary key, so when no key whose value differs from it (the normalisation,
 * variant, phrase and character tables of tw→cn) occurs in the text, every stage of the conversion
 * is the identity. About ten times cheaper than converting, and most texts are already Simplified.
 */
export function foldChangesNothing(text: string): boolean {
  if (!foldFlags) buildFoldTables();
  const flags = foldFlags!;
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code < 0x2e80) continue;
    if (code >= 0xd800 && code <= 0xdbff) code = text.codePointAt(i)!;
    const flag = flags[code]!;
    if (flag & 1) return false;
    if (flag & 2 && foldPhrases!.get(code)!.some((key) => text.startsWith(key, i))) return false;
    if (code > 0xffff) i++;
  }
  return true;
}

function buildFoldTables(): void {
  const config = (OpenCC as unknown as { Locale: { configs: Record<string, { normalizationChain?: string[][]; segmentation?: string[]; conversionChain: string[][] }> } }).Locale.configs.tw2s!;
  const dictionaries = [...(config.normalizationChain ?? []).flat(), ...(config.segmentation ?? []), ...config.conversionChain.flat()];
  const flags = new Uint8Array(0x110000);
  const phrases = new Map<number, string[]>();
  for (const dictionary of dictionaries) {
    for (const entry of dictionary.split('|')) {
      const [key, ...values] = entry.split(' ');
      if (!key || values.every((v) => v === key)) continue;
      const first = key.codePointAt(0)!;
      if (first < 0x2e80) return fail(key);
      if ([...key].length === 1) flags[first]! |= 1;
      else {
        flags[first]! |= 2;
        phrases.set(first, [...(phrases.get(first) ?? []), key]);
      }
    }
  }
  foldFlags = flags;
  foldPhrases = phrases;
}

/** A key below U+2E80 would be skipped by the scan above: refuse to guess rather than mis-fold. */
function fail(key: string): never {
  throw new Error(`OpenCC table has a key outside CJK (${JSON.stringify(key)}); foldChangesNothing needs updating`);
}

/**
 * Traditional characters converted to Simplified for display, phrases kept as written: folding's
 * phrase table would turn a Simplified source's 新增 into 添加, and quotes must stay quotes.
 */
export function toSimplifiedScript(text: string): string {
  const convert = (toSimplifiedChars ??= OpenCC.Converter({ from: 'tw', to: 'cn' }));
  return convert(text);
}

/** Simplified converted to Traditional characters (phrases kept as written, so terms stay recognisable). */
export function toTraditionalScript(text: string): string {
  const convert = (toTraditional ??= OpenCC.Converter({ from: 'cn', to: 'tw' }));
  return convert(text);
}

export type Script = 'simplified' | 'traditional' | 'latin';

const HAN = /\p{Script=Han}/gu;

/**
 * The script a text is written in, from its characters: a character counts for Traditional when
 * Traditional→Simplified conversion changes it, for Simplified when the reverse does. Characters
 * common to both scripts (most of them) count for neither; a tie is Simplified.
 */
export function detectScript(text: string): Script {
  const han = text.match(HAN) ?? [];
  if (han.length === 0) return 'latin';
  const chars = han.join('');
  const lowered = [...toSimplifiedScript(chars)];
  const raised = [...toTraditionalScript(chars)];
  let traditionalOnly = 0;
  let simplifiedOnly = 0;
  [...chars].forEach((ch, i) => {
    if (lowered[i] !== undefined && lowered[i] !== ch) traditionalOnly++;
    if (raised[i] !== undefined && raised[i] !== ch) simplifiedOnly++;
  });
  return traditionalOnly > simplifiedOnly ? 'traditional' : 'simplified';
}
