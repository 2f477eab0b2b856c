/**
 * The model client against a misbehaving OpenAI-compatible server on 127.0.0.1: every call is
 * bounded, so the pipeline falls back to the offline answer in time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAIChatModel, PROBE_TIMEOUT_MS, worstCaseModelWaitMs } from '../../src/answer/chat-model.js';
import { parseConfig } from '../../src/config.js';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai.js';

const messages = [{ role: 'user' as const, content: '综改示范区今年的年度计划投资是多少？' }];

describe('the model client under faults', () => {
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
  });
  afterAll(() => fake.close());
  const model = (timeoutMs: number, maxRetries = 2) => new OpenAIChatModel({ baseURL: fake.baseURL, model: 'fake', timeoutMs, maxRetries });
  const timed = async (p: Promise<unknown>) => {
    const t0 = Date.now();
    const outcome = await p.then(
      (v) => ({ ok: true, value: v }),
      (e: Error) => ({ ok: false, value: e }),
    );
    return { ...outcome, ms: Date.now() - t0 };
  };

  it('does not wait out a 429 with retry-after 3600: fails at once, without retrying', async () => {
    fake.script({ status: 429, retryAfter: 3600 });
    const before = fake.requests.length;
    const r = await timed(model(5000).complete(messages));
    expect(r.ok).toBe(false);
    expect(r.ms).toBeLessThan(1000);
    expect(fake.requests.length - before).toBe(1);
  });

  it('retries a short 429/503 within its time budget and then succeeds', async () => {
    fake.script({ status: 429, retryAfter: 0.2 }, { status: 503 }, { reply: 'OK[1]' });
    const r = await timed(model(5000).complete(messages));
    expect(r).toMatchObject({ ok: true, value: 'OK[1]' });
  });

  it('a server that does not answer costs the timeout once, retries included; calls right after only probe', async () => {
    fake.script();
    fake.fallback = { delayMs: 60_000, reply: 'late' };
    const m = model(1200, 2);
    const first = await timed(m.complete(messages));
    expect(first.ok).toBe(false);
    expect(first.ms).toBeGreaterThanOrEqual(1100);
    expect(first.ms).toBeLessThan(1200 + 700);
    const streamed = await timed(m.complete(messages, { onDelta: () => undefined }));
    expect(streamed.ok).toBe(false);
    expect(streamed.ms).toBeLessThan(Math.min(1200, PROBE_TIMEOUT_MS) + 700);
    fake.fallback = { reply: 'NO_ANSWER' };
  });

  it('a stream that stalls halfway fails after the timeout instead of hanging', async () => {
    fake.script({ reply: 'abcdefgh', chunkDelayMs: 5000 });
    const seen: string[] = [];
    const r = await timed(model(800, 0).complete(messages, { onDelta: (t) => seen.push(t) }));
    expect(r.value).toBeInstanceOf(Error);
    expect(seen.length).toBeGreaterThan(0);
    expect(r.ms).toBeLessThan(800 + 700);
  });

  it('asks for a bounded answer (max_tokens)', async () => {
    fake.script({ reply: 'x' });
    await model(5000).complete(messages);
    expect(fake.requests.at(-1)!.max_tokens).toBe(1024);
  });

  it('by default a user waits at most ~15–20 s for a model that does not answer, even for a follow-up (two calls)', () => {
    const { MODEL_TIMEOUT_MS } = parseConfig({});
    expect(worstCaseModelWaitMs(MODEL_TIMEOUT_MS)).toBeLessThanOrEqual(20_000);
  });
});
