/**
 * The grammY bot: middleware in the order an update meets it — error boundary, per-chat ordering,
 * allowed chats, addressing rules for groups, rate limit, then commands, buttons and questions.
 */
import { autoRetry } from '@grammyjs/auto-retry';
import { limit } from '@grammyjs/ratelimiter';
import { sequentialize } from '@grammyjs/runner';
import { Bot, type Context } from 'grammy';
import type { Logger } from '../logger.js';
import type { Conversation } from './conversation.js';
import { DraftStream } from './draft.js';
import { TEXT, type Reply } from './replies.js';
import { sendReply, targetOf } from './send.js';

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
  /** Stream model answers into drafts (model mode only). */
  streaming: boolean;
}

export const COMMANDS = [
  { command: 'ask', description: '提问 Ask a question' },
  { command: 'brief', description: '主题简报 Briefing on a topic' },
  { command: 'source', description: '查看出处 Show a cited passage' },
  { command: 'docs', description: '文件列表 Documents' },
  { command: 'help', description: '使用说明 Help' },
];

export function createBot(options: BotOptions): Bot {
  const { conversation, logger } = options;
  const bot = new Bot(options.token, { client: { apiRoot: options.apiRoot } });
  // 429 and network hiccups: wait `retry_after` and try again, a bounded number of times.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 60 }));

  const isGroup = (ctx: Context) => ctx.chat?.type === 'group' || ctx.chat?.type === 'supergroup';
  const reply = (ctx: Context, r: Reply) => sendReply(ctx.api, targetOf(ctx, isGroup(ctx)), r);
  const optional = (what: string) => (err: unknown) => logger.debug({ err: errorInfo(err), what }, 'optional call failed');

  // One bad update never stops the bot: log it, apologise, carry on.
  bot.use(async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      logger.error({ err: errorInfo(err), update: ctx.update.update_id, chat: ctx.chat?.id }, 'update failed');
      if (ctx.chat) await ctx.api.sendMessage(ctx.chat.id, TEXT.apology).catch(optional('apology'));
    }
  });
  // Updates of one chat in order, different chats concurrently (with @grammyjs/runner).
  bot.use(sequentialize((ctx: Context) => ctx.chat?.id.toString()));

  const refusedChats = new Set<number>();
  bot.use(async (ctx, next) => {
    const chatId = ctx.chat?.id;
    if (options.allowedChatIds.length === 0 || chatId === undefined || options.allowedChatIds.includes(chatId)) return next();
    if (!refusedChats.has(chatId)) {
      refusedChats.add(chatId); // one polite refusal per chat, not one per message
      await ctx.api.sendMessage(chatId, TEXT.notAllowed).catch(optional('not allowed'));
    }
    if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch(optional('answerCallbackQuery'));
  });

  // In groups only what addresses the bot goes further: commands, mentions, replies to it.
  bot.use(async (ctx, next) => {
    if (!isGroup(ctx) || ctx.callbackQuery) return next();
    if (addressedText(ctx) !== undefined || isCommand(ctx)) return next();
  });

  const rateLimited = limit<Context, never>({
    timeFrame: 60_000,
    limit: options.questionsPerMinute,
    keyGenerator: (ctx) => ctx.from?.id.toString(),
    onLimitExceeded: (ctx) => void reply(ctx, { html: TEXT.rateLimited }).catch(optional('rate limit notice')),
  });

  const ask = async (ctx: Context, question: string) => {
    if (!question.trim()) return reply(ctx, { html: TEXT.emptyQuestion });
    const target = targetOf(ctx, isGroup(ctx));
    const typing = keepTyping(ctx, optional('sendChatAction'));
    const draft = options.streaming ? new DraftStream(ctx.api, target, ctx.chat?.type === 'private', optional('draft')) : undefined;
    try {
      const answer = await conversation.ask(ctx.chat!.id, question, { onDraft: draft ? (t) => draft.update(t) : undefined });
      await draft?.finish();
      await sendReply(ctx.api, target, answer);
    } finally {
      typing.stop();
    }
  };

  bot.command(['start', 'help'], (ctx) => reply(ctx, conversation.help(ctx.me.username)));
  bot.command('docs', (ctx) => reply(ctx, conversation.docs()));
  bot.command('source', (ctx) => reply(ctx, conversation.source(ctx.chat.id, ctx.match)));
  bot.command('ask', rateLimited, (ctx) => ask(ctx, ctx.match));
  bot.command('brief', rateLimited, async (ctx) => {
    const typing = keepTyping(ctx, optional('sendChatAction'));
    try {
      await reply(ctx, await conversation.brief(ctx.chat.id, ctx.match));
    } finally {
      typing.stop();
    }
  });

  const admin = (ctx: Context) => ctx.from !== undefined && options.adminUserIds.includes(ctx.from.id);
  let reindexing = false;
  bot.command('stats', (ctx) => reply(ctx, admin(ctx) ? conversation.stats() : { html: TEXT.adminOnly }));
  bot.command('reindex', async (ctx) => {
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
  bot.callbackQuery(/^(?:src|nav):(\d+):(\d+)(?::(-?\d+))?$/, async (ctx) => {
    await ctx.answerCallbackQuery().catch(optional('answerCallbackQuery'));
    const [, answerId, n, offset = '0'] = ctx.match;
    await sendReply(ctx.api, { chatId: ctx.chat!.id }, conversation.openSource(ctx.chat!.id, Number(answerId), Number(n), Number(offset)));
  });
  bot.on('callback_query', (ctx) => ctx.answerCallbackQuery({ text: TEXT.expired }).catch(optional('answerCallbackQuery')));

  bot.on('message:text', rateLimited, async (ctx) => {
    if (ctx.msg.text.startsWith('/')) return reply(ctx, conversation.help(ctx.me.username)); // unknown command
    await ask(ctx, isGroup(ctx) ? (addressedText(ctx) ?? '') : ctx.msg.text);
  });
  bot.on('message', (ctx) => reply(ctx, { html: TEXT.nonText }));

  bot.catch((err) => logger.error({ err: errorInfo(err.error), update: err.ctx.update.update_id }, 'unhandled bot error'));
  return bot;
}

/** The question in a group message that addresses the bot (mention removed), else undefined. */
function addressedText(ctx: Context): string | undefined {
  const msg = ctx.msg;
  const text = msg?.text ?? msg?.caption;
  if (!msg) return undefined;
  if (msg.reply_to_message?.from?.id === ctx.me.id) return text ?? '';
  if (!text) return undefined;
  const mention = `@${ctx.me.username}`;
  if (text.toLowerCase().includes(mention.toLowerCase())) return text.replace(new RegExp(mention.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), ' ').trim();
  return undefined;
}

/** A command addressed to this bot (/ask, /ask@ThisBot), not to another bot. */
function isCommand(ctx: Context): boolean {
  const m = /^\/[A-Za-z0-9_]+(?:@([A-Za-z0-9_]+))?/.exec(ctx.msg?.text ?? '');
  return m !== null && (m[1] === undefined || m[1].toLowerCase() === ctx.me.username.toLowerCase());
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
  return redactToken(String((err as Error)?.message ?? err)).replace(/[<>&]/g, ' ').slice(0, 200);
}
