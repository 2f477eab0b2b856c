/**
 * The seam for the language model: one call that turns messages into text, optionally streaming.
 * The OpenAI-compatible implementation serves OpenAI, Ollama, vLLM, DeepSeek, DashScope…
 *
 * Every call is bounded, because a user is waiting: the model must start answering within
 * `timeoutMs` (retries and their waits included), a stream may not pause longer than that, and a
 * 429/5xx that asks for a longer wait than `maxRetryWaitMs` fails the call at once — the caller then
 * answers offline with a notice. Retries are ours, not the SDK's: its sleep honours any
 * retry-after and ignores abort.
 */
import OpenAI from 'openai';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface CompleteOptions {
  /** Called with the text so far while the model streams. Streaming is used only when given. */
  onDelta?: (textSoFar: string) => void;
  /** Gives up at once (e.g. on shutdown). */
  signal?: AbortSignal;
}

export interface ChatModel {
  readonly id: string;
  complete(messages: ChatMessage[], options?: CompleteOptions): Promise<string>;
}

export interface OpenAIChatModelOptions {
  apiKey?: string;
  baseURL?: string;
  model: string;
  /** Longest wait for the model to start answering (retries included), and longest pause in a stream. */
  timeoutMs: number;
  maxRetries: number;
  /** Cap on the answer's length (`max_tokens`); default DEFAULT_MAX_TOKENS. */
  maxTokens?: number;
  /** A retry-after longer than this is not waited for (default 5 s). */
  maxRetryWaitMs?: number;
}

export const DEFAULT_MAX_TOKENS = 1024;
const DEFAULT_MAX_RETRY_WAIT_MS = 5000;
/** After the server failed to answer in time, calls wait at most this long until one succeeds. */
export const PROBE_TIMEOUT_MS = 3000;
const PROBE_WINDOW_MS = 60_000;
/** A streamed answer may take this many timeouts in all. */
const STREAM_TOTAL_FACTOR = 4;

/** The model did not answer in time (no retry helps: the time is spent). */
export class ModelTimeoutError extends Error {
  override name = 'ModelTimeoutError';
}

/**
 * The worst case a user waits for the model before the offline answer, for a question that needs
 * two calls (a follow-up is rewritten first): the first call times out, the second only probes.
 */
export function worstCaseModelWaitMs(timeoutMs: number): number {
  return timeoutMs + Math.min(timeoutMs, PROBE_TIMEOUT_MS);
}

export class OpenAIChatModel implements ChatModel {
  readonly id: string;
  private readonly client: OpenAI;
  private unresponsiveAt: number | undefined;

  constructor(private readonly options: OpenAIChatModelOptions) {
    this.id = `openai:${options.model}`;
    // Local servers (Ollama, vLLM) take no key, but the SDK insists on one.
    // The SDK's own timeout is only a backstop: the deadlines below fire first, and say why.
    this.client = new OpenAI({ apiKey: options.apiKey || 'not-needed', baseURL: options.baseURL, timeout: options.timeoutMs * STREAM_TOTAL_FACTOR + 1000, maxRetries: 0 });
  }

  async complete(messages: ChatMessage[], options: CompleteOptions = {}): Promise<string> {
    const probing = this.unresponsiveAt !== undefined && Date.now() - this.unresponsiveAt < PROBE_WINDOW_MS;
    const budget = probing ? Math.min(this.options.timeoutMs, PROBE_TIMEOUT_MS) : this.options.timeoutMs;
    const deadline = Date.now() + budget;
    const maxWait = this.options.maxRetryWaitMs ?? DEFAULT_MAX_RETRY_WAIT_MS;
    for (let attempt = 0; ; attempt++) {
      const progress = { streamed: false };
      try {
        const text = await this.attempt(messages, options, deadline - Date.now(), progress);
        this.unresponsiveAt = undefined;
        return text;
      } catch (err) {
        if (err instanceof ModelTimeoutError) this.unresponsiveAt = Date.now();
        const wait = progress.streamed || options.signal?.aborted ? undefined : retryWaitMs(err, attempt);
        if (wait === undefined || attempt >= this.options.maxRetries || wait > maxWait || Date.now() + wait >= deadline) throw err;
        await abortableSleep(wait, options.signal);
      }
    }
  }

  private async attempt(messages: ChatMessage[], options: CompleteOptions, startWithinMs: number, progress: { streamed: boolean }): Promise<string> {
    const { model, timeoutMs } = this.options;
    const request = { model, messages, temperature: 0, max_tokens: this.options.maxTokens ?? DEFAULT_MAX_TOKENS };
    const controller = new AbortController();
    const stopWith = (message: string) => () => controller.abort(new ModelTimeoutError(message));
    let idle = setTimeout(stopWith(`no answer from the model within ${startWithinMs} ms`), Math.max(1, startWithinMs));
    const total = setTimeout(stopWith(`the model's answer took longer than ${timeoutMs * STREAM_TOTAL_FACTOR} ms`), timeoutMs * STREAM_TOTAL_FACTOR);
    const onAbort = () => controller.abort(options.signal?.reason);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const reasonOr = (err: unknown) => (controller.signal.reason instanceof ModelTimeoutError ? controller.signal.reason : err);
    try {
      if (!options.onDelta) {
        const completion = await this.client.chat.completions.create(request, { signal: controller.signal });
        return completion.choices[0]?.message?.content ?? '';
      }
      const stream = await this.client.chat.completions.create({ ...request, stream: true }, { signal: controller.signal });
      let text = '';
      for await (const chunk of stream) {
        clearTimeout(idle);
        idle = setTimeout(stopWith(`the model paused for more than ${timeoutMs} ms`), timeoutMs);
        const delta = chunk.choices[0]?.delta?.content;
        if (!delta) continue;
        text += delta;
        progress.streamed = true;
        options.onDelta(text);
      }
      // The SDK ends an aborted stream quietly; a cut-off answer must not pass for a whole one.
      if (controller.signal.aborted) throw controller.signal.reason;
      return text;
    } catch (err) {
      throw reasonOr(err);
    } finally {
      clearTimeout(idle);
      clearTimeout(total);
      options.signal?.removeEventListener('abort', onAbort);
    }
  }
}

/** How long to wait before retrying after `err`, or undefined when a retry cannot help. */
export function retryWaitMs(err: unknown, attempt: number): number | undefined {
  const backoff = 500 * 2 ** attempt;
  if (err instanceof OpenAI.APIConnectionError && !(err instanceof OpenAI.APIConnectionTimeoutError)) return backoff;
  if (!(err instanceof OpenAI.APIError) || err.status === undefined) return undefined;
  if (err.status !== 408 && err.status !== 409 && err.status !== 429 && err.status < 500) return undefined;
  const headers = err.headers as Headers | undefined;
  const ms = Number(headers?.get?.('retry-after-ms'));
  if (Number.isFinite(ms) && ms >= 0 && headers?.get?.('retry-after-ms')) return ms;
  const after = headers?.get?.('retry-after');
  if (after) {
    const seconds = Number(after);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(after);
    if (Number.isFinite(date)) return Math.max(0, date - Date.now());
  }
  return backoff;
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
