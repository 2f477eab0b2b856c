/**
 * `npm start`: the Telegram bot when TELEGRAM_BOT_TOKEN is set, otherwise the terminal chat.
 *
 * SIGTERM/SIGINT: stop taking updates, let answers in flight finish for SHUTDOWN_GRACE_MS, apologise
 * for the rest, exit 0. A watchdog ends the process if that somehow takes longer; a second signal
 * ends it at once.
 */
import type { RunningBot } from './bot/start.js';
import { configOrExit, parseCommandLine, run } from './cli/shared.js';
import { START_USAGE } from './cli/usage.js';
import { environmentProblems } from './config.js';
import { createLogger, guardStandardStreams } from './logger.js';

/** Beyond the grace period: removing drafts, sending apologies, closing the store. */
const WATCHDOG_MARGIN_MS = 4000;

guardStandardStreams(); // a closed stdout/stderr pipe must not crash or hang the process

run(async () => {
  parseCommandLine(START_USAGE, {});
  const config = configOrExit();
  const problems = environmentProblems(config);
  if (problems.length > 0) {
    for (const p of problems) console.error(p);
    process.exit(2);
  }
  // Loaded only now, so a configuration problem is reported at once.
  if (!config.TELEGRAM_BOT_TOKEN) return (await import('./cli/chat.js')).runTerminalChat(config);
  const { startBot } = await import('./bot/start.js');
  const { errorInfo } = await import('./bot/bot.js');
  const logger = createLogger(config.LOG_LEVEL);
  process.on('unhandledRejection', (err) => logger.error({ err: errorInfo(err) }, 'unhandled rejection'));

  const startup = new AbortController();
  let running: RunningBot | undefined;
  let stopping = false;
  const finish = (code: number) => {
    const stopped = running ? running.stop() : Promise.resolve();
    stopped.then(
      () => process.exit(code),
      (err: unknown) => {
        logger.error({ err: errorInfo(err) }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  const shutdown = (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal, graceMs: config.SHUTDOWN_GRACE_MS }, 'shutting down; finishing answers in flight');
    setTimeout(() => {
      logger.error('shutdown took longer than the grace period; exiting');
      process.exit(1);
    }, config.SHUTDOWN_GRACE_MS + WATCHDOG_MARGIN_MS).unref();
    startup.abort();
    if (running) finish(0);
    else process.exit(0); // still starting: nothing in flight, and the index is built atomically
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  running = await startBot(config, logger, startup.signal);
  if (!running) return process.exit(0); // stopped while waiting for the Bot API
  if (stopping) return finish(0); // a signal arrived during the last steps of start-up
  void running.failed.then((err) => {
    logger.fatal(err.message);
    stopping = true;
    finish(1);
  });
});
