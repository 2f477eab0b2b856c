/**
 * Does a piece of text hold an answer of the asked kind — a figure in the asked unit, a date, a
 * person, a list? The judge asks it of passages (the documents name the project but not its cost),
 * the composer of sentences (lead with the one that answers).
 */
import type { Asked } from '../query/asked.js';
import type { QuestionPart } from '../query/question.js';
import { figuresIn, type Figure } from '../text/figures.js';

const COUNTED = new Set(['个', '家', '户', '台', '辆', '座', '项', '条', '名', '人', '位', '只', '头', '件', '种', '套', '盆', '处', '所', '批', '株', '部', '支', '张', '场', '次', '人次', '篇', '份', '类']);

/** Units that answer a question asking in `asked` ('元' is answered by 亿元, 万元, 美元…). */
function unitAnswers(asked: string, figure: Figure): boolean {
  if (asked === '%') return figure.kind === 'percent' || figure.unit === '百分点' || figure.unit === '倍';
  if (asked === '元') return figure.unit === '元' || figure.unit === '美元';
  // Power (千瓦, installed capacity) is not energy (千瓦时, output in a year).
  if (asked === '千瓦') return figure.unit === '千瓦' || figure.unit === 'kw' || figure.unit === 'gw' || figure.unit === 'mw';
  // Things counted one by one (个, 家, 台, 辆, 户…) are counted in whichever measure word the
  // document prefers: "多少辆车" is answered by "5500台公交车".
  if (COUNTED.has(asked)) return figure.kind === 'quantity' && COUNTED.has(figure.unit);
  return figure.unit === asked;
}

/** Figures in text that answer a figure question (any quantity or share when no unit is asked). */
export function answeringFigures(text: string, asked: Asked): Figure[] {
  return figuresIn(text).filter((f) => {
    if (f.kind === 'year' || f.kind === 'date') return false;
    if (asked.unit) return unitAnswers(asked.unit, f);
    // "两只大熊猫", "一批项目": a small count written in words is phrasing, not the figure asked for.
    return /\d/.test(f.raw) || f.value >= 10;
  });
}

const TITLE_BEFORE_NAME = /(作者|记者|编辑|通讯员|撰稿|院士|教授|书记|市长|省长|县长|区长|主任|局长|厅长|院长|董事长|总经理|总裁|负责人|专家|研究员|博士|创始人|主席|部长|代表|委员)[:：\s]?[\p{Script=Han}]{2,3}|[\p{Script=Han}]{2,3}(院士|教授|书记|市长|省长|主任|局长|董事长|总经理|研究员|同志)/u;
const DATE_LIKE = /(19|20)\d{2}\s*年|\d{1,2}\s*月|\d{1,2}\s*日|(19|20)\d{2}[-./]\d{1,2}/;

/** Where in `text` answers of the asked kind stand (character offsets); undefined: any text answers. */
export function answerPositions(text: string, asked: Asked): number[] | undefined {
  switch (asked.kind) {
    case 'figure':
      return answeringFigures(text, asked).map((f) => f.start);
    case 'date':
      return asked.exact ? [...text.matchAll(new RegExp(DATE_LIKE.source, 'g'))].map((m) => m.index!) : undefined;
    case 'person': {
      // "谁发布了报告" is as often answered by an office as by a person: only a question that names
      // a person's role (作者, 负责人, 哪位) needs a person's name in the evidence.
      if (!asked.exact) return undefined;
      // A name is recognised by the title or role written beside it (院士钱征华, 作者：曹雷);
      // jieba's person tags alone mark too many ordinary words.
      return [...text.matchAll(new RegExp(TITLE_BEFORE_NAME.source, 'gu'))].map((m) => m.index!);
    }
    default:
      return undefined;
  }
}

/** Does `text` (a passage or a sentence, normalised) hold an answer of the asked kind? */
export function holdsAnswer(text: string, asked: Asked): boolean {
  const positions = answerPositions(text, asked);
  return positions === undefined || positions.length > 0;
}

/**
 * Does `text` hold an answer of the asked kind near `subject` (a word the question is about)? The
 * answer must follow the subject closely or precede it just before: a passage listing two projects
 * answers "泰山玻纤的总投资" with 70亿元, not with 晶科's 2000亿元 two sentences earlier.
 */
export function holdsAnswerNear(text: string, asked: Asked, subjects: string[], years: string[] = [], reach = 1): boolean {
  let positions = answerPositions(text, asked);
  if (positions === undefined) return true;
  const sentence = sentenceIndex(text);
  // "2024年的生产总值": the figure must be one given for that year (in the sentence naming it), not another year's.
  const yearMentions = years.flatMap((y) => occurrences(text, y));
  if (asked.kind === 'figure' && yearMentions.length > 0) positions = positions.filter((p) => yearMentions.some((y) => sentence(y) === sentence(p)));
  // When the passage names the measured noun, only the figures it introduces answer; a passage that
  // never names it (利息 asked, "节省了534.375万元" written) is judged by nearness alone.
  if (asked.measure && nounPattern(asked.measure).test(text)) positions = positions.filter((p) => measuredAt(text, asked.measure!, p));
  const mentions = subjects.filter((s) => s !== asked.measure).flatMap((s) => occurrences(text, s));
  if (mentions.length === 0) return positions.length > 0;
  // Near = in the sentence that names the subject, or within `reach` sentences after it.
  return positions.some((p) => mentions.some((m) => sentence(p) - sentence(m) >= 0 && sentence(p) - sentence(m) <= reach));
}

/** Words weighing at least this say what a question is about (rarer than most words). */
const SUBJECT_WEIGHT = 2;
/** Sentences after a named place or organisation its figures may follow. */
const NAMED_REACH = 2;
/** How many of the most specific words an answer must stand near (any one of them). */
const SUBJECTS = 2;

/**
 * Does a normalised text hold an answer to this part near what the part is most specifically about
 * (its two rarest words the text mentions), in the sentence of the year it asks about? The one
 * reading of "the evidence answers it" for the judge, the ranking and the composer.
 */
export function answersPart(part: QuestionPart, text: string): boolean {
  const years = part.terms.filter((t) => t.anchor && /^(19|20)\d{2}$/.test(t.text)).map((t) => t.text);
  // A place or name the question is scoped to is its subject when the text names it: the figure
  // must be the one given for 大同's station, not Shanxi's total two sentences on.
  const named = part.terms.filter((t) => t.anchor && !years.includes(t.text) && text.includes(t.text)).map((t) => t.text);
  const subjects =
    named.length > 0
      ? named
      : part.terms
          .filter((t) => t.weight >= SUBJECT_WEIGHT && t.text !== part.asked.measure && text.includes(t.text))
          .sort((a, b) => b.weight - a.weight)
          .slice(0, SUBJECTS)
          .map((t) => t.text);
  // A place sets the scene for a few sentences ("在清徐…。…。项目建成后可满足5500台…"); a word, for one.
  return holdsAnswerNear(text, part.asked, subjects, years, named.length > 0 ? NAMED_REACH : 1);
}

/** Maps a character offset to the index of the sentence (。！？；) it stands in. */
function sentenceIndex(text: string): (offset: number) => number {
  const ends: number[] = [];
  for (const m of text.matchAll(/[。！？!?；;]/g)) ends.push(m.index!);
  return (offset) => {
    let i = 0;
    while (i < ends.length && ends[i]! < offset) i++;
    return i;
  };
}

function occurrences(text: string, word: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(word); i >= 0 && word; i = text.indexOf(word, i + 1)) out.push(i);
  return out;
}

/** A noun or its abbreviation's long form (营收 in 营业收入). */
function nounPattern(noun: string): RegExp {
  return new RegExp([...noun].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\p{Script=Han}]{0,2}'), 'u');
}

/**
 * Is the figure at `position` one the measure noun introduces ("总投资70亿元", "营业收入1826.54亿元"
 * for 营收) or follows closely ("70亿元的投资")? Abbreviated nouns match their long forms.
 */
function measuredAt(text: string, measure: string, position: number): boolean {
  const noun = nounPattern(measure);
  const before = text.slice(Math.max(0, position - 16), position);
  const after = text.slice(position, position + 14);
  return noun.test(before) || noun.test(after);
}
