/**
 * Starting and stopping the bot: index, chat store, answerer, grammY; long polling with
 * @grammyjs/runner, or a webhook server when WEBHOOK_URL is set.
 *
 * Stopping: no new updates are taken; answers in flight get SHUTDOWN_GRACE_MS to finish; those
 * still running then get their progress drafts removed and one apology per chat, and nothing more
 * is sent for them; then the store is closed.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { Bot } from 'grammy';
import { createAnswerer } from '../answer/create-answerer.js';
import { openConfiguredIndex } from '../retrieval/configured-index.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { PolicyIndex } from '../retrieval/policy-index.js';
import { reportSummary } from '../retrieval/store.js';
import { COMMANDS } from '../chat/commands.js';
import { Conversation } from '../chat/conversation.js';
import { FeedbackStore } from '../chat/feedback-store.js';
import { TEXT } from '../chat/replies.js';
import { textReply } from '../chat/reply.js';
import { createBot, errorInfo } from './bot.js';
import { ChatStore } from './chat-store.js';
import { registerCommandMenus } from './command-menus.js';
import { EXTENSIONS, type ExtensionFactory } from './extensions.js';
import { apologyTargets, InFlight } from './in-flight.js';
import { sendReply } from './send.js';
import { connect, failureReason, sleep, startPolling, StartupError, type Polling } from './telegram-link.js';
import { webhookHandler } from './webhook.js';

export interface RunningBot {
  bot: Bot;
  conversation: Conversation;
  stop(): Promise<void>;
  /** Resolves if the bot stopped working on its own (token rejected, another instance kept polling). */
  failed: Promise<Error>;
}

const ALLOWED_UPDATES: ('message' | 'callback_query')[] = ['message', 'callback_query'];
const OFFICIAL_API_ROOT = 'https://api.telegram.org';
/** After the grace period: time for removing drafts and sending apologies. */
const FAREWELL_MS = 2000;

/**
 * Starts the bot; resolves undefined if `signal` aborts while the Bot API is still unreachable.
 * `extensions`: features beyond the built-in ones (default: those wired in EXTENSIONS).
 */
export async function startBot(
  config: Config,
  logger: Logger,
  signal: AbortSignal = new AbortController().signal,
  extensions: ExtensionFactory[] = EXTENSIONS,
): Promise<RunningBot | undefined> {
  // The port first: a port in use is reported before the index is loaded.
  const webhook = config.WEBHOOK_URL ? await listen(config.PORT) : undefined;
  try {
    return await startOnPort(config, logger, signal, webhook, extensions);
  } catch (err) {
    webhook?.server.close();
    throw err;
  }
}

async function startOnPort(config: Config, logger: Logger, signal: AbortSignal, webhook: Listening | undefined, extensionFactories: ExtensionFactory[]): Promise<RunningBot | undefined> {
  const opened = await openConfiguredIndex(config);
  let index: PolicyIndex = opened.index;
  // Counts, not lists: a knowledge base of thousands of files must not make one huge log line.
  logger.info(
    { documents: index.documentCount, passages: index.passageCount, built: opened.built !== undefined, skipped: opened.built?.skipped.length, reason: opened.reason, ms: Math.round(opened.ms) },
    'index ready',
  );
  const store = new ChatStore(config.DATA_DIR);
  const feedback = new FeedbackStore(config.DATA_DIR);
  const closeStores = () => {
    store.close();
    feedback.close();
  };
  const answerer = await createAnswerer(config, () => index, logger);
  const commands = [...COMMANDS];
  const conversation = new Conversation({ answerer, store, index: () => index, feedback, commands });
  const extensions = extensionFactories.map((make) => make({ config, logger, conversation, answerer, index: () => index }));
  commands.push(...extensions.flatMap((e) => e.commands ?? [])); // the conversation's /help lists them too
  // /help's examples are checked against the index: find them now, not on the first /help.
  void conversation.help('private').catch((err: unknown) => logger.warn({ err: errorInfo(err) }, 'help examples failed'));

  const reindex = async () => {
    const rebuilt = await openConfiguredIndex(config, true);
    index = rebuilt.index; // questions already being answered finish on the old index
    logger.info({ documents: index.documentCount, passages: index.passageCount, skipped: rebuilt.built?.skipped.length, ms: Math.round(rebuilt.ms) }, 'reindexed');
    for (const extension of extensions) void extension.afterReindex?.();
    return `索引已重建：${index.documentCount} 份文件、${index.passageCount} 段，用时 ${(rebuilt.ms / 1000).toFixed(1)} 秒。`;
  };

  const inFlight = new InFlight();
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
    inFlight,
    claimUpdate: (id) => store.claimUpdate(id),
    extensions: extensions.map((e) => e.composer),
    commands,
  });
  try {
    if (!(await connect(bot, config.TELEGRAM_API_ROOT ?? OFFICIAL_API_ROOT, logger, signal))) {
      closeStores();
      webhook?.server.close();
      return undefined;
    }
    await registerCommandMenus(bot.api, commands, config.ADMIN_USER_IDS, logger);
  } catch (err) {
    closeStores();
    throw err;
  }

  let polling: Polling | undefined;
  let server: Server | undefined;
  let accepting = true;
  let failed: Promise<Error> = new Promise(() => undefined);
  try {
    if (webhook) {
      server = webhook.server;
      await startWebhook(config, webhook, bot, logger, () => accepting);
    } else {
      await bot.api.deleteWebhook().catch((err: unknown) => logger.warn({ err: errorInfo(err) }, 'deleteWebhook failed'));
      polling = startPolling(bot, logger, ALLOWED_UPDATES);
      failed = polling.failed;
      logger.info({ username: bot.botInfo.username }, 'long polling');
    }
    for (const extension of extensions) await extension.start?.(bot.api);
  } catch (err) {
    await polling?.stop();
    closeStores();
    throw err;
  }

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      accepting = false;
      await polling?.stop();
      server?.close();
      server?.closeIdleConnections();
      const abandoned = await inFlight.drain(config.SHUTDOWN_GRACE_MS);
      if (abandoned.length > 0) {
        const targets = apologyTargets(abandoned);
        logger.warn({ updates: abandoned.length, chats: targets.length, graceMs: config.SHUTDOWN_GRACE_MS }, 'answers still running after the grace period; apologising');
        const farewell = AbortSignal.timeout(FAREWELL_MS);
        await settleWithin(FAREWELL_MS, abandoned.map((e) => e.draft?.finish()));
        await settleWithin(
          FAREWELL_MS,
          targets.map((t) => sendReply(bot.api, t, textReply(TEXT.shuttingDown), { signal: farewell }).catch((err: unknown) => logger.warn({ err: errorInfo(err) }, 'apology not sent'))),
        );
      }
      server?.closeAllConnections();
      for (const extension of extensions) {
        await Promise.resolve(extension.stop?.()).catch((err: unknown) => logger.warn({ err: errorInfo(err) }, 'extension did not stop cleanly'));
      }
      closeStores();
      logger.info('bot stopped');
    })());
  return { bot, conversation, stop, failed };
}

/** Waits for the promises, but not longer than `ms`. */
async function settleWithin(ms: number, promises: (Promise<unknown> | undefined)[]): Promise<void> {
  await Promise.race([Promise.allSettled(promises), sleep(ms)]);
}

interface Listening {
  server: Server;
  /** Sets the request handler (until then requests get 503). */
  handle(handler: RequestListener): void;
}

/** A server listening on PORT; a port in use or forbidden is one clear line. */
async function listen(port: number): Promise<Listening> {
  let handler: RequestListener = (_req, res) => res.writeHead(503, { 'content-type': 'text/plain' }).end('starting\n');
  const server = createServer((req, res) => handler(req, res));
  server.requestTimeout = 15_000; // a client that never finishes its body does not hold a socket for long
  server.headersTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') reject(new StartupError(`PORT ${port} is already in use by another program; set PORT to a free port.`));
      else if (err.code === 'EACCES') reject(new StartupError(`PORT ${port} may not be used by this user (EACCES); choose a port above 1023.`));
      else reject(new StartupError(`cannot listen on PORT ${port} (${err.code ?? err.message}).`));
    });
    server.listen(port, resolve);
  });
  return { server, handle: (h) => (handler = h) };
}

async function startWebhook(config: Config, webhook: Listening, bot: Bot, logger: Logger, accepting: () => boolean): Promise<void> {
  let secret = config.WEBHOOK_SECRET;
  if (!secret) {
    secret = randomBytes(32).toString('base64url');
    logger.warn('WEBHOOK_SECRET is not set: generated a random secret for this run and registered it with setWebhook (set WEBHOOK_SECRET to keep one across restarts)');
  }
  webhook.handle(
    webhookHandler({
      secret,
      accepting,
      onUpdate: (update) => void bot.handleUpdate(update).catch((err: unknown) => logger.error({ err: errorInfo(err), update: update.update_id }, 'update failed')),
      onRejected: (status, why) => logger.warn({ status }, `webhook request refused: ${why}`),
    }),
  );
  try {
    await bot.api.setWebhook(config.WEBHOOK_URL!, { secret_token: secret, allowed_updates: ALLOWED_UPDATES });
  } catch (err) {
    throw new StartupError(`Telegram did not accept WEBHOOK_URL ${config.WEBHOOK_URL} (${failureReason(err)}).`);
  }
  logger.info({ port: config.PORT }, 'webhook mode');
}
