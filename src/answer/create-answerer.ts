/** Wires the answering pipeline from configuration: a model when one is configured, offline otherwise. */
import type { Config } from '../config.js';
import type { PolicyIndex } from '../retrieval/policy-index.js';
import { OpenAIChatModel } from './chat-model.js';
import { Answerer, type AnswerLogger } from './pipeline.js';
import { loadPrompts } from './prompts.js';

export async function createAnswerer(config: Config, index: () => PolicyIndex, logger?: AnswerLogger): Promise<Answerer> {
  if (!config.modelEnabled) return new Answerer({ index, k: config.TOP_K, logger });
  const chat = new OpenAIChatModel({
    apiKey: config.OPENAI_API_KEY,
    baseURL: config.OPENAI_BASE_URL,
    model: config.CHAT_MODEL,
    timeoutMs: config.MODEL_TIMEOUT_MS,
    maxRetries: config.MODEL_MAX_RETRIES,
    maxTokens: config.MODEL_MAX_TOKENS,
  });
  return new Answerer({ index, k: config.TOP_K, logger, model: { chat, prompts: await loadPrompts() } });
}
