/**
 * Example questions for /help, made from the documents actually in the knowledge base: a sentence
 * that states a figure ("中北高新区有50多家不锈钢加工企业") becomes the question it answers
 * ("中北高新区有多少家不锈钢加工企业？"), and only questions the offline answer path really answers
 * with that figure are kept — so /help never shows an example that gets a refusal.
 */
import { Answerer } from '../answer/pipeline.js';
import type { PolicyIndex } from '../retrieval/policy-index.js';
import { figuresIn, type Figure } from '../text/figures.js';
import { indexVersion } from './index-version.js';

/** How many examples /help shows. */
const EXAMPLES = 3;
/** Documents looked at (spread over the knowledge base) and passages read from each. */
const DOCUMENTS_SAMPLED = 12;
const PASSAGES_PER_DOCUMENT = 60;
/** Candidates tried per document before moving on (each costs one offline answer). */
const TRIES_PER_DOCUMENT = 4;

const COUNTERS = new Set(['家', '个', '项', '座', '台', '条', '名', '人', '种', '所', '处', '户', '辆', '件', '次']);
const LEADING_FILLER = /^(?:其中|同时|此外|另外|目前|截至目前|截至目前为止|据介绍|据了解|据悉|记者了解到|而且|并且|还|已)+/;
const TRAILING_VERB = /(?:已经|已|均|共|累计|总计|合计)?(?:达到|达|为|是|约|超过|超|突破|有|实现|完成|新增|增长|增加|提高|下降|占)$/;
/** Heads that are not a subject: prepositions, speakers, wishes ("在……", "我们正在……", "希望……"). */
const NOT_A_SUBJECT = /^(?:在|为|作为|对|把|将|从|向|据|以|我|我们|他|他们|这|该|此|其|希望|要|让|使)|(?:年|年产|不少于|不低于|不超过|以上|左右)$/;

/** The question a sentence answers, when it states a figure early enough to make one. */
export function questionFromSentence(sentence: string): string | undefined {
  const figure = figuresIn(sentence).find((f) => f.kind === 'quantity' || f.kind === 'percent');
  if (!figure || figure.start < 4) return undefined;
  const head = sentence.slice(0, figure.start).replace(/^[\s，,、“"]+/, '').replace(LEADING_FILLER, '');
  // The subject must be words, not another figure or a quotation (those make questions nobody asks).
  if (!/^[\u4e00-\u9fff、]+$/.test(head) || head.length < 4 || head.length > 28) return undefined;
  const subject = head.replace(TRAILING_VERB, '');
  if (subject.length < 4 || NOT_A_SUBJECT.test(subject)) return undefined;
  if (figure.kind === 'quantity' && COUNTERS.has(figure.unit)) {
    const noun = /^[\u4e00-\u9fff]{2,10}/.exec(sentence.slice(figure.end))?.[0] ?? '';
    return `${head}多少${figure.unit}${noun}？`;
  }
  return `${subject}是多少？`;
}

function sentencesOf(text: string): string[] {
  return text.split(/(?<=[。！？；])/).map((s) => s.trim()).filter(Boolean);
}

function figureShown(answer: string, figure: Figure | undefined): boolean {
  return figure !== undefined && answer.includes(figure.raw);
}

const cache = new Map<string, Promise<string[]>>();

/** Up to three example questions the knowledge base answers, from different documents where it can; cached per index state. */
export function exampleQuestions(index: PolicyIndex): Promise<string[]> {
  const key = indexVersion(index) + index.documentCount;
  let examples = cache.get(key);
  if (!examples) {
    examples = findExamples(index).catch(() => []);
    cache.clear(); // only the current index's examples are worth keeping
    cache.set(key, examples);
  }
  return examples;
}

async function findExamples(index: PolicyIndex): Promise<string[]> {
  const answerer = new Answerer({ index: () => index, k: 10 }); // offline: a model is never asked for help text
  const documents = index.listDocuments();
  const step = Math.max(1, Math.floor(documents.length / DOCUMENTS_SAMPLED));
  const answered: string[][] = [];
  for (let d = 0; d < documents.length && answered.flat().length < EXAMPLES * 2; d += step) {
    const candidates: Array<{ question: string; figure?: Figure }> = [];
    for (let i = 0; i < PASSAGES_PER_DOCUMENT && candidates.length < TRIES_PER_DOCUMENT; i++) {
      const passage = index.passage(`${documents[d]!.id}#${i}`);
      if (!passage) break;
      for (const sentence of sentencesOf(passage.text)) {
        const question = questionFromSentence(sentence);
        if (question) candidates.push({ question, figure: figuresIn(sentence).find((f) => f.kind !== 'year' && f.kind !== 'date') });
      }
    }
    const good: string[] = [];
    for (const c of candidates.slice(0, TRIES_PER_DOCUMENT)) {
      const answer = await answerer.answer(c.question);
      if (answer.outcome === 'answer' && figureShown(answer.text, c.figure) && !good.includes(c.question)) good.push(c.question);
    }
    if (good.length > 0) answered.push(good);
  }
  // One per document first, then second ones, so a small knowledge base still fills the list.
  const found: string[] = [];
  for (let round = 0; found.length < EXAMPLES && answered.some((g) => g.length > round); round++) {
    for (const good of answered) if (good[round] && found.length < EXAMPLES) found.push(good[round]!);
  }
  return found;
}
