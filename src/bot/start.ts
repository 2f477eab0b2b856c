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
import type { Update } from 'grammy/types';
import { createAnswerer } from '../answer/create-answerer.js';
import { openConfiguredIndex } from '../retrieval/configured-index.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { PolicyIndex } from '../retrieval/policy-index.js';
import { reportSummary } from '../retrieval/store.js';
import { COMMANDS } from '../chat/commands.js';
import { Conversation } from '../chat/conversation.js';
import type { FeedbackStore } from '../chat/feedback-store.js';
import { PgFeedbackStore } from '../chat/pg-feedback-store.js';
import { SqliteFeedbackStore } from '../chat/sqlite-feedback-store.js';
import { TEXT } from '../chat/replies.js';
import { textReply } from '../chat/reply.js';
import { createBot, errorInfo } from './bot.js';
import { ChatStore } from './chat-store.js';
import { registerCommandMenus } from './command-menus.js';
import { EXTENSIONS, type ExtensionFactory } from './extensions.js';
import { watchKbVersion, type KbWatcher } from '../store/kb-version.js';
import { openSharedIndex, reindexShared, syncShared } from '../store/shared-index.js';
import { databaseReachable, withHealth, type Health } from '../store/health.js';
import { instanceName, openChatState } from '../store/open-chat-state.js';
import { PgChatState } from '../store/pg-chat-state.js';
import { takePollerLock, type PollerLock } from '../store/poller-lock.js';
import { rateLimitStorage } from '../store/rate-limit-storage.js';
import { chatKeyOf, UpdateInbox } from '../store/update-inbox.js';
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
  // Chat state first: SQLite in DATA_DIR, or PostgreSQL shared with other instances (DATABASE_URL).
  const store = await openChatState(config, logger, signal);
  if (!store) {
    webhook?.server.close(); // stopped while the database was unreachable
    return undefined;
  }
  const pool = store instanceof PgChatState ? store.pool : undefined;
  const instance = instanceName();
  let pollerLock: PollerLock | undefined;
  if (pool && !webhook) {
    pollerLock = await takePollerLock(config.DATABASE_URL!, config.TELEGRAM_BOT_TOKEN!, () => logger.error('lost the database connection holding the long-polling lock'));
    if (!pollerLock) {
      await store.close();
      throw new StartupError(
        'another instance is already long polling with this bot token (same DATABASE_URL); Telegram allows one poller per token. Run several instances in webhook mode (set WEBHOOK_URL).',
      );
    }
  }
  // On PostgreSQL the index is a local replica of the shared knowledge-base version.
  const opened = pool ? await openSharedIndex(config, pool) : { ...(await openConfiguredIndex(config)), version: 0 };
  let index: PolicyIndex = opened.index;
  let kbVersion = opened.version; // the shared version `index` reflects (0 without PostgreSQL)
  // Counts, not lists: a knowledge base of thousands of files must not make one huge log line.
  logger.info(
    { documents: index.documentCount, passages: index.passageCount, built: opened.built !== undefined, skipped: opened.built?.skipped.length, reason: opened.reason, ms: Math.round(opened.ms) },
    'index ready',
  );
  // Votes live beside the chat state: shared on PostgreSQL, DATA_DIR/feedback.sqlite otherwise.
  const feedback: FeedbackStore = pool ? new PgFeedbackStore(pool) : new SqliteFeedbackStore(config.DATA_DIR);
  const answerer = await createAnswerer(config, () => index, logger);
  const commands = [...COMMANDS];
  const conversation = new Conversation({ answerer, store, index: () => index, feedback, commands });
  const extensions = extensionFactories.map((make) => make({ config, logger, conversation, answerer, index: () => index, pool, kbVersion: () => kbVersion }));
  commands.push(...extensions.flatMap((e) => e.commands ?? [])); // the conversation's /help lists them too
  // /help's examples are checked against the index: find them now, not on the first /help.
  void conversation.help('private').catch((err: unknown) => logger.warn({ err: errorInfo(err) }, 'help examples failed'));

  const reindex = async () => {
    // Shared: updated from knowledge/ here, then published for the other instances.
    const rebuilt = pool ? await reindexShared(config, pool) : { ...(await openConfiguredIndex(config, true)), version: 0 };
    index = rebuilt.index; // questions already being answered finish on the old index
    kbVersion = rebuilt.version;
    kb?.adopt(rebuilt.version);
    logger.info({ documents: index.documentCount, passages: index.passageCount, skipped: rebuilt.built?.skipped.length, ms: Math.round(rebuilt.ms) }, 'reindexed');
    for (const extension of extensions) void extension.afterReindex?.();
    return `索引已重建：${index.documentCount} 份文件、${index.passageCount} 段，用时 ${(rebuilt.ms / 1000).toFixed(1)} 秒。`;
  };

  const kb: KbWatcher | undefined = pool
    ? watchKbVersion(
        pool,
        opened.version,
        async () => {
          const synced = await syncShared(config, pool);
          index = synced.index; // switched only once complete: answers never see a half-written index
          kbVersion = synced.version;
          logger.info({ version: synced.version, documents: index.documentCount, passages: index.passageCount, ms: Math.round(synced.ms) }, 'index updated to the shared version');
          for (const extension of extensions) void extension.afterReindex?.();
        },
        (err) => logger.error({ err: errorInfo(err) }, 'index version check failed'),
      )
    : undefined;

  // Webhook updates through the shared inbox: stored before acknowledged, handled once by one instance.
  let inbox: UpdateInbox | undefined;
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
    claimUpdate: (id) => (inbox ? Promise.resolve(true) : store.claimUpdate(id)),
    rateLimitStorage: pool ? rateLimitStorage(store, 60_000) : undefined,
    extensions: extensions.map((e) => e.composer),
    commands,
  });
  if (pool && webhook) {
    inbox = new UpdateInbox({
      pool,
      owner: instance,
      handle: (update) => bot.handleUpdate(update),
      onError: (err, what) => logger.error({ err: errorInfo(err) }, `${what} failed`),
    });
  }
  const health = async (): Promise<Health> => {
    const database = pool ? ((await databaseReachable(() => pool.query('SELECT 1'))) ? 'ok' : 'unreachable') : 'embedded';
    return { ok: database !== 'unreachable', database, indexVersion: kb?.version ?? 0, documents: index.documentCount, passages: index.passageCount, instance };
  };
  const closeState = async () => {
    kb?.stop();
    inbox?.stop();
    await pollerLock?.release();
    await feedback.close(); // before the chat state, which ends the pool they share
    await store.close();
  };
  try {
    if (!(await connect(bot, config.TELEGRAM_API_ROOT ?? OFFICIAL_API_ROOT, logger, signal))) {
      await closeState();
      webhook?.server.close();
      return undefined;
    }
    await registerCommandMenus(bot.api, commands, config.ADMIN_USER_IDS, logger);
  } catch (err) {
    await closeState();
    throw err;
  }

  let polling: Polling | undefined;
  let server: Server | undefined;
  let accepting = true;
  let failed: Promise<Error> = new Promise(() => undefined);
  try {
    if (webhook) {
      server = webhook.server;
      await startWebhook(config, webhook, bot, logger, () => accepting, { inbox, health });
    } else {
      await bot.api.deleteWebhook().catch((err: unknown) => logger.warn({ err: errorInfo(err) }, 'deleteWebhook failed'));
      polling = startPolling(bot, logger, ALLOWED_UPDATES);
      failed = polling.failed;
      logger.info({ username: bot.botInfo.username }, 'long polling');
    }
    for (const extension of extensions) await extension.start?.(bot.api);
  } catch (err) {
    await polling?.stop();
    await closeState();
    throw err;
  }

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      accepting = false;
      inbox?.stop();
      await polling?.stop();
      server?.close();
      server?.closeIdleConnections();
      let abandoned = await inFlight.drain(config.SHUTDOWN_GRACE_MS);
      if (inbox) {
        // Unfinished updates go back to the inbox for another instance (no apology: the user gets
        // the answer from there); finished ones are marked done before the pool closes.
        const handedBack = await inbox.handBack(abandoned.map((e) => e.updateId)).then(
          () => true,
          (err: unknown) => (logger.warn({ err: errorInfo(err) }, 'could not hand unfinished updates back'), false),
        );
        await inbox.idle(FAREWELL_MS);
        if (handedBack && abandoned.length > 0) logger.warn({ updates: abandoned.length }, 'unfinished updates handed back to the other instances');
        if (handedBack) abandoned = [];
      }
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
      await closeState();
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

async function startWebhook(
  config: Config,
  webhook: Listening,
  bot: Bot,
  logger: Logger,
  accepting: () => boolean,
  shared: { inbox?: UpdateInbox; health: () => Promise<Health> },
): Promise<void> {
  const { inbox } = shared;
  let secret = config.WEBHOOK_SECRET;
  if (!secret) {
    secret = randomBytes(32).toString('base64url');
    logger.warn('WEBHOOK_SECRET is not set: generated a random secret for this run and registered it with setWebhook (set WEBHOOK_SECRET to keep one across restarts)');
  }
  const handleHere = (update: Update) => void bot.handleUpdate(update).catch((err: unknown) => logger.error({ err: errorInfo(err), update: update.update_id }, 'update failed'));
  webhook.handle(
    withHealth(
      shared.health,
      webhookHandler({
        secret,
        accepting,
        persist: inbox ? (update) => inbox.accept(update) : undefined,
        onUpdate: inbox ? (update) => inbox.kick(chatKeyOf(update)) : handleHere,
        onRejected: (status, why) => logger.warn({ status }, `webhook request refused: ${why}`),
      }),
    ),
  );
  inbox?.start();
  try {
    await bot.api.setWebhook(config.WEBHOOK_URL!, { secret_token: secret, allowed_updates: ALLOWED_UPDATES });
  } catch (err) {
    throw new StartupError(`Telegram did not accept WEBHOOK_URL ${config.WEBHOOK_URL} (${failureReason(err)}).`);
  }
  logger.info({ port: config.PORT }, 'webhook mode');
}
