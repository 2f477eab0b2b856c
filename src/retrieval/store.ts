/**
 * Persistence of the index under DATA_DIR. A build is written into a fresh directory and made
 * current by atomically replacing a one-line pointer file, so a crash mid-write never leaves a
 * half index in use. The index is rebuilt when knowledge/, the chunking or the embedder changed.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ChunkOptions } from '../ingest/chunk.js';
import { listKnowledgeFiles, loadKnowledgeBase, type KnowledgeBase } from '../ingest/knowledge-base.js';
import type { KnowledgeDocument, Passage } from '../ingest/types.js';
import type { PassageEmbedder } from './embedder.js';
import { LexicalIndex } from './lexical-index.js';
import { INDEX_FORMAT, PolicyIndex, type IndexManifest } from './policy-index.js';
import { VectorIndex } from './vector-index.js';

const POINTER = 'current-index';

/**
 * Source files whose behaviour shapes what is stored (cleaning, chunking, tokens, vectors). Their
 * content is part of the fingerprint, so upgrading the code rebuilds an index built by older code.
 * Only files directly in these folders count: query-time code lives in retrieval/query/ so that
 * changing how questions are searched never rebuilds the index.
 */
const SHAPING_SOURCES = [new URL('../text/', import.meta.url), new URL('../ingest/', import.meta.url), new URL('./', import.meta.url)];

async function codeFingerprint(): Promise<string> {
  const hash = createHash('sha256');
  for (const dirUrl of SHAPING_SOURCES) {
    const dir = dirUrl.pathname;
    if (!existsSync(dir)) continue;
    for (const file of (await readdir(dir)).filter((f) => /\.(ts|js)$/.test(f)).sort()) {
      hash.update(file);
      hash.update(await readFile(path.join(dir, file)));
    }
  }
  return hash.digest('hex').slice(0, 12);
}

/** Content fingerprint of knowledge/ plus everything else that shapes the index. */
export async function indexFingerprint(knowledgeDir: string, chunking: ChunkOptions, embedderId: string): Promise<string> {
  const hash = createHash('sha256');
  hash.update(`format=${INDEX_FORMAT};code=${await codeFingerprint()};embedder=${embedderId};chunk=${JSON.stringify(chunking)}\n`);
  for (const file of await listKnowledgeFiles(knowledgeDir)) {
    hash.update(file);
    hash.update(await readFile(path.join(knowledgeDir, file)));
  }
  return hash.digest('hex').slice(0, 24);
}

async function writeAtomic(file: string, data: string): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}-${Date.now()}`;
  await writeFile(tmp, data);
  await rename(tmp, file);
}

export async function saveIndex(dataDir: string, index: PolicyIndex): Promise<string> {
  await mkdir(dataDir, { recursive: true });
  const name = `index-${Date.now()}-${process.pid}`;
  const dir = path.join(dataDir, name);
  await mkdir(dir);
  await writeFile(path.join(dir, 'corpus.json'), JSON.stringify({ documents: index.documents, passages: index.passages }));
  await writeFile(path.join(dir, 'lexical.json'), index.lexical.toJSON());
  index.vectors.save(path.join(dir, 'vectors.hnsw'));
  // The manifest is written last: a directory without one is an unfinished build.
  await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(index.manifest, null, 2));
  await writeAtomic(path.join(dataDir, POINTER), name);
  await removeStaleBuilds(dataDir, name);
  return dir;
}

async function removeStaleBuilds(dataDir: string, keep: string): Promise<void> {
  for (const entry of await readdir(dataDir)) {
    if (entry.startsWith('index-') && entry !== keep) await rm(path.join(dataDir, entry), { recursive: true, force: true });
  }
}

export async function readManifest(dataDir: string): Promise<{ dir: string; manifest: IndexManifest } | undefined> {
  const pointer = path.join(dataDir, POINTER);
  if (!existsSync(pointer)) return undefined;
  const dir = path.join(dataDir, (await readFile(pointer, 'utf8')).trim());
  try {
    return { dir, manifest: JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as IndexManifest };
  } catch {
    return undefined;
  }
}

export async function loadIndex(dir: string, manifest: IndexManifest, embedder: PassageEmbedder): Promise<PolicyIndex> {
  const corpus = JSON.parse(await readFile(path.join(dir, 'corpus.json'), 'utf8')) as {
    documents: KnowledgeDocument[];
    passages: Passage[];
  };
  const lexical = LexicalIndex.fromJSON(await readFile(path.join(dir, 'lexical.json'), 'utf8'));
  const vectors = VectorIndex.load(path.join(dir, 'vectors.hnsw'), manifest.dimensions, manifest.passages);
  return new PolicyIndex(corpus.documents, corpus.passages, lexical, vectors, embedder, manifest);
}

export interface OpenIndexOptions {
  knowledgeDir: string;
  dataDir: string;
  embedder: PassageEmbedder;
  chunking: ChunkOptions;
  /** Rebuild even when the stored index is current. */
  force?: boolean;
}

export interface OpenedIndex {
  index: PolicyIndex;
  /** Set when the index was (re)built in this call: what ingest found. */
  built?: KnowledgeBase;
  reason: string;
  ms: number;
}

/** The current index: loaded from DATA_DIR when up to date, otherwise rebuilt and saved. */
export async function openIndex(options: OpenIndexOptions): Promise<OpenedIndex> {
  const started = performance.now();
  const fingerprint = await indexFingerprint(options.knowledgeDir, options.chunking, options.embedder.id);
  const stored = await readManifest(options.dataDir);
  let reason = 'no index yet';
  if (options.force) reason = 'rebuild requested';
  else if (stored && stored.manifest.fingerprint === fingerprint && stored.manifest.format === INDEX_FORMAT) {
    try {
      const index = await loadIndex(stored.dir, stored.manifest, options.embedder);
      return { index, reason: 'up to date', ms: performance.now() - started };
    } catch (err) {
      reason = `stored index unreadable (${(err as Error).message})`;
    }
  } else if (stored) reason = 'knowledge/, chunking or embedder changed';

  const kb = await loadKnowledgeBase(options.knowledgeDir, options.chunking);
  const index = await PolicyIndex.build(kb.documents, kb.passages, options.embedder, fingerprint);
  await saveIndex(options.dataDir, index);
  return { index, built: kb, reason, ms: performance.now() - started };
}
