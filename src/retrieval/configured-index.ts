/** The index as configuration describes it: knowledge/, data directory, embedder, chunking. */
import type { Config } from '../config.js';
import { DEFAULT_CHUNK_OPTIONS } from '../ingest/chunk.js';
import { createEmbedder } from './create-embedder.js';
import { openIndex, type OpenedIndex } from './store.js';

/** Opens (building if needed) the configured index; `force` rebuilds it from knowledge/. */
export async function openConfiguredIndex(config: Config, force = false): Promise<OpenedIndex> {
  return openIndex({
    knowledgeDir: config.KNOWLEDGE_DIR,
    dataDir: config.DATA_DIR,
    embedder: createEmbedder(config),
    chunking: DEFAULT_CHUNK_OPTIONS,
    force,
  });
}
