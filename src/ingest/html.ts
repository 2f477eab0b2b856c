/** HTML → lines of text, one per block element, using a real HTML parser. */
import { parse } from 'node-html-parser';

export interface HtmlText {
  title?: string;
  lines: string[];
}

const NOT_CONTENT = 'script, style, noscript, img, svg, iframe, video, audio, button, form, nav, footer';

export function looksLikeHtml(text: string): boolean {
  return /<(p|div|html|body|br|span|h[1-6]|table|section|article)\b[^>]*>/i.test(text.slice(0, 20000));
}

export function htmlToLines(html: string): HtmlText {
  const root = parse(html, { blockTextElements: { script: false, style: false, noscript: false, pre: true } });
  const title = root.querySelector('title')?.text.trim() || root.querySelector('h1')?.text.trim() || undefined;
  root.querySelectorAll(NOT_CONTENT).forEach((el) => el.remove());
  root.querySelectorAll('title, head').forEach((el) => el.remove());
  const lines = root.structuredText
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  return { title, lines };
}
