/**
 * Reading what someone sent before it is answered: a question, or a long pasted text with a question
 * in it (often at its end: "……（3,000 characters of an article）……这里说的投资是多少？"), or a text that
 * asks nothing (a pasted article), or more than a message can hold.
 *
 * A long message is answered from the asker's own questions — those near its end, else near its
 * start (a pasted article brings rhetorical questions of its own) — and the sentence just before
 * when a short question points back at it ("……计划投资232.2亿元。这个数是哪年的？"); the rest is
 * background the search would only be diluted by (answering a 3,000-character paste whole refuses
 * questions that alone are answered). Sentences are cut from the text as written, so the excerpt
 * shown back is in the asker's own script.
 */
import { isQuestionClause } from '../query/asked.js';
import { detectScript } from '../text/script.js';
import { normalizeForIndex } from '../text/normalize.js';

/** Telegram's own limit for a text message; the terminal chat holds to it too. */
export const MAX_MESSAGE_CHARS = 4096;
/** Up to this length a message is taken whole: the question analysis sorts out its lead-in clauses. */
export const LONG_MESSAGE_CHARS = 300;
/** A short text that asks nothing ("晋华炉", a pasted title) is still looked up as a question. */
const QUESTIONLESS_LOOKUP_CHARS = 80;

export type ReadMessage =
  | { kind: 'empty' }
  | { kind: 'tooLong'; length: number }
  | { kind: 'noQuestion'; length: number }
  /** `question` is what is answered; `excerpt` is set when it was taken out of a longer text. */
  | { kind: 'question'; question: string; excerpt?: boolean };

const SENTENCE = /[^。！？!?；;\n]+[。！？!?；;\n]*/g;
const ENGLISH_SENTENCE = /[^?!.;\n]+(?:[?!;\n]+|\.(?=\s|$))*/g;

export function readMessage(text: string): ReadMessage {
  const trimmed = text.trim();
  if (!trimmed) return { kind: 'empty' };
  if (trimmed.length > MAX_MESSAGE_CHARS) return { kind: 'tooLong', length: trimmed.length };
  if (trimmed.length <= QUESTIONLESS_LOOKUP_CHARS) return { kind: 'question', question: trimmed };
  const english = detectScript(trimmed) === 'latin';
  const sentences = (trimmed.match(english ? ENGLISH_SENTENCE : SENTENCE) ?? []).map((s) => s.trim()).filter(Boolean);
  // Questions first; requests ("请介绍……") only when nothing asks outright, since pasted copy is full
  // of them ("想了解更多，请关注……").
  const questions = sentences.map((s) => isQuestion(s, english));
  const found = questions.includes(true) ? questions : sentences.map((s) => isRequest(s, english));
  if (!found.includes(true)) return { kind: 'noQuestion', length: trimmed.length };
  if (trimmed.length <= LONG_MESSAGE_CHARS) return { kind: 'question', question: trimmed };
  const asking = askersOwn(sentences, found);
  const first = asking.indexOf(true);
  const lead = first > 0 && pointsBack(sentences[first]!, english) && isProse(sentences[first - 1]!) ? first - 1 : -1;
  const kept = sentences.filter((_, i) => asking[i] || i === lead).map((s) => (english || /[。！？!?；;]$/.test(s) ? s : `${s.replace(/[，,、：:]+$/, '')}。`));
  return { kind: 'question', question: kept.join(english ? ' ' : ''), excerpt: true };
}

/**
 * The asking sentences that are the asker's own: a pasted text comes with its own (often
 * rhetorical) questions, and the asker writes before or after it — so the questions near the end
 * of the message, else near its start, else wherever they are.
 */
function askersOwn(sentences: string[], asking: boolean[]): boolean[] {
  const ends: number[] = [];
  sentences.reduce((at, s, i) => (ends[i] = at + s.length), 0);
  const total = ends.at(-1) ?? 0;
  const tail = asking.map((a, i) => a && ends[i]! - sentences[i]!.length >= total - LONG_MESSAGE_CHARS);
  if (tail.includes(true)) return tail;
  const head = asking.map((a, i) => a && ends[i]! <= LONG_MESSAGE_CHARS);
  return head.includes(true) ? head : asking;
}

/**
 * A question that leans on what was just said: short, and opening with a pointer ("这个数是哪年的？",
 * "What does it cost?"). Longer ones that merely say "那份报告" name their own subject.
 */
const POINTS_BACK_MAX_CHARS = 24;
function pointsBack(sentence: string, english: boolean): boolean {
  if (english) return sentence.split(/\s+/).length <= 12 && /\b(this|that|these|those|it|they|the above)\b/i.test(sentence);
  return sentence.length <= POINTS_BACK_MAX_CHARS && /^(这|那|该|此|其|上述|上面|以上|文中|前面|它|他们)/.test(sentence);
}

/** A sentence of words, not markup or debris from a copied page. */
function isProse(sentence: string): boolean {
  return sentence.length <= 300 && !/[<>{}=]|https?:/.test(sentence) && /[\p{L}]{2}/u.test(sentence);
}

/** Requests that ask without a question word ("请介绍一下……", "tell me about …"). */
const REQUEST = /请(?:问|介绍|说明|列出|总结|概括|解释)|介绍一下|说说|讲讲|谈谈|告诉我|帮我(?:查|找|看|总结)|想(?:了解|知道|问|查)|了解一下|查一下/;
const ENGLISH_REQUEST = /\b(tell me|describe|explain|list|summari[sz]e|give me|(want|like) to know|information (on|about))\b/i;

/** Whether a sentence asks a question: one of its clauses does (the query analysis decides). */
function isQuestion(sentence: string, english: boolean): boolean {
  const normalized = normalizeForIndex(sentence);
  if (english) return isQuestionClause(normalized, true);
  return normalized.split(/[，,：:]/).some((clause) => clause.trim() && isQuestionClause(clause.trim(), false));
}

function isRequest(sentence: string, english: boolean): boolean {
  return (english ? ENGLISH_REQUEST : REQUEST).test(normalizeForIndex(sentence));
}
