/**
 * One knowledge file's bytes → a cleaned document and its passages. Pure: no file system here,
 * so every step can be tested on bytes made in the test.
 */
import { createHash } from 'node:crypto';
import { chunkDocument, DEFAULT_CHUNK_OPTIONS, type ChunkOptions } from './chunk.js';
import { cleanLines } from './clean.js';
import { decodeKnowledgeBytes } from './decode.js';
import { splitFrontMatter } from './frontmatter.js';
import { htmlToLines, looksLikeHtml } from './html.js';
import { deriveMetadata } from './metadata.js';
import { structure } from './structure.js';
import type { KnowledgeDocument, Passage } from './types.js';

export const SUPPORTED_EXTENSIONS = ['.txt', '.md', '.markdown', '.html', '.htm'];

export type IngestedFile =
  | { ok: true; document: KnowledgeDocument; passages: Passage[]; warnings: string[] }
  | { ok: false; reason: string };

export function contentHash(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16);
}

export function ingestFile(fileName: string, bytes: Uint8Array, chunking: ChunkOptions = DEFAULT_CHUNK_OPTIONS): IngestedFile {
  const decoded = decodeKnowledgeBytes(bytes);
  if (!decoded.ok) return decoded;
  const warnings: string[] = [];
  if (decoded.encoding !== 'UTF-8') warnings.push(`decoded as ${decoded.encoding}`);

  const { data, body, error } = splitFrontMatter(decoded.text);
  if (error) warnings.push(error);

  const lower = fileName.toLowerCase();
  const isHtml = lower.endsWith('.html') || lower.endsWith('.htm') || looksLikeHtml(body);
  const isMarkdown = lower.endsWith('.md') || lower.endsWith('.markdown');
  const html = isHtml ? htmlToLines(body) : undefined;
  const rawLines = html ? html.lines : body.split(/\r?\n/);

  const structured = structure(cleanLines(rawLines), isMarkdown);
  if (structured.text.trim().length === 0) return { ok: false, reason: 'no text left after cleaning' };

  const meta = deriveMetadata({
    fileName,
    frontMatter: data,
    htmlTitle: html?.title,
    firstHeading: structured.blocks.find((b) => b.kind === 'heading')?.text,
    text: structured.text,
  });
  const document: KnowledgeDocument = { id: fileName, meta, text: structured.text, encoding: decoded.encoding, hash: contentHash(bytes) };
  const passages = chunkDocument(fileName, structured, chunking);
  if (passages.length === 0) return { ok: false, reason: 'no passages (no paragraph text found)' };
  return { ok: true, document, passages, warnings };
}
