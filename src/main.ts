/** `npm start`: the Telegram bot when TELEGRAM_BOT_TOKEN is set, otherwise the terminal chat. */
import { configOrExit, run } from './cli/shared.js';
import { runTerminalChat } from './cli/chat.js';

run(async () => {
  const config = configOrExit();
  if (config.TELEGRAM_BOT_TOKEN) {
    console.error('The Telegram bot is not built yet (see issue 4); opening the terminal chat instead.');
  }
  await runTerminalChat(config);
});
