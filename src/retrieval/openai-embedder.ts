/**
 * Embeddings from an OpenAI-compatible server (OpenAI, Ollama, vLLM, DashScope …), batched, with
 * the client's retries, and cached on disk by content hash so re-ingesting embeds only passages
 * whose text changed.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, appendFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { Embeddings } from '@langchain/core/embeddings';
import OpenAI from 'openai';
import type { PassageEmbedder } from './embedder.js';

export interface OpenAIEmbedderOptions {
  apiKey?: string;
  baseURL?: string;
  model: string;
  timeoutMs: number;
  maxRetries: number;
  /** Directory for the embedding cache; no cache when undefined. */
  cacheDir?: string;
  batchSize?: number;
}

export class OpenAIEmbedder extends Embeddings implements PassageEmbedder {
  readonly id: string;
  dimensions = 0;
  private readonly client: OpenAI;
  private readonly cache = new Map<string, number[]>();
  private readonly cacheFile?: string;

  constructor(private readonly options: OpenAIEmbedderOptions) {
    super({});
    this.id = `openai:${options.model}@${options.baseURL ?? 'api.openai.com'}`;
    this.client = new OpenAI({
      apiKey: options.apiKey ?? 'not-needed',
      baseURL: options.baseURL,
      timeout: options.timeoutMs,
      maxRetries: options.maxRetries,
    });
    if (options.cacheDir) {
      mkdirSync(options.cacheDir, { recursive: true });
      this.cacheFile = path.join(options.cacheDir, `${options.model.replace(/[^\w.-]+/g, '_')}.jsonl`);
      this.loadCache();
    }
  }

  private static key(text: string): string {
    return createHash('sha256').update(text).digest('hex');
  }

  private loadCache(): void {
    if (!this.cacheFile || !existsSync(this.cacheFile)) return;
    for (const line of readFileSync(this.cacheFile, 'utf8').split('\n')) {
      if (!line) continue;
      try {
        const { k, v } = JSON.parse(line) as { k: string; v: number[] };
        this.cache.set(k, v);
        this.dimensions = v.length;
      } catch {
        // A torn last line from an interrupted run is skipped; the passage is embedded again.
      }
    }
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    const keys = texts.map((t) => OpenAIEmbedder.key(t));
    const missing = [...new Set(texts.filter((_, i) => !this.cache.has(keys[i]!)))];
    const batchSize = this.options.batchSize ?? 64;
    for (let i = 0; i < missing.length; i += batchSize) {
      const batch = missing.slice(i, i + batchSize);
      // Ask for floats: the SDK's default base64 is not supported by every OpenAI-compatible server.
      const response = await this.client.embeddings.create({ model: this.options.model, input: batch, encoding_format: 'float' });
      const lines: string[] = [];
      response.data
        .sort((a, b) => a.index - b.index)
        .forEach((item, j) => {
          const k = OpenAIEmbedder.key(batch[j]!);
          this.cache.set(k, item.embedding);
          this.dimensions = item.embedding.length;
          lines.push(JSON.stringify({ k, v: item.embedding }));
        });
      if (this.cacheFile && lines.length > 0) appendFileSync(this.cacheFile, lines.join('\n') + '\n');
    }
    return keys.map((k) => this.cache.get(k)!);
  }

  async embedQuery(text: string): Promise<number[]> {
    const [vector] = await this.embedDocuments([text]);
    return vector!;
  }
}
