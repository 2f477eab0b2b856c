/**
 * One knowledge file's bytes → document and passages, whatever its format: binary formats are
 * extracted first (asynchronously), then everything goes through the same pure ingest. The one
 * entry point for code that reads files (the knowledge-base loader, the index writer).
 */
import { DEFAULT_CHUNK_OPTIONS, type ChunkOptions } from '../chunk.js';
import { ingestFile, type IngestedFile } from '../document.js';
import { extractText, needsExtraction } from './extract.js';

export async function ingestKnowledgeFile(fileName: string, bytes: Uint8Array, chunking: ChunkOptions = DEFAULT_CHUNK_OPTIONS): Promise<IngestedFile> {
  if (!needsExtraction(fileName)) return ingestFile(fileName, bytes, chunking);
  const extracted = await extractText(fileName, bytes);
  if (!extracted.ok) return extracted;
  return ingestFile(fileName, bytes, chunking, extracted);
}
