/**
 * The one place that reads the environment. `.env` is loaded with dotenv (real environment
 * variables win), every value is validated, and wrong values stop the program with one line per
 * problem, each naming its variable (after any warnings about the .env file itself). Secrets are
 * never printed.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import dotenv from 'dotenv';
import { z } from 'zod';

const optionalString = z
  .string()
  .trim()
  .transform((s) => (s.length === 0 ? undefined : s))
  .optional();

const integer = (fallback: number, min: number, expected: string, max = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .trim()
    .optional()
    .transform((s, ctx) => {
      if (s === undefined || s === '') return fallback;
      const n = Number(s);
      if (!Number.isInteger(n) || n < min || n > max) {
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

/** An http(s) URL with a host; "127.0.0.1:11434/v1" or "localhost:11434" (no scheme) are refused here, not later. */
const url = (example: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((s, ctx) => {
      if (!s) return undefined;
      let parsed: URL | undefined;
      try {
        parsed = new URL(s);
      } catch {
        parsed = undefined;
      }
      if (!parsed || !/^https?:$/.test(parsed.protocol) || !parsed.hostname) {
        const hint = /^[\w.-]+:\d+/.test(s) ? ' — the scheme is missing' : '';
        ctx.addIssue({ code: 'custom', message: `must be an http:// or https:// URL such as ${example} (got "${s}"${hint})` });
        return z.NEVER;
      }
      return parsed.toString().replace(/\/$/, '');
    });

/** postgres:// or postgresql://; the value (it may hold a password) is never echoed. */
const databaseUrl = z
  .string()
  .trim()
  .optional()
  .transform((s, ctx) => {
    if (!s) return undefined;
    let ok = false;
    try {
      ok = /^postgres(ql)?:$/.test(new URL(s).protocol);
    } catch {
      ok = false;
    }
    if (!ok) {
      ctx.addIssue({ code: 'custom', message: 'must be a postgres:// or postgresql:// URL such as postgres://bot:secret@db:5432/policybot (value not shown)' });
      return z.NEVER;
    }
    return s;
  });

const schema = z.object({
  KNOWLEDGE_DIR: z.string().trim().default('knowledge'),
  DATA_DIR: z.string().trim().default('data'),
  EMBEDDER: z.enum(['local', 'hash', 'openai']).default('local'),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: url('http://127.0.0.1:11434/v1'),
  CHAT_MODEL: z.string().trim().default('gpt-4o-mini'),
  EMBEDDING_MODEL: z.string().trim().default('text-embedding-3-small'),
  /** The longest a user waits for the model before the offline answer (retries included). */
  MODEL_TIMEOUT_MS: positiveInt(15000),
  MODEL_MAX_RETRIES: integer(2, 0, 'a whole number ≥ 0'),
  /** Cap on the length of a model answer (max_tokens of the request). */
  MODEL_MAX_TOKENS: positiveInt(1024),
  TOP_K: positiveInt(5),
  MAX_FILE_MB: positiveInt(20),
  TELEGRAM_BOT_TOKEN: optionalString.refine((t) => t === undefined || /^\d+:[A-Za-z0-9_-]{20,}$/.test(t), {
    message: 'does not look like a bot token from @BotFather (expected 123456789:AA…)',
  }),
  TELEGRAM_API_ROOT: url('http://127.0.0.1:8081'),
  WEBHOOK_URL: url('https://bot.example.org/telegram'),
  WEBHOOK_SECRET: optionalString.refine((s) => s === undefined || /^[A-Za-z0-9_-]{1,256}$/.test(s), {
    message: 'must be 1–256 characters of A–Z, a–z, 0–9, _ and - (what Telegram accepts as a secret_token)',
  }),
  PORT: integer(8080, 1, 'a port number from 1 to 65535', 65535),
  /** PostgreSQL shared by several instances (chat state, update inbox, index version); SQLite in DATA_DIR when unset. */
  DATABASE_URL: databaseUrl,
  /** On SIGTERM/SIGINT: how long answers in flight may still take before they are apologised for. */
  SHUTDOWN_GRACE_MS: integer(8000, 0, 'a whole number of milliseconds ≥ 0'),
  ALLOWED_CHAT_IDS: idList,
  ADMIN_USER_IDS: idList,
  RATE_LIMIT_PER_MINUTE: positiveInt(10),
  /** Hour (Asia/Shanghai) at which subscribed group briefings are posted. */
  SUBSCRIPTION_HOUR: integer(9, 0, 'an hour from 0 to 23', 23),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof schema> & {
  /** True when an OpenAI-compatible chat model is configured. */
  modelEnabled: boolean;
};

/** Wrong configuration: one line per problem, each naming its variable; .env warnings first. */
export class ConfigError extends Error {
  constructor(
    readonly problems: string[],
    readonly warnings: string[] = [],
  ) {
    super([...warnings.map((w) => `warning: ${w}`), ...problems].join('\n'));
  }
}

const problemLine = (name: string, message: string) => `Configuration error: ${name} ${message}. See .env.example.`;

/** Validates an environment; throws ConfigError listing every bad variable, one line each. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = schema.safeParse(env);
  if (!result.success) {
    const seen = new Set<string>();
    const problems: string[] = [];
    for (const issue of result.error.issues) {
      const name = String(issue.path[0] ?? 'environment');
      if (seen.has(name)) continue;
      seen.add(name);
      const message = issue.code === 'invalid_value' && 'values' in issue ? `must be one of ${(issue.values as unknown[]).join(', ')}` : issue.message;
      problems.push(problemLine(name, message));
    }
    throw new ConfigError(problems);
  }
  const config = result.data;
  const modelEnabled = Boolean(config.OPENAI_API_KEY || config.OPENAI_BASE_URL);
  if (config.EMBEDDER === 'openai' && !modelEnabled) {
    throw new ConfigError([problemLine('EMBEDDER', 'is openai, which needs OPENAI_API_KEY or OPENAI_BASE_URL')]);
  }
  if (config.DATABASE_URL && config.WEBHOOK_URL && !config.WEBHOOK_SECRET) {
    throw new ConfigError([problemLine('WEBHOOK_SECRET', 'must be set when DATABASE_URL and WEBHOOK_URL are both set (every instance behind the webhook must accept the same secret)')]);
  }
  return { ...config, modelEnabled };
}

/** Lines of a .env file that dotenv cannot read (so they were ignored), as warnings. */
export function dotenvWarnings(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line, i) => ({ line: line.trim(), n: i + 1 }))
    .filter(({ line }) => line.length > 0 && !line.startsWith('#') && !/^(export\s+)?[A-Za-z_][A-Za-z0-9_.-]*\s*=/.test(line))
    .map(({ n }) => `.env line ${n} ignored: expected NAME=value`);
}

/**
 * Loads .env (if present) into process.env and validates the result. When validation fails, the
 * ConfigError carries the .env warnings too (a broken line there is often the cause).
 */
export function loadConfig(envFile = '.env'): { config: Config; warnings: string[] } {
  let warnings: string[] = [];
  if (existsSync(envFile)) {
    const text = readFileSync(envFile, 'utf8');
    warnings = dotenvWarnings(text);
    dotenv.config({ path: envFile, quiet: true });
  }
  try {
    return { config: parseConfig(process.env), warnings };
  } catch (err) {
    if (err instanceof ConfigError) throw new ConfigError(err.problems, warnings);
    throw err;
  }
}

/** Problems with what the configuration names on disk, one line each (checked at start). */
export function environmentProblems(config: Config): string[] {
  const problems: string[] = [];
  const isDirectory = (p: string) => existsSync(p) && statSync(p).isDirectory();
  if (!isDirectory(config.KNOWLEDGE_DIR)) problems.push(problemLine('KNOWLEDGE_DIR', `is "${config.KNOWLEDGE_DIR}", which is not a folder`));
  if (existsSync(config.DATA_DIR) && !statSync(config.DATA_DIR).isDirectory()) problems.push(problemLine('DATA_DIR', `is "${config.DATA_DIR}", which is a file, not a folder`));
  return problems;
}
