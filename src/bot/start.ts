/**
 * Starting and stopping the bot: index, chat store, answerer, grammY; long polling with
 * @grammyjs/runner, or a webhook server when WEBHOOK_URL is set. Stopping lets in-flight answers
 * finish and closes the store.
 */
import { createServer, type Server } from 'node:http';
import { run, type RunnerHandle } from '@grammyjs/runner';
import { webhookCallback, type Bot } from 'grammy';
import { createAnswerer } from '../answer/create-answerer.js';
import { openConfiguredIndex } from '../retrieval/configured-index.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { PolicyIndex } from '../retrieval/policy-index.js';
import { reportSummary } from '../retrieval/store.js';
import { COMMANDS, createBot, errorInfo } from './bot.js';
import { ChatStore } from './chat-store.js';
import { Conversation } from './conversation.js';

export interface RunningBot {
  bot: Bot;
  conversation: Conversation;
  stop(): Promise<void>;
}

export async function startBot(config: Config, logger: Logger): Promise<RunningBot> {
  const opened = await openConfiguredIndex(config);
  let index: PolicyIndex = opened.index;
  logger.info({ documents: index.documentCount, passages: index.passageCount, built: opened.built && reportSummary(opened.built), ms: Math.round(opened.ms) }, 'index ready');
  const store = new ChatStore(config.DATA_DIR);
  const answerer = await createAnswerer(config, () => index, logger);
  const conversation = new Conversation({ answerer, store, index: () => index });

  const reindex = async () => {
    const rebuilt = await openConfiguredIndex(config, true);
    index = rebuilt.index; // questions already being answered finish on the old index
    logger.info({ documents: index.documentCount, passages: index.passageCount, ms: Math.round(rebuilt.ms) }, 'reindexed');
    return `索引已重建：${index.documentCount} 份文件、${index.passageCount} 段，用时 ${(rebuilt.ms / 1000).toFixed(1)} 秒。`;
  };

  const bot = createBot({
    token: config.TELEGRAM_BOT_TOKEN!,
    apiRoot: config.TELEGRAM_API_ROOT,
    conversation,
    logger,
    allowedChatIds: config.ALLOWED_CHAT_IDS,
    adminUserIds: config.ADMIN_USER_IDS,
    questionsPerMinute: config.RATE_LIMIT_PER_MINUTE,
    reindex,
    streaming: answerer.mode === 'model',
  });
  await bot.init();
  // Optional: a server that lacks setMyCommands must not stop the bot.
  for (const scope of [{ type: 'all_private_chats' }, { type: 'all_group_chats' }] as const) {
    await bot.api.setMyCommands(COMMANDS, { scope }).catch((err: unknown) => logger.warn({ err: errorInfo(err) }, 'setMyCommands failed'));
  }

  let runner: RunnerHandle | undefined;
  let server: Server | undefined;
  if (config.WEBHOOK_URL) {
    const handle = webhookCallback(bot, 'http', { secretToken: config.WEBHOOK_SECRET });
    server = createServer((req, res) => void handle(req, res).catch((err: unknown) => logger.error({ err: errorInfo(err) }, 'webhook request failed')));
    await new Promise<void>((resolve) => server!.listen(config.PORT, resolve));
    await bot.api.setWebhook(config.WEBHOOK_URL, { secret_token: config.WEBHOOK_SECRET });
    logger.info({ port: config.PORT }, 'webhook mode');
  } else {
    await bot.api.deleteWebhook().catch((err: unknown) => logger.warn({ err: errorInfo(err) }, 'deleteWebhook failed'));
    runner = run(bot, { runner: { fetch: { allowed_updates: ['message', 'callback_query'] } } });
    logger.info({ username: bot.botInfo.username }, 'long polling');
  }

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      if (runner?.isRunning()) await runner.stop(); // resolves when running handlers are done
      if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
      store.close();
      logger.info('bot stopped');
    })());
  return { bot, conversation, stop };
}
