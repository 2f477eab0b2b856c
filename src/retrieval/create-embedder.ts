/** Chooses the embedder the configuration asks for. */
import path from 'node:path';
import type { Config } from '../config.js';
import type { PassageEmbedder } from './embedder.js';
import { LocalHashEmbedder } from './local-embedder.js';
import { OpenAIEmbedder } from './openai-embedder.js';
import { WordVectorEmbedder } from './word-vector-embedder.js';

/**
 * The offline default (EMBEDDER=local): the shipped word vectors, 100 dimensions. Dense retrieval
 * earns almost nothing in the ranking once BM25 and the question's coverage are in (see
 * `npm run eval`'s ablation); the vectors serve the judgement, and at 100 dimensions the HNSW graph
 * costs a sixth of the hashed embedder's 768 to build, hold and open.
 */
export function createLocalEmbedder(): PassageEmbedder {
  return new WordVectorEmbedder();
}

export function createEmbedder(config: Config): PassageEmbedder {
  if (config.EMBEDDER === 'openai') {
    return new OpenAIEmbedder({
      apiKey: config.OPENAI_API_KEY,
      baseURL: config.OPENAI_BASE_URL,
      model: config.EMBEDDING_MODEL,
      timeoutMs: config.MODEL_TIMEOUT_MS,
      maxRetries: config.MODEL_MAX_RETRIES,
      cacheDir: path.join(config.DATA_DIR, 'embedding-cache'),
    });
  }
  if (config.EMBEDDER === 'hash') return new LocalHashEmbedder();
  return createLocalEmbedder();
}
