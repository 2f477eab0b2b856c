/**
 * Telegram HTML: escaping, and splitting long replies into messages of at most 4,096 characters at
 * paragraph (then line, then sentence) boundaries, closing and reopening tags so no chunk is broken,
 * and never inside a character (surrogate pair or grapheme cluster).
 */
import { graphemeBoundaryAtOrBefore } from './text-cut.js';

export const TELEGRAM_MESSAGE_LIMIT = 4096;

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Plain text of our own HTML (for the terminal chat): tags dropped, entities decoded. */
export function htmlToText(html: string): string {
  return html.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

const TAG = /<(\/?)([a-z]+)(?:\s[^>]*)?>/g;

/** Tags still open at the end of `html`, outermost first, as written (with attributes). */
function openTags(html: string): { name: string; open: string }[] {
  const stack: { name: string; open: string }[] = [];
  for (const m of html.matchAll(TAG)) {
    if (m[1]) {
      const i = stack.map((t) => t.name).lastIndexOf(m[2]!);
      if (i >= 0) stack.splice(i, 1);
    } else stack.push({ name: m[2]!, open: m[0] });
  }
  return stack;
}

/** Length as Telegram counts it (UTF-16 code units) of the text, tags and entities excluded. */
export function visibleLength(html: string): number {
  return htmlToText(html).length;
}

/** The last position ≤ max (in `html`) that is outside a tag or entity and after a preferred break. */
function cutPoint(html: string, max: number): number {
  const window = html.slice(0, max);
  for (const separator of ['\n\n', '\n', '。', '；', '，', ' ']) {
    let at = window.lastIndexOf(separator);
    while (at > 0) {
      const cut = at + separator.length;
      if (isSafeCut(html, cut)) return cut;
      at = window.lastIndexOf(separator, at - 1);
    }
  }
  let cut = graphemeBoundaryAtOrBefore(html, max);
  while (cut > 1 && !isSafeCut(html, cut)) cut = graphemeBoundaryAtOrBefore(html, cut - 1);
  return Math.max(cut, 1);
}

function isSafeCut(html: string, at: number): boolean {
  const before = html.slice(0, at);
  return before.lastIndexOf('<') <= before.lastIndexOf('>') && before.lastIndexOf('&') <= before.lastIndexOf(';');
}

/**
 * Splits HTML into chunks whose visible text fits a message. The raw-length budget is used for the
 * cut (tags only make raw text longer), so every chunk's visible length is within the limit.
 */
export function splitHtml(html: string, limit = TELEGRAM_MESSAGE_LIMIT): string[] {
  const chunks: string[] = [];
  let rest = html.trim();
  let carried = '';
  while (rest.length > 0) {
    const piece = carried + rest;
    if (visibleLength(piece) <= limit && piece.length <= limit * 4) {
      chunks.push(piece);
      break;
    }
    // Leave room for the closing tags appended below.
    const budget = limit - carried.length - 64;
    const cut = cutPoint(rest, Math.max(1, budget));
    const head = carried + rest.slice(0, cut);
    const open = openTags(head);
    chunks.push((head + open.map((t) => `</${t.name}>`).reverse().join('')).trim());
    carried = open.map((t) => t.open).join('');
    rest = rest.slice(cut).replace(/^\s+/, '');
  }
  return chunks.filter((c) => htmlToText(c).trim().length > 0);
}
