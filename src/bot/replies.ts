/**
 * What the bot says, as Telegram HTML with inline buttons. Pure functions: the same text is shown by
 * the bot and (tags stripped) by the terminal chat. Every document and user text is escaped.
 */
import { documentLine, sourceName } from '../answer/format.js';
import type { Answer } from '../answer/types.js';
import type { KnowledgeDocument, PolicyStatus } from '../ingest/types.js';
import { sectionLabel } from '../ingest/types.js';
import type { StoredAnswer, StoredCitation } from './chat-store.js';
import { escapeHtml } from './html.js';
import { cutText } from './text-cut.js';

export interface InlineButton {
  text: string;
  data: string;
}

export interface Reply {
  html: string;
  buttons?: InlineButton[][];
}

const BUTTONS_PER_ROW = 8;

/** Callback data: `src:<answerId>:<n>` opens a cited passage, `nav:<answerId>:<n>:<offset>` steps. */
export const sourceData = (answerId: number, n: number) => `src:${answerId}:${n}`;
export const stepData = (answerId: number, n: number, offset: number) => `nav:${answerId}:${n}:${offset}`;

function sourceLine(c: StoredCitation): string {
  return `[${c.n}] ${escapeHtml(sourceName(c))}`;
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

/**
 * An answer or a briefing (same layout: [n] markers, source list, buttons). `stored` is the saved
 * answer whose id the buttons carry; absent for replies without sources.
 */
export function answerReply(answer: Answer, stored?: StoredAnswer, extraNotices: string[] = []): Reply {
  const notices = [...extraNotices, ...answer.notices].map((n) => `<i>${escapeHtml(n)}</i>`);
  const parts = [...notices, escapeHtml(capAnswerText(answer.text))];
  if (!stored || stored.citations.length === 0) return { html: parts.join('\n\n') };
  parts.push(['<b>出处 Sources</b>', ...stored.citations.map(sourceLine)].join('\n'));
  const buttons = stored.citations.map((c) => ({ text: `[${c.n}]`, data: sourceData(stored.id, c.n) }));
  return { html: parts.join('\n\n'), buttons: chunk(buttons, BUTTONS_PER_ROW) };
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
  const head = `<b>[${citation.n}] 《${escapeHtml(citation.title)}》</b>${offset !== 0 ? ` <i>(${offset > 0 ? '后' : '前'} ${Math.abs(offset)} 段)</i>` : ''}`;
  const where = [citation.date, sectionLabel(passage.section)].filter(Boolean).map((s) => escapeHtml(s!)).join(' · ');
  const body = highlight(passage.text, offset === 0 ? citation.quoted : []);
  const file = location ? `<code>${escapeHtml(location)}</code>` : `<code>${escapeHtml(citation.docId)}</code> 字符 ${passage.start}–${passage.end}`;
  const row: InlineButton[] = [];
  if (neighbours.previous) row.push({ text: '◀ 上一段', data: stepData(answerId, citation.n, offset - 1) });
  if (neighbours.next) row.push({ text: '下一段 ▶', data: stepData(answerId, citation.n, offset + 1) });
  return { html: [head, where, body, file].filter(Boolean).join('\n\n'), buttons: row.length ? [row] : undefined };
}

/** Escapes a passage and puts the quoted sentences in bold. */
export function highlight(text: string, quoted: string[]): string {
  const ranges: [number, number][] = [];
  for (const q of quoted) {
    const at = text.indexOf(q);
    if (at >= 0) ranges.push([at, at + q.length]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  let html = '';
  let pos = 0;
  for (const [from, to] of ranges) {
    if (from < pos) continue; // overlapping quotes: the first wins
    html += escapeHtml(text.slice(pos, from)) + `<b>${escapeHtml(text.slice(from, to))}</b>`;
    pos = to;
  }
  return html + escapeHtml(text.slice(pos));
}

export function sourceListReply(stored: StoredAnswer): Reply {
  if (stored.citations.length === 0) return { html: '上一个回答没有引用出处。The last answer cited no sources.' };
  return {
    html: [`<b>上一个回答的出处</b>（问题：${escapeHtml(stored.question)}）`, ...stored.citations.map(sourceLine), '', '发送 /source N 查看原文。'].join('\n'),
    buttons: chunk(stored.citations.map((c) => ({ text: `[${c.n}]`, data: sourceData(stored.id, c.n) })), BUTTONS_PER_ROW),
  };
}

export function documentsReply(documents: Array<Pick<KnowledgeDocument, 'meta'> & { status?: PolicyStatus }>): Reply {
  const lines = documents.map((d, i) => `${i + 1}. ${escapeHtml(documentLine(d))}`);
  return { html: [`<b>知识库文件</b>（${documents.length} 份）`, ...lines].join('\n') };
}

export function helpReply(botUsername?: string): Reply {
  const at = botUsername ? `@${escapeHtml(botUsername)}` : '@机器人';
  return {
    html: [
      '<b>山西转型政策问答</b>',
      '直接发送问题即可（简体、繁体或英文），回答中的 [n] 标出出处，点按钮或发送 /source N 查看原文。',
      '',
      '/ask 问题 — 提问（群组中使用）',
      '/brief 主题 — 某个主题的要点简报；/brief 不带主题 — 知识库概览',
      '/source N — 查看上一个回答的第 N 条出处；/source — 出处列表',
      '/docs — 知识库文件列表',
      `在群组中，我只在被 /ask、${at} 提及或被回复时发言。`,
      '',
      '<i>Ask about Shanxi\'s transformation and emerging-industry policies; every answer cites its passages. Use /source N to read one.</i>',
    ].join('\n'),
  };
}

export const TEXT = {
  apology: '抱歉，处理这条消息时出错了，请稍后再试。Sorry, something went wrong; please try again.',
  nonText: '我只能回答文字问题，请用文字发送您的问题。Please send your question as text.',
  emptyQuestion: '请在命令后写上问题，例如：/ask 综改示范区今年的年度计划投资是多少？',
  noAnswerYet: '还没有可查看的回答，请先提一个问题。No answer yet: ask a question first.',
  unknownSource: (n: string, count: number) =>
    `没有第 ${escapeHtml(n)} 条出处${count > 0 ? `，上一个回答共有 ${count} 条（/source 1–${count}）` : '，上一个回答没有引用出处'}。`,
  expired: '这个按钮对应的回答已过期，请重新提问。This button has expired.',
  notAllowed: '抱歉，这个机器人仅供授权的聊天使用。Sorry, this bot is private.',
  rateLimited: '提问太频繁了，请稍等一分钟再试。Too many questions; please wait a minute.',
  tooLong: (limit: number) => `问题过长，只按前 ${limit} 字回答。`,
  adminOnly: '此命令仅限管理员使用。Admins only.',
  reindexStarted: '正在从 knowledge/ 重建索引，期间照常回答问题……',
  reindexBusy: '索引已在重建中。',
  shuttingDown: '抱歉，机器人正在重启，这个问题没来得及回答，请稍后再问一次。Sorry, the bot is restarting and could not finish this answer; please ask again in a minute.',
} as const;

/** An argument echoed back to the user, cut without breaking a character. */
export function echo(argument: string, max = 20): string {
  return cutText(argument, max);
}

function chunk<T>(items: T[], size: number): T[][] {
  const rows: T[][] = [];
  for (let i = 0; i < items.length; i += size) rows.push(items.slice(i, i + size));
  return rows;
}
