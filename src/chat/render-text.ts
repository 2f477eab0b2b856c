/**
 * A reply as terminal text: the same words as the bot's, styles dropped, and the buttons a terminal
 * cannot press turned into the command that does the same (/source N).
 */
import type { Reply } from './reply.js';
import { replyText } from './reply.js';
import { SOURCE_BUTTON } from './callback-data.js';
import { markQuoted, type HighlightStyle } from '../answer/highlight.js';

export interface TextOptions {
  /** How cited sentences are marked: escape codes on a terminal, 【…】 in a pipe; unmarked when absent. */
  quotes?: HighlightStyle;
}

export function toText(reply: Reply, options: TextOptions = {}): string {
  const { quotes } = options;
  const text = quotes
    ? reply.blocks.map((b) => b.map((s) => (s.style === 'quote' ? markQuoted(s.text, quotes) : s.text)).join('')).join('\n\n')
    : replyText(reply);
  // Buttons that open a numbered source; a passage's ◀ ▶ steps have no terminal counterpart.
  const sources = (reply.buttons?.flat() ?? []).filter((b) => SOURCE_BUTTON.test(b.data) && b.data.startsWith('src:'));
  return sources.length > 0 ? `${text}\n\n(/source N 查看原文 · shows passage N)` : text;
}
