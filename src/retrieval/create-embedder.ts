/** Chooses the embedder the configuration asks for. */
import path from 'node:path';
import type { Config } from '../config.js';
import type { PassageEmbedder } from './embedder.js';
import { LocalHashEmbedder } from './local-embedder.js';
import { OpenAIEmbedder } from './openai-embedder.js';

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
  return new LocalHashEmbedder();
}
