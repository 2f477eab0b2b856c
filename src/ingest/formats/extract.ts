/**
 * The asynchronous step before the pure ingest: binary formats (PDF, DOCX) are parsed into text
 * by their libraries; text formats need no step (ingestFile decodes them).
 */
import path from 'node:path';
import { extractDocx } from './docx.js';
import { extractPdf } from './pdf.js';
import type { Extraction } from './types.js';

const EXTRACTORS: Record<string, (bytes: Uint8Array) => Promise<Extraction>> = {
  '.pdf': extractPdf,
  '.docx': extractDocx,
};

export const EXTRACTED_EXTENSIONS = Object.keys(EXTRACTORS);

export function needsExtraction(fileName: string): boolean {
  return path.extname(fileName).toLowerCase() in EXTRACTORS;
}

/** Text of a PDF or DOCX file, or why there is none. Never throws. */
export async function extractText(fileName: string, bytes: Uint8Array): Promise<Extraction> {
  const extractor = EXTRACTORS[path.extname(fileName).toLowerCase()];
  if (!extractor) return { ok: false, reason: `no extractor for ${path.extname(fileName) || 'files without an extension'}` };
  if (bytes.length === 0) return { ok: false, reason: 'empty file' };
  // Word and WPS leave "~$name.docx" beside a document while it is open: an owner record, no text.
  if (path.basename(fileName).startsWith('~$')) return { ok: false, reason: 'lock file of a document open in Word or WPS, not a document' };
  try {
    return await extractor(bytes);
  } catch (err) {
    // The extractors map their parsers' errors; this is for anything they did not foresee.
    return { ok: false, reason: `cannot extract text: ${(err as Error).message}` };
  }
}
