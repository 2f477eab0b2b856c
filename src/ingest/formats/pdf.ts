/**
 * Text PDFs through pdf.js (Mozilla's parser, legacy build for Node): no worker thread, no font
 * loading or rendering, no eval, nothing fetched — the CJK character maps and standard font data
 * are read from the pdfjs-dist package on disk. A PDF that is only page images (a scan) has no
 * text to index: it is reported as such, never indexed empty.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { TextItem } from 'pdfjs-dist/types/src/display/api.js';
import { layOutPages, type PageText } from './pdf-layout.js';
import type { Extraction } from './types.js';

export const SCANNED_PDF = 'scanned PDF: no text layer; OCR is not available';

/** Fewer visible characters than this per page on average: a scan (perhaps with a stamp or page numbers). */
const MIN_CHARS_PER_PAGE = 20;
/** A page with fewer characters than this counts as an image page in a mixed document. */
const MIN_CHARS_ON_TEXT_PAGE = 5;

const packageDir = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | undefined;
// Loaded on the first PDF, so a knowledge base without PDFs never pays for the 2 MB module.
const loadPdfJs = (): Promise<PdfJs> => (pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs'));

function isTextItem(item: unknown): item is TextItem {
  return typeof (item as TextItem).str === 'string' && Array.isArray((item as TextItem).transform);
}

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

function failure(err: unknown): Extraction {
  const name = (err as { name?: string }).name;
  const message = (err as { message?: string }).message ?? String(err);
  if (name === 'PasswordException') return { ok: false, reason: 'encrypted PDF: it needs a password to open (save an unprotected copy)' };
  if (name === 'InvalidPDFException') return { ok: false, reason: `corrupt PDF: ${message}` };
  return { ok: false, reason: `unreadable PDF: ${message}` };
}

export async function extractPdf(bytes: Uint8Array): Promise<Extraction> {
  if (Buffer.from(bytes.subarray(0, 1024)).indexOf('%PDF-') < 0) return { ok: false, reason: 'not a PDF (no %PDF header): corrupt or misnamed file' };
  const { getDocument, VerbosityLevel } = await loadPdfJs();
  const task = getDocument({
    // pdf.js takes ownership of (and detaches) the buffer it is given: pass a copy.
    data: new Uint8Array(bytes),
    cMapUrl: `${path.join(packageDir, 'cmaps')}${path.sep}`,
    cMapPacked: true,
    standardFontDataUrl: `${path.join(packageDir, 'standard_fonts')}${path.sep}`,
    wasmUrl: `${path.join(packageDir, 'wasm')}${path.sep}`,
    disableFontFace: true,
    useSystemFonts: false,
    isEvalSupported: false,
    verbosity: VerbosityLevel.ERRORS,
  });
  try {
    const doc = await task.promise;
    const pages: PageText[] = [];
    const imageOnly: number[] = [];
    let visible = 0;
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      const pieces = content.items.filter(isTextItem).map((item) => ({
        str: item.str,
        x: item.transform[4] as number,
        y: item.transform[5] as number,
        width: item.width,
        size: Math.hypot(item.transform[2] as number, item.transform[3] as number) || item.height,
        hasEOL: item.hasEOL,
      }));
      page.cleanup();
      const chars = pieces.reduce((sum, p) => sum + p.str.replace(/\s/g, '').length, 0);
      visible += chars;
      if (chars < MIN_CHARS_ON_TEXT_PAGE) imageOnly.push(n);
      pages.push({ page: n, pieces });
    }
    if (visible < MIN_CHARS_PER_PAGE * Math.max(1, doc.numPages)) return { ok: false, reason: SCANNED_PDF };
    const laidOut = layOutPages(pages);
    if (laidOut.text.trim().length === 0) return { ok: false, reason: SCANNED_PDF };
    const warnings = imageOnly.length > 0 ? [`PDF pages without a text layer (scanned?), not indexed: ${pageRanges(imageOnly)} of ${doc.numPages}`] : [];
    return { ok: true, format: 'pdf', text: laidOut.text, pages: laidOut.pages, warnings };
  } catch (err) {
    return failure(err);
  } finally {
    await task.destroy();
  }
}
