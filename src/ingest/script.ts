/**
 * Chinese script handling: folding Traditional to Simplified for the index, converting answers
 * back to Traditional for users who asked in Traditional, and telling which script a text is in.
 * OpenCC converters take ~300 ms to build, so they are created on first use only.
 */
import * as OpenCC from 'opencc-js';

type Convert = (text: string) => string;

let toSimplified: Convert | undefined;
let toTraditional: Convert | undefined;
let toSimplifiedChars: Convert | undefined;

/** Traditional (Taiwan phrases included, e.g. 網路→网络) folded to Simplified. */
export function foldToSimplified(text: string): string {
  const convert = (toSimplified ??= OpenCC.Converter({ from: 'twp', to: 'cn' }));
  return convert(text);
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
 * The script a question is written in. A text counts as Traditional when more of its characters
 * change under Traditional→Simplified folding than under Simplified→Traditional conversion.
 */
export function detectScript(text: string): Script {
  const han = text.match(HAN) ?? [];
  if (han.length === 0) return 'latin';
  const hanText = han.join('');
  const folded = foldToSimplified(hanText);
  const raised = toTraditionalScript(hanText);
  let traditionalOnly = 0;
  let simplifiedOnly = 0;
  const a = [...hanText];
  const f = [...folded];
  const r = [...raised];
  if (f.length !== a.length || r.length !== a.length) {
    // Phrase conversion changed the length; fall back to a whole-string comparison.
    return folded !== hanText && raised === hanText ? 'traditional' : 'simplified';
  }
  for (let i = 0; i < a.length; i++) {
    if (f[i] !== a[i]) traditionalOnly++;
    if (r[i] !== a[i]) simplifiedOnly++;
  }
  return traditionalOnly > simplifiedOnly ? 'traditional' : 'simplified';
}
