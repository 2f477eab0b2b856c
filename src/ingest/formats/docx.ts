/**
 * Word documents through mammoth: DOCX → HTML (paragraph styles mapped to h1–h6) → lines, the
 * headings written as Markdown "#" lines so they become sections whatever their wording (a Word
 * heading need not be numbered 一、 to be one). Images are dropped unread; nothing outside the file
 * is opened.
 */
import { parse, type HTMLElement } from 'node-html-parser';
import { htmlToLines } from '../html.js';
import { tableRow } from './table-row.js';
import type { Extraction } from './types.js';

/** Word's built-in headings are mapped by mammoth; these add the title and Chinese-named styles (WPS). */
const STYLE_MAP = [
  "p[style-name='Title'] => h1:fresh",
  "p[style-name='标题'] => h1:fresh",
  ...[1, 2, 3, 4, 5, 6].flatMap((n) => [`p[style-name='标题 ${n}'] => h${n}:fresh`, `p[style-name='標題 ${n}'] => h${n}:fresh`]),
];

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0];

type Mammoth = typeof import('mammoth');
let mammothModule: Promise<Mammoth> | undefined;
// Loaded on the first DOCX, so a knowledge base without any never loads it.
const loadMammoth = async (): Promise<Mammoth> => (mammothModule ??= import('mammoth').then((m) => ((m as { default?: Mammoth }).default ?? m) as Mammoth));

const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const cellText = (cell: HTMLElement) => cell.text.replace(/\s+/g, ' ').trim();

/**
 * mammoth's HTML → lines, each heading as "#…# text" and each table row as one line (cell by
 * cell, short cells would read as headings and a row would lose its sense).
 */
export function docxHtmlToText(html: string): string {
  const root = parse(html);
  // Innermost tables first, so a nested table is one cell's text by the time its parent is read.
  for (const table of root.querySelectorAll('table').reverse()) {
    const rows = table.querySelectorAll('tr').map((row) => tableRow(row.querySelectorAll('td, th').map(cellText)));
    table.replaceWith(rows.filter(Boolean).map((row) => `<p>${escapeHtml(row)}</p>`).join(''));
  }
  for (const heading of root.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
    const text = heading.text.replace(/\s+/g, ' ').trim();
    if (text.length === 0) heading.remove();
    else heading.textContent = `${'#'.repeat(Number(heading.tagName.slice(1)))} ${text}`;
  }
  return htmlToLines(root.toString()).lines.join('\n');
}

export async function extractDocx(bytes: Uint8Array): Promise<Extraction> {
  // An encrypted DOCX is stored inside an OLE container, as is an old binary .doc renamed .docx.
  if (startsWith(bytes, OLE)) return { ok: false, reason: 'encrypted DOCX or an old Word .doc file: save it as an unprotected .docx' };
  if (!startsWith(bytes, ZIP)) return { ok: false, reason: 'corrupt DOCX: not a ZIP package' };
  const mammoth = await loadMammoth();
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes) },
      { styleMap: STYLE_MAP, convertImage: mammoth.images.imgElement(async () => ({ src: '' })), externalFileAccess: false },
    );
    html = result.value;
  } catch (err) {
    return { ok: false, reason: `corrupt DOCX: ${(err as Error).message}` };
  }
  const text = docxHtmlToText(html);
  if (text.trim().length === 0) return { ok: false, reason: 'DOCX without text (only images or empty)' };
  return { ok: true, format: 'docx', text, warnings: [] };
}
