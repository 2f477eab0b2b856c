/** The index as configuration describes it: knowledge/, data directory, embedder, chunking, size limit. */
import type { Config } from '../config.js';
import { DEFAULT_CHUNK_OPTIONS } from '../ingest/chunk.js';
import { createEmbedder } from './create-embedder.js';
import { openIndex, type IngestProgress, type OpenedIndex } from './store.js';

/**
 * Opens the configured index, first bringing it up to date with knowledge/ (only added, changed and
 * removed files are processed). `force` checks every file by content hash (the bot's /reindex);
 * `full` rebuilds everything.
 */
export async function openConfiguredIndex(
  config: Config,
  force = false,
  options: { full?: boolean; onProgress?: (event: IngestProgress) => void } = {},
): Promise<OpenedIndex> {
  return openIndex({
    knowledgeDir: config.KNOWLEDGE_DIR,
    dataDir: config.DATA_DIR,
    embedder: createEmbedder(config),
    chunking: DEFAULT_CHUNK_OPTIONS,
    maxFileBytes: config.MAX_FILE_MB * 1024 * 1024,
    force,
    ...options,
  });
}
