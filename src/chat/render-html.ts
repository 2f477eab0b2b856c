/** A reply as Telegram HTML (parse_mode HTML): every text escaped, styles as <b>, <i>, <code>. */
import { escapeHtml } from './html.js';
import type { Block, Reply, Span } from './reply.js';

const TAGS = { bold: 'b', italic: 'i', code: 'code', quote: 'b' } as const;

export function spanHtml(span: Span): string {
  const text = escapeHtml(span.text);
  return span.style ? `<${TAGS[span.style]}>${text}</${TAGS[span.style]}>` : text;
}

export function blockHtml(block: Block): string {
  return block.map(spanHtml).join('');
}

export function toHtml(reply: Reply): string {
  return reply.blocks.map(blockHtml).join('\n\n');
}
