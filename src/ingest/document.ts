/**
 * One knowledge file's bytes → a cleaned document and its passages. Pure: no file system here,
 * so every step can be tested on bytes made in the test.
 */
import { createHash } from 'node:crypto';
import { chunkDocument, DEFAULT_CHUNK_OPTIONS, type ChunkOptions } from './chunk.js';
import { cleanLines } from './clean.js';
import { decodeKnowledgeBytes, type Decoded } from './decode.js';
import { EXTRACTED_EXTENSIONS, needsExtraction } from './formats/extract.js';
import { locatePages, pageAt } from './formats/page-offsets.js';
import type { ExtractedText } from './formats/types.js';
import { splitFrontMatter } from './frontmatter.js';
import { htmlToLines, looksLikeHtml } from './html.js';
import { deriveMetadata, splitNewsHeader } from './metadata.js';
import { buildSourceMap } from './source-map.js';
import { structure } from './structure.js';
import type { KnowledgeDocument, Passage } from './types.js';

export const SUPPORTED_EXTENSIONS = ['.txt', '.md', '.markdown', '.html', '.htm', ...EXTRACTED_EXTENSIONS];

export type IngestedFile =
  | { ok: true; document: KnowledgeDocument; passages: Passage[]; warnings: string[] }
  | { ok: false; reason: string };

export function contentHash(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16);
}

/**
 * `extracted`: the text of a binary format (PDF, DOCX) from `extractText`, which is asynchronous;
 * `bytes` are then only hashed. Text formats are decoded here.
 */
export function ingestFile(fileName: string, bytes: Uint8Array, chunking: ChunkOptions = DEFAULT_CHUNK_OPTIONS, extracted?: ExtractedText): IngestedFile {
  if (!extracted && needsExtraction(fileName)) return { ok: false, reason: 'binary format: its text must be extracted first (extractText)' };
  const decoded: Decoded = extracted ? { ok: true, text: extracted.text, encoding: extracted.format.toUpperCase() } : decodeKnowledgeBytes(bytes);
  if (!decoded.ok) return decoded;
  const warnings: string[] = [...(extracted?.warnings ?? [])];
  if (!extracted && decoded.encoding !== 'UTF-8') warnings.push(`decoded as ${decoded.encoding}`);

  const frontMatter = splitFrontMatter(decoded.text);
  if (frontMatter.error) warnings.push(frontMatter.error);
  const { data } = frontMatter;
  const { date: headerDate, body } = splitNewsHeader(frontMatter.body);

  const lower = fileName.toLowerCase();
  const isHtml = !extracted && (lower.endsWith('.html') || lower.endsWith('.htm') || looksLikeHtml(body));
  const isMarkdown = lower.endsWith('.md') || lower.endsWith('.markdown') || extracted?.format === 'docx';
  const html = isHtml ? htmlToLines(body) : undefined;
  const rawLines = html ? html.lines : body.split(/\r?\n/);

  let paragraphs = cleanLines(rawLines);
  // A document of one line is its own content, even when it mentions a QR code or a photo credit:
  // furniture is recognised among other lines, never by dropping a whole document.
  const contentLines = rawLines.filter((line) => line.trim().length > 0);
  if (paragraphs.length === 0 && contentLines.length === 1) paragraphs = contentLines.map((line) => line.trim());
  const structured = structure(paragraphs, isMarkdown);
  if (structured.text.trim().length === 0) return { ok: false, reason: 'no text left after cleaning' };

  const meta = deriveMetadata({
    fileName,
    frontMatter: data,
    htmlTitle: html?.title,
    firstHeading: structured.blocks.find((b) => b.kind === 'heading')?.text,
    text: structured.text,
    headerDate,
  });
  if (data.status !== undefined && meta.statusFrom !== 'front matter') {
    warnings.push(`front matter status "${String(data.status)}" not understood (in-force, superseded or expired); status taken from the text`);
  }
  // Front matter and a news header are cut from the start, so the body is the end of the file.
  const sourceMap = buildSourceMap(structured.text, decoded.text, decoded.text.length - body.length, isHtml);
  const document: KnowledgeDocument = { id: fileName, meta, text: structured.text, encoding: decoded.encoding, hash: contentHash(bytes), sourceMap };
  const passages = chunkDocument(fileName, structured, chunking);
  if (passages.length === 0) return { ok: false, reason: 'no passages (no paragraph text found)' };
  if (extracted?.pages) {
    // Page offsets were counted in the extracted text; cleaning moved them.
    const pages = locatePages(extracted.text, extracted.pages, structured.text);
    document.pages = pages;
    for (const p of passages) {
      const page = pageAt(pages, p.start);
      if (page !== undefined) p.page = page;
    }
  }
  return { ok: true, document, passages, warnings };
}
