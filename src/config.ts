/**
 * The one place that reads the environment. `.env` is loaded with dotenv (real environment
 * variables win), every value is validated, and a wrong value stops the program with one line
 * naming the variable. Secrets are never printed.
 */
import { existsSync, readFileSync } from 'node:fs';
import dotenv from 'dotenv';
import { z } from 'zod';

const optionalString = z
  .string()
  .trim()
  .transform((s) => (s.length === 0 ? undefined : s))
  .optional();

const integer = (fallback: number, min: number, expected: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((s, ctx) => {
      if (s === undefined || s === '') return fallback;
      const n = Number(s);
      if (!Number.isInteger(n) || n < min) {
        ctx.addIssue({ code: 'custom', message: `must be ${expected} (got "${s}")` });
        return z.NEVER;
      }
      return n;
    });
const positiveInt = (fallback: number) => integer(fallback, 1, 'a positive integer');

const idList = z
  .string()
  .optional()
  .transform((s, ctx) => {
    const parts = (s ?? '').split(/[,\s]+/).filter(Boolean);
    const bad = parts.find((p) => !/^-?\d+$/.test(p));
    if (bad) {
      ctx.addIssue({ code: 'custom', message: `must be a comma-separated list of numeric ids (bad entry "${bad}")` });
      return z.NEVER;
    }
    return parts.map(Number);
  });

const url = z
  .string()
  .trim()
  .optional()
  .transform((s, ctx) => {
    if (!s) return undefined;
    try {
      return new URL(s).toString().replace(/\/$/, '');
    } catch {
      ctx.addIssue({ code: 'custom', message: `must be a URL such as http://127.0.0.1:11434/v1 (got "${s}")` });
      return z.NEVER;
    }
  });

const schema = z.object({
  KNOWLEDGE_DIR: z.string().trim().default('knowledge'),
  DATA_DIR: z.string().trim().default('data'),
  EMBEDDER: z.enum(['local', 'openai']).default('local'),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: url,
  CHAT_MODEL: z.string().trim().default('gpt-4o-mini'),
  EMBEDDING_MODEL: z.string().trim().default('text-embedding-3-small'),
  MODEL_TIMEOUT_MS: positiveInt(30000),
  MODEL_MAX_RETRIES: integer(2, 0, 'a whole number ≥ 0'),
  TOP_K: positiveInt(5),
  MAX_FILE_MB: positiveInt(20),
  TELEGRAM_BOT_TOKEN: optionalString.refine((t) => t === undefined || /^\d+:[A-Za-z0-9_-]{20,}$/.test(t), {
    message: 'does not look like a bot token from @BotFather (expected 123456789:AA…)',
  }),
  TELEGRAM_API_ROOT: url,
  WEBHOOK_URL: url,
  WEBHOOK_SECRET: optionalString,
  PORT: positiveInt(8080),
  ALLOWED_CHAT_IDS: idList,
  ADMIN_USER_IDS: idList,
  RATE_LIMIT_PER_MINUTE: positiveInt(10),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof schema> & {
  /** True when an OpenAI-compatible chat model is configured. */
  modelEnabled: boolean;
};

export class ConfigError extends Error {}

/** Validates an environment; throws ConfigError with one line naming the first bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = schema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    const message = issue.code === 'invalid_value' && 'values' in issue ? `must be one of ${(issue.values as unknown[]).join(', ')}` : issue.message;
    throw new ConfigError(`Configuration error: ${name} ${message}. See .env.example.`);
  }
  const config = result.data;
  return { ...config, modelEnabled: Boolean(config.OPENAI_API_KEY || config.OPENAI_BASE_URL) };
}

/** Lines of a .env file that dotenv cannot read (so they were ignored), as warnings. */
export function dotenvWarnings(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line, i) => ({ line: line.trim(), n: i + 1 }))
    .filter(({ line }) => line.length > 0 && !line.startsWith('#') && !/^(export\s+)?[A-Za-z_][A-Za-z0-9_.-]*\s*=/.test(line))
    .map(({ n }) => `.env line ${n} ignored: expected NAME=value`);
}

/** Loads .env (if present) into process.env and validates the result. */
export function loadConfig(envFile = '.env'): { config: Config; warnings: string[] } {
  let warnings: string[] = [];
  if (existsSync(envFile)) {
    const text = readFileSync(envFile, 'utf8');
    warnings = dotenvWarnings(text);
    dotenv.config({ path: envFile, quiet: true });
  }
  return { config: parseConfig(process.env), warnings };
}
