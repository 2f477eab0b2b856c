/**
 * Tokens for matching, computed on the normalised index form of a text: jieba words (search mode,
 * so 示范区 also yields 示范) and Han character bigrams, which still match when jieba segments a
 * question and a passage differently.
 */
// jieba-rs compiled to WebAssembly: one platform-independent package, so `npm ci` needs no
// per-platform binaries (the registry here lacks @node-rs/jieba's non-Linux builds, which broke ci).
import { cut_for_search } from 'jieba-wasm';

/**
 * Function words and question words. Questions are full of them ("多少", "哪些", "是什么") and
 * passages rarely contain them, so as query terms they would only add noise.
 */
const STOPWORDS = new Set(
  (
    '的 了 是 在 和 与 及 或 等 也 都 就 而 并 被 把 对 从 向 为 以 于 之 其 这 那 这些 那些 这个 那个 这类 ' +
    '什么 多少 哪些 哪个 哪家 哪里 哪 几 几个 几条 怎么 怎样 怎么样 如何 为什么 为何 是否 是不是 有没有 ' +
    '吗 呢 吧 啊 呀 么 请问 请 问 一下 一共 具体 主要 现在 目前 情况 有 有关 关于 方面 哪些方面 ' +
    'what which how many much who whom when where why is are was were the a an of in on to for and or do does did by with'
  ).split(/\s+/),
);

const HAN_RUN = /\p{Script=Han}+/gu;
const WORDLIKE = /[\p{L}\p{N}]/u;

export function isStopword(token: string): boolean {
  return STOPWORDS.has(token);
}

/** jieba search-mode words of a normalised text, without punctuation and stopwords. */
export function wordTokens(normalized: string): string[] {
  return cut_for_search(normalized, true)
    .map((t) => t.trim())
    .filter((t) => t.length > 0 && WORDLIKE.test(t) && !STOPWORDS.has(t));
}

/** Han character bigrams (single characters for one-character runs) plus Latin/number words. */
export function bigramTokens(normalized: string): string[] {
  const out: string[] = [];
  for (const run of normalized.match(HAN_RUN) ?? []) {
    const chars = [...run];
    if (chars.length === 1) {
      if (!STOPWORDS.has(run)) out.push(run);
      continue;
    }
    for (let i = 0; i + 1 < chars.length; i++) {
      const bigram = chars[i]! + chars[i + 1]!;
      if (!STOPWORDS.has(bigram)) out.push(bigram);
    }
  }
  for (const word of normalized.match(/[a-z0-9][a-z0-9.%+-]*/g) ?? []) {
    const w = word.replace(/[.+-]+$/, '');
    if (w.length > 0 && !STOPWORDS.has(w)) out.push(w);
  }
  return out;
}
