import { describe, expect, it } from 'vitest';
import { ConfigError, dotenvWarnings, parseConfig } from '../src/config.js';

describe('configuration', () => {
  it('has working offline defaults', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({ KNOWLEDGE_DIR: 'knowledge', DATA_DIR: 'data', EMBEDDER: 'local', TOP_K: 5, modelEnabled: false });
  });

  it('turns model mode on with a key or a base URL', () => {
    expect(parseConfig({ OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1' }).modelEnabled).toBe(true);
    expect(parseConfig({ OPENAI_API_KEY: 'sk-test' }).modelEnabled).toBe(true);
  });

  it.each([
    [{ PORT: 'eighty' }, /^Configuration error: PORT must be a positive integer \(got "eighty"\)/],
    [{ EMBEDDER: 'bert' }, /^Configuration error: EMBEDDER must be one of local, hash, openai/],
    [{ OPENAI_BASE_URL: 'not a url' }, /^Configuration error: OPENAI_BASE_URL must be a URL/],
    [{ TELEGRAM_BOT_TOKEN: 'abc' }, /^Configuration error: TELEGRAM_BOT_TOKEN does not look like a bot token/],
    [{ ALLOWED_CHAT_IDS: '123, abc' }, /^Configuration error: ALLOWED_CHAT_IDS must be a comma-separated list/],
  ])('stops with one line naming the variable: %o', (env, message) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    expect(() => parseConfig(env)).toThrow(message);
  });

  it('never puts a secret into an error message', () => {
    try {
      parseConfig({ OPENAI_API_KEY: 'sk-secret-value', PORT: '-1' });
    } catch (err) {
      expect((err as Error).message).not.toContain('sk-secret-value');
    }
  });

  it('reports lines of a broken .env that were ignored', () => {
    expect(dotenvWarnings('# comment\nOPENAI_API_KEY=x\nthis is broken\n\nexport PORT=8080\n=oops')).toEqual([
      '.env line 3 ignored: expected NAME=value',
      '.env line 6 ignored: expected NAME=value',
    ]);
  });
});
