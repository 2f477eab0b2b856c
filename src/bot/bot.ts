/**
 * The grammY bot: middleware in the order an update meets it — each update once, error boundary,
 * per-chat ordering, allowed chats, extensions, then commands, buttons and questions (private
 * chats: every text; groups: only what addresses the bot).
 */
import { autoRetry } from '@grammyjs/auto-retry';
import { limit } from '@grammyjs/ratelimiter';
import { sequentialize } from '@grammyjs/runner';
import { Bot, Composer, type Context } from 'grammy';
import { SOURCE_BUTTON, VOTE_BUTTON } from '../chat/callback-data.js';
import { COMMANDS, unknownCommandHint, type CommandInfo, type CommandScope } from '../chat/commands.js';
import type { Conversation } from '../chat/conversation.js';
import { echo, TEXT } from '../chat/replies.js';
import { textReply, type Reply } from '../chat/reply.js';
import type { Logger } from '../logger.js';
import type { RateLimitStorage } from '../store/rate-limit-storage.js';
import { addressedText, isCommandForMe } from './addressing.js';
import { allowedChats } from './allowed-chats.js';
import { answering } from './answering.js';
import { errorInfo, errorLine } from './errors.js';
import type { InFlight } from './in-flight.js';
import { replyTargetOf, sendReply, targetOf } from './send.js';
import { reportPollingFailures, retryNetworkFailures } from './telegram-link.js';

export { errorInfo } from './errors.js';

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
  /**
   * More features as composers (e.g. /subscribe): they see every update that passed the gates
   * (once, in order, allowed chat) before the built-in commands, and call next() for the rest.
   */
  extensions?: Composer<Context>[];
  /** Every command, the extensions' too (for the unknown-command hint). Default: the built-in ones. */
  commands?: CommandInfo[];
  /** Where rate-limit hits are counted (shared by instances on PostgreSQL); in memory by default. */
  rateLimitStorage?: RateLimitStorage;
}

/** Long enough for a long poll (30 s), short enough that no call hangs for minutes. */
const API_TIMEOUT_SECONDS = 60;

export function createBot(options: BotOptions): Bot {
  const { conversation, logger, inFlight } = options;
  const commands = options.commands ?? COMMANDS;
  const bot = new Bot(options.token, { client: { apiRoot: options.apiRoot, timeoutSeconds: API_TIMEOUT_SECONDS } });
  // 429 and 5xx: wait `retry_after` and try again, a bounded number of times; network failures are
  // retried a few times by retryNetworkFailures (the plugin alone would retry them forever).
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 60, rethrowHttpErrors: true }));
  bot.api.config.use(retryNetworkFailures(logger));
  bot.api.config.use(reportPollingFailures(logger));

  const optional = (what: string) => (err: unknown) => logger.debug({ err: errorInfo(err), what }, 'optional call failed');
  const reply = (ctx: Context, r: Reply) => sendReply(ctx.api, replyTargetOf(ctx), r);
  const isAdmin = (ctx: Context) => ctx.from !== undefined && options.adminUserIds.includes(ctx.from.id);
  const scopeOf = (ctx: Context): CommandScope => (ctx.hasChatType('private') ? (isAdmin(ctx) ? 'admin' : 'private') : 'group');
  const { ask, brief } = answering({ conversation, inFlight, streaming: options.streaming, onOptionalFailure: optional });

  // Each update once (Telegram may deliver one again), and tracked while handled: shutdown waits for it.
  bot.use(async (ctx, next) => {
    const updateId = ctx.update.update_id;
    if (!(await options.claimUpdate(updateId))) return logger.info({ update: updateId }, 'update already handled; ignored');
    const entry = inFlight.begin(updateId, ctx.chat ? replyTargetOf(ctx) : undefined);
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
  guarded.use(allowedChats(options.allowedChatIds, optional));
  for (const extension of options.extensions ?? []) guarded.use(extension);

  const rateLimited = limit<Context, RateLimitStorage>({
    timeFrame: 60_000,
    limit: options.questionsPerMinute,
    keyGenerator: (ctx) => ctx.from?.id.toString(),
    storageClient: options.rateLimitStorage ?? 'MEMORY_STORE',
    onLimitExceeded: (ctx) => void reply(ctx, textReply(TEXT.rateLimited)).catch(optional('rate limit notice')),
  });

  // Commands (grammY matches /cmd and /cmd@ThisBot, never /cmd@OtherBot), in every chat type.
  guarded.command(['start', 'help'], async (ctx) => reply(ctx, await conversation.help(scopeOf(ctx), ctx.me.username)));
  guarded.command('docs', (ctx) => reply(ctx, conversation.docs()));
  guarded.command('source', async (ctx) => reply(ctx, await conversation.source(ctx.chat.id, ctx.match)));
  guarded.command('ask', rateLimited, (ctx) => (ctx.match.trim() ? ask(ctx, ctx.match) : reply(ctx, textReply(TEXT.emptyQuestion))));
  guarded.command('brief', rateLimited, (ctx) => brief(ctx, ctx.match));
  guarded.use(adminCommands(options, reply, isAdmin, conversation, optional));

  // src:/nav: open a cited passage or step through its document; fb: a vote on an answer.
  guarded.callbackQuery(SOURCE_BUTTON, async (ctx) => {
    await ctx.answerCallbackQuery().catch(optional('answerCallbackQuery'));
    const [, answerId, n, offset = '0'] = ctx.match;
    await sendReply(ctx.api, { chatId: ctx.chat!.id }, await conversation.openSource(ctx.chat!.id, Number(answerId), Number(n), Number(offset)));
  });
  guarded.callbackQuery(VOTE_BUTTON, async (ctx) => {
    const [, answerId, vote] = ctx.match;
    const thanks = await conversation.vote(ctx.chat!.id, ctx.from.id, Number(answerId), vote as 'up' | 'down');
    await ctx.answerCallbackQuery({ text: thanks ?? TEXT.expired }).catch(optional('answerCallbackQuery'));
  });
  guarded.on('callback_query', (ctx) => ctx.answerCallbackQuery({ text: TEXT.expired }).catch(optional('answerCallbackQuery')));

  // A command for this bot that no handler above took: one line naming the ones it has. In groups
  // only when it names the bot (/foo@ThisBot): a bare /foo there may be meant for another bot.
  const unknownCommand = (ctx: Context & { msg: { text: string } }) =>
    reply(ctx, textReply(unknownCommandHint(echo(ctx.msg.text.slice(1).split(/[@\s]/)[0] ?? '', 32), scopeOf(ctx), commands)));
  const namesMe = (ctx: Context & { msg: { text: string } }) => /^\/\S*@/.test(ctx.msg.text);
  const privateChats = guarded.chatType('private');
  const groups = guarded.chatType(['group', 'supergroup']);
  privateChats.on('message:entities:bot_command').filter((ctx) => isCommandForMe(ctx.msg, ctx.me), unknownCommand);
  groups.on('message:entities:bot_command').filter((ctx) => isCommandForMe(ctx.msg, ctx.me) && namesMe(ctx), unknownCommand);

  // Private chats: every text is a question; anything else gets a hint.
  privateChats.on('message:text', rateLimited, (ctx) => ask(ctx, ctx.msg.text));
  privateChats.on('message', (ctx) => reply(ctx, textReply(TEXT.nonText)));

  // Groups: only a mention of the bot or a reply to it is a question; other chatter is not ours.
  const addressed = (ctx: Context) => ctx.msg !== undefined && addressedText(ctx.msg, ctx.me) !== undefined;
  groups.on('message:text').filter(addressed, rateLimited, (ctx) => ask(ctx, addressedText(ctx.msg, ctx.me)!));
  groups.on('message').filter(addressed, (ctx) => reply(ctx, textReply(TEXT.nonText)));

  bot.catch((err) => logger.error({ err: errorInfo(err.error), update: err.ctx.update.update_id }, 'unhandled bot error'));
  return bot;
}

/** /stats and /reindex, for ADMIN_USER_IDS only. */
function adminCommands(
  options: BotOptions,
  reply: (ctx: Context, r: Reply) => Promise<void>,
  isAdmin: (ctx: Context) => boolean,
  conversation: Conversation,
  optional: (what: string) => (err: unknown) => void,
): Composer<Context> {
  const admin = new Composer<Context>();
  admin.command(['stats', 'reindex']).drop(isAdmin, (ctx) => reply(ctx, textReply(TEXT.adminOnly)));
  admin.command('stats', async (ctx) => reply(ctx, await conversation.stats()));
  let reindexing = false;
  admin.command('reindex', async (ctx) => {
    if (reindexing) return reply(ctx, textReply(TEXT.reindexBusy));
    reindexing = true;
    await reply(ctx, textReply(TEXT.reindexStarted));
    const target = targetOf(ctx, false);
    // Not awaited: this chat's later updates (and everyone else's) are answered meanwhile.
    void options
      .reindex()
      .then((summary) => sendReply(ctx.api, target, textReply(summary)))
      .catch(async (err: unknown) => {
        options.logger.error({ err: errorInfo(err) }, 'reindex failed');
        await sendReply(ctx.api, target, textReply(`重建失败，继续使用原索引：${errorLine(err)}`)).catch(optional('reindex failure notice'));
      })
      .finally(() => (reindexing = false));
  });
  return admin;
}
