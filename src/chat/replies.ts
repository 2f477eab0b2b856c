/**
 * What the bot says, as reply models (src/chat/reply.ts): pure functions, shown as Telegram HTML by
 * the bot and as plain text by the terminal chat. Document and user text are spans, never markup,
 * so nothing needs escaping here.
 */
import { documentLine, sourceName } from '../answer/format.js';
import type { Answer } from '../answer/types.js';
import type { KnowledgeDocument, PolicyStatus } from '../ingest/types.js';
import { sectionLabel } from '../ingest/types.js';
import type { StoredAnswer, StoredCitation } from '../bot/chat-store.js';
import { sourceData, stepData, voteData } from './callback-data.js';
import { bold, code, italic, plain, quote, rows, textReply, type Block, type InlineButton, type Reply, type Span } from './reply.js';
import { cutText } from './text-cut.js';

const BUTTONS_PER_ROW = 8;

function sourceLine(c: StoredCitation): string {
  return `[${c.n}] ${sourceName(c)}`;
}

/**
 * The longest answer text shown (UTF-16 units, as Telegram counts): with notices and the source
 * list an answer then fits in two messages. A model can write far more; nobody reads it in a chat.
 */
export const MAX_ANSWER_CHARS = 3000;
export const TRUNCATED_NOTE = '（回答过长，以下省略 truncated）';

/** The answer text cut to `max` at the last sentence end (or grapheme) before it, with a note. */
export function capAnswerText(text: string, max = MAX_ANSWER_CHARS): string {
  if (text.length <= max) return text;
  const head = cutText(text, max - TRUNCATED_NOTE.length - 1);
  const sentenceEnd = Math.max(...['。', '！', '？', '；', '.\n', '\n'].map((p) => head.lastIndexOf(p)));
  const cut = sentenceEnd > head.length / 2 ? head.slice(0, sentenceEnd + 1) : head;
  return `${cut.trimEnd()}\n${TRUNCATED_NOTE}`;
}

export interface AnswerReplyOptions {
  /** One-line notices shown above the answer (e.g. which part of a long message was answered). */
  notices?: string[];
  /** 👍 / 👎 buttons under the answer (answers to questions, not briefings). */
  vote?: boolean;
}

/**
 * An answer or a briefing (same layout: [n] markers, source list, buttons). `stored` is the saved
 * answer whose id the buttons carry; absent for replies that were not saved.
 */
export function answerReply(answer: Answer, stored?: StoredAnswer, options: AnswerReplyOptions = {}): Reply {
  const notices = [...(options.notices ?? []), ...answer.notices].map((n): Block => [italic(n)]);
  const blocks: Block[] = [...notices, [plain(capAnswerText(answer.text))]];
  const buttons: InlineButton[][] = [];
  if (stored && stored.citations.length > 0) {
    blocks.push([bold('出处 Sources'), plain(`\n${stored.citations.map(sourceLine).join('\n')}`)]);
    buttons.push(...rows(stored.citations.map((c) => ({ text: `[${c.n}]`, data: sourceData(stored.id, c.n) })), BUTTONS_PER_ROW));
  }
  if (stored && options.vote) buttons.push(voteButtons(stored.id));
  return buttons.length > 0 ? { blocks, buttons } : { blocks };
}

export function voteButtons(answerId: number): InlineButton[] {
  return [
    { text: '👍', data: voteData(answerId, 'up') },
    { text: '👎', data: voteData(answerId, 'down') },
  ];
}

/** The full passage, cited sentences in bold, with where it is and buttons to its neighbours. */
export function passageReply(
  answerId: number,
  citation: StoredCitation,
  passage: { text: string; section: string[]; start: number; end: number; index: number },
  offset: number,
  neighbours: { previous: boolean; next: boolean },
  /** "knowledge/004_x.txt, lines 40–44" (sourceLocation), when the passage is found in its file. */
  location?: string,
): Reply {
  const head: Block = [bold(`[${citation.n}] 《${citation.title}》`)];
  if (offset !== 0) head.push(plain(' '), italic(`(${offset > 0 ? '后' : '前'} ${Math.abs(offset)} 段)`));
  const where = [citation.date, sectionLabel(passage.section)].filter(Boolean).join(' · ');
  const body = highlight(passage.text, offset === 0 ? citation.quoted : []);
  const file: Block = location ? [code(location)] : [code(citation.docId), plain(` 字符 ${passage.start}–${passage.end}`)];
  const row: InlineButton[] = [];
  if (neighbours.previous) row.push({ text: '◀ 上一段', data: stepData(answerId, citation.n, offset - 1) });
  if (neighbours.next) row.push({ text: '下一段 ▶', data: stepData(answerId, citation.n, offset + 1) });
  const blocks = [head, ...(where ? [[plain(where)]] : []), body, file];
  return row.length ? { blocks, buttons: [row] } : { blocks };
}

/** A passage as spans, the quoted sentences in bold (overlapping quotes: the first wins). */
export function highlight(text: string, quoted: string[]): Span[] {
  const ranges: [number, number][] = [];
  for (const q of quoted) {
    const at = q ? text.indexOf(q) : -1;
    if (at >= 0) ranges.push([at, at + q.length]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const spans: Span[] = [];
  let pos = 0;
  for (const [from, to] of ranges) {
    if (from < pos) continue;
    if (from > pos) spans.push(plain(text.slice(pos, from)));
    spans.push(quote(text.slice(from, to)));
    pos = to;
  }
  if (pos < text.length || spans.length === 0) spans.push(plain(text.slice(pos)));
  return spans;
}

export function sourceListReply(stored: StoredAnswer): Reply {
  if (stored.citations.length === 0) return textReply('上一个回答没有引用出处。The last answer cited no sources.');
  return {
    blocks: [[bold('上一个回答的出处'), plain(`（问题：${stored.question}）\n${stored.citations.map(sourceLine).join('\n')}\n\n发送 /source N 查看原文。`)]],
    buttons: rows(stored.citations.map((c) => ({ text: `[${c.n}]`, data: sourceData(stored.id, c.n) })), BUTTONS_PER_ROW),
  };
}

export function documentsReply(documents: Array<Pick<KnowledgeDocument, 'meta'> & { status?: PolicyStatus }>): Reply {
  const lines = documents.map((d, i) => `${i + 1}. ${documentLine(d)}`);
  return { blocks: [[bold('知识库文件'), plain(`（${documents.length} 份）\n${lines.join('\n')}`)]] };
}

export const TEXT = {
  apology: '抱歉，处理这条消息时出错了，请稍后再试。Sorry, something went wrong; please try again.',
  nonText: '我只能回答文字问题，请用文字发送您的问题。Please send your question as text.',
  emptyQuestion: '请在命令后写上问题，例如：/ask 综改示范区今年的年度计划投资是多少？',
  noAnswerYet: '还没有可查看的回答，请先提一个问题。No answer yet: ask a question first.',
  unknownSource: (n: string, count: number) =>
    `没有第 ${n} 条出处${count > 0 ? `，上一个回答共有 ${count} 条（/source 1–${count}）` : '，上一个回答没有引用出处'}。`,
  expired: '这个按钮对应的回答已过期，请重新提问。This button has expired.',
  notAllowed: '抱歉，这个机器人仅供授权的聊天使用。Sorry, this bot is private.',
  rateLimited: '提问太频繁了，请稍等一分钟再试。Too many questions; please wait a minute.',
  adminOnly: '此命令仅限管理员使用。Admins only.',
  reindexStarted: '正在从 knowledge/ 重建索引，期间照常回答问题……',
  reindexBusy: '索引已在重建中。',
  shuttingDown: '抱歉，机器人正在重启，这个问题没来得及回答，请稍后再问一次。Sorry, the bot is restarting and could not finish this answer; please ask again in a minute.',
} as const;

/** An argument echoed back to the user, cut without breaking a character. */
export function echo(argument: string, max = 20): string {
  return cutText(argument, max);
}
