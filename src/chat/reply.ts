/**
 * The one reply model the bot and the terminal chat share: blocks of styled spans and inline
 * buttons. What a reply says is decided once (src/chat/replies.ts); how it looks is decided by a
 * renderer — Telegram HTML (render-html.ts) or terminal text (render-text.ts) — so the two never
 * drift apart and no HTML is parsed back into text.
 */

/** quote: a sentence the answer cites, shown in bold in Telegram and marked in a terminal. */
export type Style = 'bold' | 'italic' | 'code' | 'quote';

/** A run of text in one style; may hold line breaks. */
export interface Span {
  text: string;
  style?: Style;
}

/** A paragraph: spans in order. Blocks are separated by a blank line. */
export type Block = Span[];

export interface InlineButton {
  text: string;
  /** Callback data (≤ 64 bytes): what pressing it does. */
  data: string;
}

export interface Reply {
  blocks: Block[];
  buttons?: InlineButton[][];
}

export const plain = (text: string): Span => ({ text });
export const bold = (text: string): Span => ({ text, style: 'bold' });
export const italic = (text: string): Span => ({ text, style: 'italic' });
export const code = (text: string): Span => ({ text, style: 'code' });
export const quote = (text: string): Span => ({ text, style: 'quote' });

/** A reply of plain paragraphs (one per string). */
export function textReply(...paragraphs: string[]): Reply {
  return { blocks: paragraphs.map((p) => [plain(p)]) };
}

/** The text a reader sees, styles dropped (for tests, logs and length checks). */
export function replyText(reply: Reply): string {
  return reply.blocks.map((b) => b.map((s) => s.text).join('')).join('\n\n');
}

export function rows<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
