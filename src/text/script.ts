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
  return toSimplifiedScript(text);
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
