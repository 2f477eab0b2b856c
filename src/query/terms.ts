/**
 * The terms of a question clause: jieba words of the normalised text, weighed by how rare they are
 * in the knowledge base, with the words that only frame a question ("到底", "想确认一下", "那份报告里")
 * weighing nothing, anchors (places, names, years, ordinals, figures) marked, and words the
 * documents never use either respelt (homophone typos) or marked unknown.
 */
import { cut, tag } from 'jieba-wasm';
import { isStopword } from '../retrieval/tokenize.js';
import { figuresIn } from '../text/figures.js';
import type { Lexicon } from './lexicon.js';
import { spelledOut } from './aliases.js';
import { HOME_PROVINCE, isPlace } from './places.js';
import type { Term } from './question.js';
import { homophoneVariants } from './spelling.js';

/**
 * Words that say how a question is asked, not what about. Colloquial frames included (到底, 咋样,
 * 想确认一下); nouns for the kind of source (报告, 文件, 材料) are frame too: the user means the
 * content, and every passage is "from a document".
 */
const FRAME = new Set(
  (
    '到底 究竟 具体 一共 总共 各是 各为 分别是 一年 全年 大概 大约 分别 各自 主要 目前 现在 当前 如今 最新 最近 之前 以前 后来 接下来 ' +
    '请问 问 想 想问 想知道 知道 了解 确认 确认一下 查 查一下 帮 帮我 麻烦 告诉 说说 讲讲 介绍 介绍一下 ' +
    '领导 汇报 汇报材料 写 我记得 记得 听说 据说 好像 我们 我 你 你们 咱 咱们 他们 它们 她们 它 他 她 ' +
    '那个 这个 那份 这份 那家 这家 那些 这些 那里 这里 上述 其中 ' +
    '报告 研究报告 文件 文章 报道 资料 数字 数据 说法 里面 提到 提及 说 讲 写 称 指出 显示 ' +
    '怎么 怎么样 怎样 咋 咋样 啥 什么 哪 哪个 哪些 哪家 哪里 哪儿 谁 几 多少 多大 多高 多长 多久 ' +
    '是 有 在 能 会 要 可以 还 又 也 都 就 才 呢 吗 吧 啊 呀 嘛 了 过 着 的 地 得 ' +
    '一样 不同 相同 差别 区别 变化 情况 方面 问题 一下 一点 东西 事 事情 样子 ' +
    '全名 名字 叫 叫做 称为 算 按 按照 用 来 去 给 让 被 把 对 跟 和 与 及 以及 或 或者 ' +
    '时候 时间 哪天 哪年 年份 日期 期间 时期 之后 以后 之间 以来 截至 截止 ' +
    'what which how who whom when where why is are was were do does did the a an of in on to for and or by with ' +
    'about that this these those it its they their them there please tell me us any much many'
  ).split(/\s+/),
);

/** Ordinals and phases that scope a question (第一批, 二期, 上半年): the evidence must say the same. */
const QUALIFIER = /第[一二三四五六七八九十\d]+[批期届次轮个]|[一二三四五六\d]期|[上下]半年|[一二三四]季度|前三季度|十[一二三四五]五/g;

/** Organisation and project suffixes: a word ending so names something. */
const NAME_SUFFIX = /^\p{Script=Han}{2,}(集团|公司|股份|科技|生物|银行|大学|学院|研究院|研究所|实验室|中心|基地|园区|产业园|工业园|开发区|示范区|经开区|高新区|小镇|专业镇|联盟|协会|厅|局|委员会|政府)$/u;
/** Tags that name something even when the word is new to the documents ('x' is jieba guessing). */
const PROPER_TAGS_STRICT = new Set(['nr', 'ns', 'nt', 'nz', 'nrt', 'nrfg']);
const UNIT_WORD = /^[万亿千百]?(元|美元|吨|千瓦|瓦|亩|公里|米|平方米|人次|户|家|个)$/;
const INTERROGATIVE = /[哪啥谁咋吗呢么]|多少|怎/;
const QUOTED = /[“"「『《]([^“”"「」『』《》]+)[”"」』》]/g;

/** 十四五 is written out as 第十四个五年 (规划) in formal text. */
function periodLongForms(qualifier: string): string[] {
  const m = /^十([一二三四五])五$/.exec(qualifier);
  return m ? [`第十${m[1]}个五年`] : [];
}


/** 宝山区 is also written 宝山; 太原市, 太原. */
function placeForms(word: string): string[] {
  return /^\p{Script=Han}{2,}[省市县区州]$/u.test(word) ? [word.slice(0, -1)] : [];
}

function isHan(word: string): boolean {
  return /^\p{Script=Han}+$/u.test(word);
}

export interface TermOptions {
  /** Multiplier for every weight (lead-in and context clauses count less than the asking clause). */
  factor: number;
}

/**
 * Terms of one normalised clause. jieba's precise mode gives the words; names keep their own word
 * (屯留经开区 is one anchor), and a word the documents never use is respelt by sound before it is
 * given up as unknown.
 */
export function termsOf(normalized: string, lexicon: Lexicon, options: TermOptions = { factor: 1 }): Term[] {
  const terms: Term[] = [];
  const add = (term: Term) => {
    const existing = terms.find((t) => t.text === term.text);
    if (existing) existing.weight = Math.max(existing.weight, term.weight);
    else terms.push(term);
  };

  // Anchors read from the surface: qualifiers (第一批, 二期, 十四五), figures and years.
  for (const m of normalized.matchAll(QUALIFIER)) add({ text: m[0], alternatives: periodLongForms(m[0]), weight: 2 * options.factor, anchor: true, unknown: false });
  for (const f of figuresIn(normalized)) {
    if (f.kind === 'year') add({ text: String(f.value), alternatives: [], weight: 2 * options.factor, anchor: true, unknown: false });
    else if (f.kind === 'quantity' && /\d/.test(f.raw)) add({ text: f.raw.replace(/^(约|近|超|超过|逾|达)/, ''), alternatives: [], weight: 1.5 * options.factor, anchor: false, unknown: false });
  }
  // A quoted name ("三化三制", 《…规划》) is meant exactly.
  for (const m of normalized.matchAll(QUOTED)) {
    const quoted = m[1]!.trim();
    if ([...quoted].length >= 2 && [...quoted].length <= 30) add({ text: quoted, alternatives: [], weight: 3 * options.factor, anchor: true, unknown: false });
  }

  const tagged = tag(normalized, true);
  const tags = new Map(tagged.map((t) => [t.word, t.tag]));
  for (const word of cut(normalized, true)) {
    const w = word.trim();
    if (!w || !/[\p{L}\p{N}]/u.test(w) || isStopword(w) || FRAME.has(w)) continue;
    if (/^\d+(\.\d+)?$/.test(w)) continue; // numbers are read as figures above, with their units
    // Single characters are mostly particles; a one-character noun (奖, 钢, 煤) still says what is asked.
    if (isHan(w) && [...w].length === 1 && tags.get(w) !== 'n') continue;
    if (INTERROGATIVE.test(w)) continue; // 哪来, 啥样: how it is asked
    if (HOME_PROVINCE.includes(w)) continue;
    if (UNIT_WORD.test(w)) continue; // "多少亿元": the unit says what kind of answer, not what about
    const frequency = lexicon.frequency(w);
    const spelled = spelledOut(w);
    if (spelled.length > 0) {
      const weight = Math.max(...[w, ...spelled].map((x) => lexicon.weight(x)));
      add({ text: w, alternatives: spelled, weight: weight * options.factor, anchor: false, unknown: false });
      continue;
    }
    const place = isPlace(w);
    if (frequency > 0) {
      // Places and organisation names scope a question; other proper nouns jieba tags (中国政府,
      // 菲律宾) are written in too many ways (中方, 菲方) to demand them verbatim: they weigh as terms.
      const organisation = NAME_SUFFIX.test(w) && frequency <= 50;
      add({ text: w, alternatives: place ? placeForms(w) : [], weight: lexicon.weight(w) * options.factor, anchor: place || organisation, unknown: false });
      continue;
    }
    // Respelling by sound never turns one place into another (陕西 is not a typo for 山西).
    const variants = isHan(w) && !place ? homophoneVariants(w, (v) => lexicon.frequency(v)).filter((v) => !isPlace(v)) : [];
    if (variants.length > 0) {
      add({ text: w, alternatives: variants, weight: lexicon.weight(variants[0]!) * options.factor, anchor: PROPER_TAGS_STRICT.has(tags.get(w) ?? ''), unknown: false });
      continue;
    }
    // A word no document uses: if it names something, the documents cannot be about it; if it is
    // an ordinary word (colloquial phrasing) or a segmentation guess (jieba's 'x'), it weighs little.
    const named = place || NAME_SUFFIX.test(w) || PROPER_TAGS_STRICT.has(tags.get(w) ?? '');
    add({ text: w, alternatives: [], weight: (named ? 2 : 0.3) * options.factor, anchor: named, unknown: true });
  }
  return terms;
}

/**
 * A normalised text with its frame words taken out, words separated by spaces: what BM25 should
 * match ("那份研究报告里到底是多少" only adds noise on 报告 and 多少).
 */
export function withoutFrameWords(normalized: string): string {
  // Adjacent content words stay joined, so the index's character bigrams still see "综改示范区".
  return cut(normalized, true)
    .map((w) => (FRAME.has(w.trim()) ? ' ' : w))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Terms merged across clauses: the same word keeps its highest weight. */
export function mergeTerms(lists: Term[][]): Term[] {
  const out: Term[] = [];
  for (const list of lists) {
    for (const term of list) {
      const existing = out.find((t) => t.text === term.text);
      if (existing) existing.weight = Math.max(existing.weight, term.weight);
      else out.push({ ...term, alternatives: [...term.alternatives] });
    }
  }
  return out.sort((a, b) => Number(b.anchor) - Number(a.anchor) || b.weight - a.weight);
}
