/**
 * The seam for the language model: one call that turns messages into text, optionally streaming.
 * The OpenAI-compatible implementation serves OpenAI, Ollama, vLLM, DeepSeek, DashScope…
 */
import OpenAI from 'openai';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface CompleteOptions {
  /** Called with the text so far while the model streams. Streaming is used only when given. */
  onDelta?: (textSoFar: string) => void;
}

export interface ChatModel {
  readonly id: string;
  complete(messages: ChatMessage[], options?: CompleteOptions): Promise<string>;
}

export interface OpenAIChatModelOptions {
  apiKey?: string;
  baseURL?: string;
  model: string;
  /** Whole-request deadline, streaming included. */
  timeoutMs: number;
  maxRetries: number;
}

export class OpenAIChatModel implements ChatModel {
  readonly id: string;
  private readonly client: OpenAI;

  constructor(private readonly options: OpenAIChatModelOptions) {
    this.id = `openai:${options.model}`;
    // Local servers (Ollama, vLLM) take no key, but the SDK insists on one.
    this.client = new OpenAI({
      apiKey: options.apiKey || 'not-needed',
      baseURL: options.baseURL,
      timeout: options.timeoutMs,
      maxRetries: options.maxRetries,
    });
  }

  async complete(messages: ChatMessage[], options: CompleteOptions = {}): Promise<string> {
    const { model, timeoutMs } = this.options;
    // The SDK's timeout covers waiting for the response to start; a stream that stalls halfway needs
    // its own deadline.
    const signal = AbortSignal.timeout(timeoutMs * (this.options.maxRetries + 1));
    if (!options.onDelta) {
      const completion = await this.client.chat.completions.create({ model, messages, temperature: 0 }, { signal });
      return completion.choices[0]?.message?.content ?? '';
    }
    const stream = await this.client.chat.completions.create({ model, messages, temperature: 0, stream: true }, { signal });
    let text = '';
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta?.content;
      if (!delta) continue;
      text += delta;
      options.onDelta(text);
    }
    return text;
  }
}
