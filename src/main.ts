/** `npm start`: the Telegram bot when TELEGRAM_BOT_TOKEN is set, otherwise the terminal chat. */
import { startBot } from './bot/start.js';
import { runTerminalChat } from './cli/chat.js';
import { configOrExit, run } from './cli/shared.js';
import { createLogger } from './logger.js';

run(async () => {
  const config = configOrExit();
  if (!config.TELEGRAM_BOT_TOKEN) return runTerminalChat(config);
  const logger = createLogger(config.LOG_LEVEL);
  const running = await startBot(config, logger);
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down; finishing answers in flight');
    void running.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
});
