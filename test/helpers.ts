/** Shared test fixtures: a temporary copy of knowledge/ and a data directory. */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_CHUNK_OPTIONS } from '../src/ingest/chunk.js';
import { createLocalEmbedder } from '../src/retrieval/create-embedder.js';
import { openIndex } from '../src/retrieval/store.js';

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), `spb-${prefix}-`));
}

export async function tempKnowledgeCopy(): Promise<string> {
  const dir = await tempDir('kb');
  await cp('knowledge', dir, { recursive: true });
  return dir;
}

export async function openTestIndex(knowledgeDir = 'knowledge', dataDir?: string) {
  const data = dataDir ?? (await tempDir('data'));
  const opened = await openIndex({ knowledgeDir, dataDir: data, embedder: createLocalEmbedder(), chunking: DEFAULT_CHUNK_OPTIONS });
  return { ...opened, dataDir: data };
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
