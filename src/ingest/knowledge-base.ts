/** Reading knowledge/: every supported file is ingested; a bad file is reported and skipped. */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_CHUNK_OPTIONS, type ChunkOptions } from './chunk.js';
import { ingestFile, SUPPORTED_EXTENSIONS } from './document.js';
import type { KnowledgeDocument, Passage, SkippedFile } from './types.js';

export interface KnowledgeBase {
  documents: KnowledgeDocument[];
  passages: Passage[];
  skipped: SkippedFile[];
  warnings: SkippedFile[];
}

/** Files of knowledge/ that ingest would read, sorted so ingest is deterministic. */
export async function listKnowledgeFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
}

export function isSupported(fileName: string): boolean {
  return SUPPORTED_EXTENSIONS.includes(path.extname(fileName).toLowerCase());
}

export async function loadKnowledgeBase(dir: string, chunking: ChunkOptions = DEFAULT_CHUNK_OPTIONS): Promise<KnowledgeBase> {
  const kb: KnowledgeBase = { documents: [], passages: [], skipped: [], warnings: [] };
  for (const file of await listKnowledgeFiles(dir)) {
    if (!isSupported(file)) {
      kb.skipped.push({ file, reason: `unsupported file type (use ${SUPPORTED_EXTENSIONS.join(', ')})` });
      continue;
    }
    let bytes: Buffer;
    try {
      bytes = await readFile(path.join(dir, file));
    } catch (err) {
      kb.skipped.push({ file, reason: `cannot read: ${(err as Error).message}` });
      continue;
    }
    const result = ingestFile(file, bytes, chunking);
    if (!result.ok) {
      kb.skipped.push({ file, reason: result.reason });
      continue;
    }
    kb.documents.push(result.document);
    kb.passages.push(...result.passages);
    for (const w of result.warnings) kb.warnings.push({ file, reason: w });
  }
  return kb;
}
