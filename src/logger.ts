/**
 * Structured logs (pino) on stderr, so stdout stays clean for `ask --json`. Secrets are redacted
 * wherever a log call might carry them.
 *
 * A closed log pipe (`npm start 2>&1 | head`) must not hang or crash the bot: after the first
 * EPIPE the logs are dropped and the bot carries on (and still stops on SIGTERM).
 */
import { pino, type Logger } from 'pino';

let stderrBroken = false;
const ignoreBrokenPipe = (stream: NodeJS.WriteStream, onBroken: () => void) =>
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED' || err.code === 'EBADF') onBroken();
    else throw err;
  });
let guarded = false;

/** Makes writes to a closed stdout/stderr harmless for the whole process (console.* included). */
export function guardStandardStreams(): void {
  if (guarded) return;
  guarded = true;
  ignoreBrokenPipe(process.stderr, () => (stderrBroken = true));
  ignoreBrokenPipe(process.stdout, () => undefined);
}

export function createLogger(level = 'info'): Logger {
  guardStandardStreams();
  const destination = {
    write(line: string) {
      if (!stderrBroken && !process.stderr.destroyed) process.stderr.write(line);
    },
  };
  return pino(
    {
      level,
      redact: { paths: ['token', '*.token', 'apiKey', '*.apiKey', 'secret', '*.secret', 'headers.authorization', '*.headers.authorization'], censor: '[redacted]' },
    },
    destination,
  );
}

export type { Logger };
