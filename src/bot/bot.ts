/**
 * The grammY bot: middleware in the order an update meets it — error boundary, per-chat ordering,
 * allowed chats, addressing rules for groups, rate limit, then commands, buttons and questions.
 */
import { autoRetry } from '@grammyjs/auto-retry';
import { limit } from '@grammyjs/ratelimiter';
import { sequentialize } from '@grammyjs/runner';
import { Bot, type Context } from 'grammy';
import type { Logger } from '../logger.js';
import type { RateLimitStorage } from '../store/rate-limit-storage.js';
import { addressedText, isCommandForMe } from './addressing.js';
import type { Conversation } from './conversation.js';
import { DraftStream } from './draft.js';
import type { InFlight } from './in-flight.js';
import { TEXT, type Reply } from './replies.js';
import { sendReply, targetOf } from './send.js';
import { reportPollingFailures, retryNetworkFailures } from './telegram-link.js';
import { cutText } from './text-cut.js';

export interface BotOptions {
  token: string;
  apiRoot?: string;
  conversation: Conversation;
  logger: Logger;
  /** Empty: every chat may use the bot. */
  allowedChatIds: number[];
  adminUserIds: number[];
  questionsPerMinute: number;
  /** Rebuilds the index from knowledge/; resolves with a one-line summary. */
  reindex: () => Promise<string>;
  /** Show progress drafts while the model writes (model mode only). */
  streaming: boolean;
  /** Updates being handled, for shutdown. */
  inFlight: InFlight;
  /** False for an update already handled (Telegram delivered it again). */
  claimUpdate: (updateId: number) => Promise<boolean>;
  /** Where rate-limit hits are counted (shared by instances on PostgreSQL); in memory by default. */
  rateLimitStorage?: RateLimitStorage;
}

export const COMMANDS = [
  { command: 'ask', description: '提问 Ask a question' },
  { command: 'brief', description: '主题简报 Briefing on a topic' },
  { command: 'source', description: '查看出处 Show a cited passage' },
  { command: 'docs', description: '文件列表 Documents' },
  { command: 'help', description: '使用说明 Help' },
];

/** An answer or a briefing is at most this many messages (a runaway model answer is cut). */
const MAX_ANSWER_MESSAGES = 2;
/** Long enough for a long poll (30 s), short enough that no call hangs for minutes. */
const API_TIMEOUT_SECONDS = 60;

export function createBot(options: BotOptions): Bot {
  const { conversation, logger, inFlight } = options;
  const bot = new Bot(options.token, { client: { apiRoot: options.apiRoot, timeoutSeconds: API_TIMEOUT_SECONDS } });
  // 429 and 5xx: wait `retry_after` and try again, a bounded number of times; network failures are
  // retried a few times by retryNetworkFailures (the plugin alone would retry them forever).
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 60, rethrowHttpErrors: true }));
  bot.api.config.use(retryNetworkFailures(logger));
  bot.api.config.use(reportPollingFailures(logger));

  const isGroup = (ctx: Context) => ctx.chat?.type === 'group' || ctx.chat?.type === 'supergroup';
  const reply = (ctx: Context, r: Reply) => sendReply(ctx.api, targetOf(ctx, isGroup(ctx)), r);
  const optional = (what: string) => (err: unknown) => logger.debug({ err: errorInfo(err), what }, 'optional call failed');
  const addressesMe = (ctx: Context) => ctx.msg !== undefined && (isCommandForMe(ctx.msg, ctx.me) || addressedText(ctx.msg, ctx.me) !== undefined);

  // Each update once (Telegram may deliver one again), and tracked while handled: shutdown waits for it.
  bot.use(async (ctx, next) => {
    const updateId = ctx.update.update_id;
    if (!(await options.claimUpdate(updateId))) return logger.info({ update: updateId }, 'update already handled; ignored');
    const entry = inFlight.begin(updateId, ctx.chat ? targetOf(ctx, isGroup(ctx)) : undefined);
    try {
      await next();
    } finally {
      inFlight.end(entry);
    }
  });

  // One bad update never stops the bot: log it, apologise, carry on.
  const guarded = bot.errorBoundary(async ({ error, ctx }) => {
    if (inFlight.get(ctx.update.update_id)?.abandoned) return logger.debug({ err: errorInfo(error), update: ctx.update.update_id }, 'update failed after shutdown gave up on it');
    logger.error({ err: errorInfo(error), update: ctx.update.update_id, chat: ctx.chat?.id }, 'update failed');
    if (ctx.chat) await ctx.api.sendMessage(ctx.chat.id, TEXT.apology).catch(optional('apology'));
  });
  // Updates of one chat in order, different chats concurrently (with @grammyjs/runner).
  guarded.use(sequentialize((ctx: Context) => ctx.chat?.id.toString()));

  const refusedChats = new Set<number>();
  guarded.use(async (ctx, next) => {
    const chatId = ctx.chat?.id;
    if (options.allowedChatIds.length === 0 || chatId === undefined || options.allowedChatIds.includes(chatId)) return next();
    if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch(optional('answerCallbackQuery'));
    // Private chats: one polite refusal. Groups: silence at their chatter; one refusal only when addressed.
    const addressed = !isGroup(ctx) || addressesMe(ctx);
    if (addressed && !refusedChats.has(chatId)) {
      refusedChats.add(chatId);
      await ctx.api.sendMessage(chatId, TEXT.notAllowed).catch(optional('not allowed'));
    }
  });

  // In groups only what addresses the bot goes further: commands for it, mentions, replies to it.
  guarded.use(async (ctx, next) => {
    if (!isGroup(ctx) || ctx.callbackQuery) return next();
    if (addressesMe(ctx)) return next();
  });

  const rateLimited = limit<Context, RateLimitStorage>({
    timeFrame: 60_000,
    limit: options.questionsPerMinute,
    keyGenerator: (ctx) => ctx.from?.id.toString(),
    storageClient: options.rateLimitStorage ?? 'MEMORY_STORE',
    onLimitExceeded: (ctx) => void reply(ctx, { html: TEXT.rateLimited }).catch(optional('rate limit notice')),
  });

  /** A question or briefing: the user waits for it, so shutdown apologises if it cannot finish. */
  const awaitedAnswer = async (ctx: Context, answer: (draft?: DraftStream) => Promise<Reply>) => {
    const entry = inFlight.get(ctx.update.update_id);
    if (entry) entry.awaited = true;
    const target = targetOf(ctx, isGroup(ctx));
    const typing = keepTyping(ctx, optional('sendChatAction'));
    const draft = options.streaming ? new DraftStream(ctx.api, target, ctx.chat?.type === 'private', optional('draft')) : undefined;
    if (entry && draft) entry.draft = draft;
    try {
      const result = await answer(draft);
      await draft?.finish();
      if (entry?.abandoned) return; // shutdown has apologised for it already
      await sendReply(ctx.api, target, result, { maxMessages: MAX_ANSWER_MESSAGES });
    } finally {
      typing.stop();
      await draft?.finish();
    }
  };
  const ask = (ctx: Context, question: string) => {
    if (!question.trim()) return reply(ctx, { html: TEXT.emptyQuestion });
    return awaitedAnswer(ctx, (draft) => conversation.ask(ctx.chat!.id, question, { onDraft: draft ? (t) => draft.update(t) : undefined }));
  };

  guarded.command(['start', 'help'], (ctx) => reply(ctx, conversation.help(ctx.me.username)));
  guarded.command('docs', (ctx) => reply(ctx, conversation.docs()));
  guarded.command('source', async (ctx) => reply(ctx, await conversation.source(ctx.chat.id, ctx.match)));
  guarded.command('ask', rateLimited, (ctx) => ask(ctx, ctx.match));
  guarded.command('brief', rateLimited, (ctx) => awaitedAnswer(ctx, () => conversation.brief(ctx.chat.id, ctx.match)));

  const admin = (ctx: Context) => ctx.from !== undefined && options.adminUserIds.includes(ctx.from.id);
  let reindexing = false;
  guarded.command('stats', async (ctx) => reply(ctx, admin(ctx) ? await conversation.stats() : { html: TEXT.adminOnly }));
  guarded.command('reindex', async (ctx) => {
    if (!admin(ctx)) return reply(ctx, { html: TEXT.adminOnly });
    if (reindexing) return reply(ctx, { html: TEXT.reindexBusy });
    reindexing = true;
    await reply(ctx, { html: TEXT.reindexStarted });
    const target = targetOf(ctx, false);
    // Not awaited: this chat's later updates (and everyone else's) are answered meanwhile.
    void options
      .reindex()
      .then((summary) => sendReply(ctx.api, target, { html: summary }))
      .catch(async (err: unknown) => {
        logger.error({ err: errorInfo(err) }, 'reindex failed');
        await sendReply(ctx.api, target, { html: `重建失败，继续使用原索引：${escapeForLog(err)}` }).catch(optional('reindex failure notice'));
      })
      .finally(() => (reindexing = false));
  });

  // src:<answer>:<n> opens a cited passage; nav:<answer>:<n>:<offset> steps through its document.
  guarded.callbackQuery(/^(?:src|nav):(\d+):(\d+)(?::(-?\d+))?$/, async (ctx) => {
    await ctx.answerCallbackQuery().catch(optional('answerCallbackQuery'));
    const [, answerId, n, offset = '0'] = ctx.match;
    await sendReply(ctx.api, { chatId: ctx.chat!.id }, await conversation.openSource(ctx.chat!.id, Number(answerId), Number(n), Number(offset)));
  });
  guarded.on('callback_query', (ctx) => ctx.answerCallbackQuery({ text: TEXT.expired }).catch(optional('answerCallbackQuery')));

  guarded.on('message:text', rateLimited, async (ctx) => {
    if (isCommandForMe(ctx.msg, ctx.me)) return reply(ctx, conversation.help(ctx.me.username)); // unknown command
    await ask(ctx, isGroup(ctx) ? (addressedText(ctx.msg, ctx.me) ?? '') : ctx.msg.text);
  });
  guarded.on('message', (ctx) => reply(ctx, { html: TEXT.nonText }));

  bot.catch((err) => logger.error({ err: errorInfo(err.error), update: err.ctx.update.update_id }, 'unhandled bot error'));
  return bot;
}

/** "typing…" now and every 4 s until stopped; failures ignored (the answer matters, not this). */
function keepTyping(ctx: Context, onError: (err: unknown) => void): { stop: () => void } {
  const send = () => void ctx.replyWithChatAction('typing').catch(onError);
  send();
  const timer = setInterval(send, 4000);
  return { stop: () => clearInterval(timer) };
}

/** Errors as log fields; grammY errors carry the method and description, never the token. */
export function errorInfo(err: unknown): object {
  const e = err as { name?: string; message?: string; method?: string; error_code?: number; description?: string };
  return { name: e?.name, message: redactToken(String(e?.message ?? err)), method: e?.method, code: e?.error_code };
}

function redactToken(text: string): string {
  return text.replace(/\d{5,}:[A-Za-z0-9_-]{20,}/g, '[token]');
}

function escapeForLog(err: unknown): string {
  return cutText(redactToken(String((err as Error)?.message ?? err)).replace(/[<>&]/g, ' '), 200);
}
