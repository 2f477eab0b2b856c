import { describe, expect, it } from 'vitest';
import { ConfigError, dotenvWarnings, loadConfig, parseConfig } from '../src/config.js';

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
    [{ PORT: 'eighty' }, /^Configuration error: PORT must be a port number from 1 to 65535 \(got "eighty"\)/],
    [{ EMBEDDER: 'bert' }, /^Configuration error: EMBEDDER must be one of local, hash, openai/],
    [{ OPENAI_BASE_URL: 'not a url' }, /^Configuration error: OPENAI_BASE_URL must be an http:\/\/ or https:\/\/ URL/],
    [{ OPENAI_BASE_URL: 'localhost:11434/v1' }, /^Configuration error: OPENAI_BASE_URL must be an http:\/\/ or https:\/\/ URL .*the scheme is missing/],
    [{ OPENAI_BASE_URL: '127.0.0.1:11434/v1' }, /^Configuration error: OPENAI_BASE_URL .*the scheme is missing/],
    [{ TELEGRAM_API_ROOT: 'ftp://127.0.0.1' }, /^Configuration error: TELEGRAM_API_ROOT must be an http/],
    [{ PORT: '70000' }, /^Configuration error: PORT must be a port number from 1 to 65535/],
    [{ WEBHOOK_SECRET: 'has spaces in it' }, /^Configuration error: WEBHOOK_SECRET must be 1–256 characters/],
    [{ SHUTDOWN_GRACE_MS: 'soon' }, /^Configuration error: SHUTDOWN_GRACE_MS must be/],
    [{ EMBEDDER: 'openai' }, /^Configuration error: EMBEDDER is openai, which needs OPENAI_API_KEY or OPENAI_BASE_URL/],
    [{ TELEGRAM_BOT_TOKEN: 'abc' }, /^Configuration error: TELEGRAM_BOT_TOKEN does not look like a bot token/],
    [{ ALLOWED_CHAT_IDS: '123, abc' }, /^Configuration error: ALLOWED_CHAT_IDS must be a comma-separated list/],
  ])('stops with one line naming the variable: %o', (env, message) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    expect(() => parseConfig(env)).toThrow(message);
  });

  it('reports every problem, one line each, naming each variable', () => {
    try {
      parseConfig({ PORT: '0', OPENAI_BASE_URL: 'localhost:11434', LOG_LEVEL: 'loud', TOP_K: 'x' });
      expect.unreachable();
    } catch (err) {
      const lines = (err as ConfigError).message.split('\n');
      expect(lines).toHaveLength(4);
      expect(lines.map((l) => /^Configuration error: (\w+)/.exec(l)?.[1]).sort()).toEqual(['LOG_LEVEL', 'OPENAI_BASE_URL', 'PORT', 'TOP_K']);
    }
  });

  it('prints the .env warnings too when start-up fails', async () => {
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const dir = await mkdtemp(`${(await import('node:os')).tmpdir()}/spb-env-`);
    const file = `${dir}/.env`;
    await writeFile(file, 'PORT=eighty\nOPENAI_BASE_URL http://127.0.0.1:11434/v1\n');
    const saved = { ...process.env };
    try {
      expect(() => loadConfig(file)).toThrow(ConfigError);
      try {
        loadConfig(file);
      } catch (err) {
        expect((err as Error).message.split('\n')).toEqual([
          'warning: .env line 2 ignored: expected NAME=value',
          expect.stringMatching(/^Configuration error: PORT must be a port number/),
        ]);
      }
    } finally {
      process.env = saved;
    }
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
