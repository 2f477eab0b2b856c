/**
 * Reading knowledge/: every supported file, in subfolders too, is ingested; a bad file is reported
 * and skipped. Listing only stats files (no reading), so finding what changed stays cheap.
 */
import { statSync, type Dirent } from 'node:fs';
import { readdir, readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_CHUNK_OPTIONS, type ChunkOptions } from './chunk.js';
import { SUPPORTED_EXTENSIONS } from './document.js';
import { ingestKnowledgeFile } from './formats/ingest-file.js';
import type { KnowledgeDocument, Passage, SkippedFile } from './types.js';

export const DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024;
const STAT_CHUNK = 2048;

/** A file ingest would read: its id (path inside knowledge/, with "/"), size and modification time. */
export interface KnowledgeFile {
  file: string;
  size: number;
  mtimeMs: number;
}

export interface KnowledgeListing {
  files: KnowledgeFile[];
  skipped: SkippedFile[];
}

export function isSupported(fileName: string): boolean {
  return SUPPORTED_EXTENSIONS.includes(path.extname(fileName).toLowerCase());
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function inside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * The files of knowledge/ and its subfolders, sorted by id so ingest is deterministic. Hidden
 * entries are ignored. A symbolic link is followed only to a file inside knowledge/ (never to a
 * folder: no loops); one pointing outside is reported and skipped, as are unsupported types and
 * files above `maxFileBytes`.
 */
export async function listKnowledge(dir: string, maxFileBytes = DEFAULT_MAX_FILE_BYTES): Promise<KnowledgeListing> {
  const root = await realpath(dir);
  const listing: KnowledgeListing = { files: [], skipped: [] };
  const candidates: string[] = [];
  const walk = async (relDir: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(path.join(root, relDir), { withFileTypes: true });
    } catch (err) {
      listing.skipped.push({ file: relDir || '.', reason: `cannot read folder: ${(err as Error).message}` });
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const file = relDir ? `${relDir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        await walk(file);
        continue;
      }
      if (entry.isSymbolicLink()) {
        const target = await realpath(path.join(root, file)).catch(() => undefined);
        if (!target) {
          listing.skipped.push({ file, reason: 'broken symbolic link' });
          continue;
        }
        if (!inside(root, target)) {
          listing.skipped.push({ file, reason: `symbolic link to ${target}, outside the knowledge folder` });
          continue;
        }
      } else if (!entry.isFile()) continue;
      if (!isSupported(file)) {
        listing.skipped.push({ file, reason: `unsupported file type (use ${SUPPORTED_EXTENSIONS.join(', ')})` });
        continue;
      }
      candidates.push(file);
    }
  };
  await walk('');
  // Sizes and times with synchronous stat, about twice as fast as promises for 100,000 files, in
  // chunks between which other work (a bot answering during /reindex) gets its turn.
  for (let i = 0; i < candidates.length; i += STAT_CHUNK) {
    if (i > 0) await new Promise((resolve) => setImmediate(resolve));
    const chunk = candidates.slice(i, i + STAT_CHUNK);
    chunk.forEach((file) => {
      const info = statSync(path.join(root, file), { throwIfNoEntry: false });
      if (!info?.isFile()) listing.skipped.push({ file, reason: 'not a regular file' });
      else if (info.size > maxFileBytes) {
        listing.skipped.push({ file, reason: `too large: ${megabytes(info.size)} (limit ${megabytes(maxFileBytes)}, MAX_FILE_MB)` });
      } else listing.files.push({ file, size: info.size, mtimeMs: info.mtimeMs });
    });
  }
  listing.files.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return listing;
}

export interface KnowledgeBase {
  documents: KnowledgeDocument[];
  passages: Passage[];
  skipped: SkippedFile[];
  warnings: SkippedFile[];
}

/** The whole knowledge base in memory: for tests and small folders (the index ingests in batches). */
export async function loadKnowledgeBase(dir: string, chunking: ChunkOptions = DEFAULT_CHUNK_OPTIONS): Promise<KnowledgeBase> {
  const listing = await listKnowledge(dir);
  const kb: KnowledgeBase = { documents: [], passages: [], skipped: [...listing.skipped], warnings: [] };
  for (const { file } of listing.files) {
    let bytes: Buffer;
    try {
      bytes = await readFile(path.join(dir, file));
    } catch (err) {
      kb.skipped.push({ file, reason: `cannot read: ${(err as Error).message}` });
      continue;
    }
    const result = await ingestKnowledgeFile(file, bytes, chunking);
    if (!result.ok) {
      kb.skipped.push({ file, reason: result.reason });
      continue;
    }
    kb.documents.push(result.document);
    for (const p of result.passages) kb.passages.push(p);
    for (const w of result.warnings) kb.warnings.push({ file, reason: w });
  }
  return kb;
}
