/**
 * A small OpenAI-compatible chat server on 127.0.0.1 for tests: each request takes the next scripted
 * step (a reply, streamed or not, possibly slow, or an HTTP error) and is recorded.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Step {
  reply?: string;
  delayMs?: number;
  status?: number;
  retryAfter?: number;
  /** Pause between streamed chunks (default 1 ms). */
  chunkDelayMs?: number;
  /** Characters per streamed chunk (default 2). */
  chunkSize?: number;
}

export interface ChatRequest {
  model: string;
  stream?: boolean;
  max_tokens?: number;
  messages: { role: string; content: string }[];
}

export interface FakeOpenAI {
  baseURL: string;
  requests: ChatRequest[];
  script(...steps: Step[]): void;
  /** Used once the script is exhausted. */
  fallback: Step;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  const queue: Step[] = [];
  const requests: ChatRequest[] = [];
  const fake = { requests, fallback: { reply: 'NO_ANSWER' } as Step } as FakeOpenAI;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', async () => {
      const request = JSON.parse(body || '{}') as ChatRequest;
      requests.push(request);
      const step = queue.shift() ?? fake.fallback;
      if (step.delayMs) await sleep(step.delayMs);
      if (res.destroyed) return;
      if (step.status && step.status >= 400) {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (step.retryAfter !== undefined) headers['retry-after'] = String(step.retryAfter);
        res.writeHead(step.status, headers).end(JSON.stringify({ error: { message: `scripted ${step.status}` } }));
        return;
      }
      const text = step.reply ?? '';
      if (request.stream) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        // Two-character chunks, so a client sees the answer grow.
        const size = step.chunkSize ?? 2;
        for (let i = 0; i < text.length; i += size) {
          const chunk = { id: 'c', object: 'chat.completion.chunk', created: 0, model: request.model, choices: [{ index: 0, delta: { content: text.slice(i, i + size) }, finish_reason: null }] };
          res.write(`data: ${JSON.stringify(chunk)}\n\n`);
          await sleep(step.chunkDelayMs ?? 1);
        }
        res.end('data: [DONE]\n\n');
        return;
      }
      const completion = {
        id: 'c',
        object: 'chat.completion',
        created: 0,
        model: request.model,
        choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
      };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(completion));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  fake.script = (...steps) => {
    queue.length = 0;
    queue.push(...steps);
  };
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}
