import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAIEmbedder } from '../../src/retrieval/openai-embedder.js';
import { removeDir, tempDir } from '../helpers.js';

/** A tiny OpenAI-compatible embeddings endpoint on 127.0.0.1 that records what it was asked. */
describe('OpenAI-compatible embedder', () => {
  let server: Server;
  let baseURL: string;
  const requests: string[][] = [];
  let failNext = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        if (failNext > 0) {
          failNext--;
          res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"message":"boom"}}');
          return;
        }
        const input = (JSON.parse(body) as { input: string[] }).input;
        requests.push(input);
        const data = input.map((text, index) => ({ object: 'embedding', index, embedding: [text.length, 1, index] }));
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data, model: 'test' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('embeds in batches, retries a 500, and caches by content so unchanged passages are not sent again', async () => {
    const cacheDir = await tempDir('emb-cache');
    try {
      const make = () => new OpenAIEmbedder({ baseURL, apiKey: 'test', model: 'm', timeoutMs: 5000, maxRetries: 2, cacheDir, batchSize: 2 });
      failNext = 1;
      const first = make();
      const vectors = await first.embedDocuments(['一', '二二', '三三三']);
      expect(vectors).toEqual([[1, 1, 0], [2, 1, 1], [3, 1, 0]]);
      expect(requests).toEqual([['一', '二二'], ['三三三']]);
      expect(first.dimensions).toBe(3);

      const second = make(); // a new process: the cache on disk is reused
      await second.embedDocuments(['一', '二二', '四四四四']);
      expect(requests.slice(2)).toEqual([['四四四四']]);
    } finally {
      await removeDir(cacheDir);
    }
  });
});
