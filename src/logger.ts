/**
 * Structured logs (pino) on stderr, so stdout stays clean for `ask --json`. Secrets are redacted
 * wherever a log call might carry them.
 */
import { pino, type Logger } from 'pino';

export function createLogger(level = 'info'): Logger {
  return pino(
    {
      level,
      redact: { paths: ['token', '*.token', 'apiKey', '*.apiKey', 'headers.authorization', '*.headers.authorization'], censor: '[redacted]' },
    },
    pino.destination(2),
  );
}

export type { Logger };
