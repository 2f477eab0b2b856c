/**
 * Text PDFs through pdf.js (Mozilla's parser, legacy build for Node, on its own thread: see
 * pdf-worker.ts): no font loading or rendering, no eval, nothing fetched — the CJK character maps
 * and standard font data are read from the pdfjs-dist package on disk. A PDF that is only page
 * images (a scan) has no text to index: it is reported as such, never indexed empty.
 */
import { layOutPages } from './pdf-layout.js';
import { visibleChars } from './pdf-lines.js';
import { readPdfText } from './pdf-worker.js';
import type { Extraction } from './types.js';

export const SCANNED_PDF = 'scanned PDF: no text layer; OCR is not available';
export const GARBLED_PDF = 'PDF text layer is unreadable (its fonts map characters to no known letters); OCR is not available';

/** Private-use code points, replacement characters and controls: what fonts without a Unicode map yield. */
const UNREADABLE = /[\ue000-\uf8ff\ufffd\u0000-\u0008\u000e-\u001f]/gu;
/** A text layer with more than this share of unreadable characters is garbage, not text. */
const MAX_UNREADABLE_SHARE = 0.3;

/** Fewer visible characters than this per page on average: a scan (perhaps with a stamp or page numbers). */
const MIN_CHARS_PER_PAGE = 20;
/** A page with fewer characters than this counts as an image page in a mixed document. */
const MIN_CHARS_ON_TEXT_PAGE = 5;

/** "1–3, 5" for [1, 2, 3, 5]. */
export function pageRanges(pages: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < pages.length; i++) {
    let j = i;
    while (j + 1 < pages.length && pages[j + 1] === pages[j]! + 1) j++;
    parts.push(j > i ? `${pages[i]}–${pages[j]}` : String(pages[i]));
    i = j;
  }
  return parts.join(', ');
}

function failure(name: string, message: string): Extraction {
  if (name === 'PasswordException') return { ok: false, reason: 'encrypted PDF: it needs a password to open (save an unprotected copy)' };
  if (name === 'InvalidPDFException') return { ok: false, reason: `corrupt PDF: ${message}` };
  return { ok: false, reason: `unreadable PDF: ${message}` };
}

export async function extractPdf(bytes: Uint8Array, timeoutMs?: number): Promise<Extraction> {
  if (Buffer.from(bytes.subarray(0, 1024)).indexOf('%PDF-') < 0) return { ok: false, reason: 'not a PDF (no %PDF header): corrupt or misnamed file' };
  const read = await readPdfText(bytes, timeoutMs);
  if (!read.ok) return failure(read.name, read.message);
  const imageOnly: number[] = [];
  let visible = 0;
  for (const { page, pieces } of read.pages) {
    const chars = visibleChars(pieces);
    visible += chars;
    if (chars < MIN_CHARS_ON_TEXT_PAGE) imageOnly.push(page);
  }
  const pageCount = read.pages.length;
  if (visible < MIN_CHARS_PER_PAGE * Math.max(1, pageCount)) return { ok: false, reason: SCANNED_PDF };
  const laidOut = layOutPages(read.pages);
  if (laidOut.text.trim().length === 0) return { ok: false, reason: SCANNED_PDF };
  const unreadable = laidOut.text.match(UNREADABLE)?.length ?? 0;
  if (unreadable > laidOut.text.replace(/\s/g, '').length * MAX_UNREADABLE_SHARE) return { ok: false, reason: GARBLED_PDF };
  const warnings = imageOnly.length > 0 ? [`PDF pages without a text layer (scanned?), not indexed: ${pageRanges(imageOnly)} of ${pageCount}`] : [];
  return { ok: true, format: 'pdf', text: laidOut.text, pages: laidOut.pages, warnings };
}
