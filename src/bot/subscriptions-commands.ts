/**
 * /subscribe 主题 [daily|weekly], /unsubscribe [主题], /subscriptions — a grammY Composer the bot
 * uses after its allowed-chat and group-addressing checks. Only a group's admins may change its
 * subscriptions; anyone may list them.
 */
import { Composer, type Context } from 'grammy';
import { detectScript, type Script } from '../text/script.js';
import {
  notSubscribedReply,
  subscribedReply,
  subscribeUsage,
  SUBSCRIPTION_TEXT,
  subscriptionListReply,
  unsubscribedReply,
} from '../chat/subscription-replies.js';
import { latestSlot, nextSlot, parseCadence, type Cadence, type ScheduleSettings } from '../chat/subscription-schedule.js';
import { topicKey, type SubscriptionStore } from '../chat/subscription-store.js';
import type { Logger } from '../logger.js';
import type { Reply } from '../chat/reply.js';
import { errorInfo } from './errors.js';
import { sendReply, targetOf } from './send.js';
import type { ChatAdmins } from './subscriptions-admins.js';

/** A chat's subscriptions are capped: each one is a briefing to compose on schedule. */
export const MAX_SUBSCRIPTIONS_PER_CHAT = 10;
/** Characters (graphemes) in a topic: a topic is a few words, not a question. */
export const MAX_TOPIC_CHARS = 30;

export interface CommandDeps {
  store: SubscriptionStore;
  admins: ChatAdmins;
  schedule: ScheduleSettings;
  clock: () => number;
  logger: Logger;
}

/** "新材料 weekly", "weekly 新材料", "氢能" → topic and cadence (daily when not given). */
export function parseSubscribeArgs(text: string): { topic: string; cadence: Cadence } {
  const words = text.trim().split(/\s+/).filter(Boolean);
  let cadence: Cadence | undefined;
  if (words.length > 1) {
    cadence = parseCadence(words.at(-1)!);
    if (cadence) words.pop();
    else if ((cadence = parseCadence(words[0]!))) words.shift();
  }
  return { topic: words.join(' '), cadence: cadence ?? 'daily' };
}

const scriptOf = (text: string): Script => (detectScript(text) === 'traditional' ? 'traditional' : 'simplified');
const graphemes = (text: string) => [...new Intl.Segmenter('zh', { granularity: 'grapheme' }).segment(text)].length;

export function subscriptionCommands(deps: CommandDeps): Composer<Context> {
  const { store, admins, schedule, clock, logger } = deps;
  const composer = new Composer<Context>();
  const isGroup = (ctx: Context) => ctx.chat?.type === 'group' || ctx.chat?.type === 'supergroup';
  const reply = (ctx: Context, r: Reply) => sendReply(ctx.api, targetOf(ctx, isGroup(ctx)), r);

  /** Replies with the refusal and resolves false unless the sender may manage this chat's subscriptions. */
  const mayManage = async (ctx: Context): Promise<boolean> => {
    try {
      if (await admins.canManage(ctx)) return true;
      await reply(ctx, SUBSCRIPTION_TEXT.adminsOnly);
    } catch (err) {
      logger.warn({ err: errorInfo(err), chat: ctx.chat?.id }, 'cannot read the group admins');
      await reply(ctx, SUBSCRIPTION_TEXT.adminsUnknown);
    }
    return false;
  };

  composer.command('subscribe', async (ctx) => {
    const { topic, cadence } = parseSubscribeArgs(ctx.match);
    const script = scriptOf(ctx.match);
    if (!/[\p{L}\p{N}]/u.test(topic)) return reply(ctx, subscribeUsage(schedule, script));
    if (!(await mayManage(ctx))) return;
    if (graphemes(topic) > MAX_TOPIC_CHARS) return reply(ctx, SUBSCRIPTION_TEXT.topicTooLong(MAX_TOPIC_CHARS));
    const others = (await store.list(ctx.chat.id)).filter((s) => topicKey(s.topic) !== topicKey(topic));
    if (others.length >= MAX_SUBSCRIPTIONS_PER_CHAT) return reply(ctx, SUBSCRIPTION_TEXT.tooMany(MAX_SUBSCRIPTIONS_PER_CHAT));
    const now = clock();
    const { subscription, created } = await store.subscribe({
      chatId: ctx.chat.id,
      threadId: targetOf(ctx, false).threadId,
      topic,
      cadence,
      userId: ctx.from?.id,
      now,
      // The slot already due today (or this week) is passed over: the first briefing is the next one.
      lastSlot: latestSlot(cadence, now, schedule),
    });
    logger.info({ chat: ctx.chat.id, subscription: subscription.id, cadence, created }, 'subscribed');
    await reply(ctx, subscribedReply(subscription, created, nextSlot(cadence, now, schedule), schedule, script));
  });

  composer.command('unsubscribe', async (ctx) => {
    if (!(await mayManage(ctx))) return;
    const chatId = ctx.chat.id;
    const { topic } = parseSubscribeArgs(ctx.match);
    const script = scriptOf(ctx.match);
    const removed = await store.unsubscribe(chatId, topic || undefined);
    logger.info({ chat: chatId, removed: removed.length }, 'unsubscribed');
    if (removed.length > 0) return reply(ctx, unsubscribedReply(removed, script));
    if (!topic) return reply(ctx, SUBSCRIPTION_TEXT.noSubscriptions);
    return reply(ctx, notSubscribedReply(topic, await store.list(chatId), script));
  });

  composer.command('subscriptions', async (ctx) => {
    const now = clock();
    return reply(ctx, subscriptionListReply(await store.list(ctx.chat.id), (s) => nextSlot(s.cadence, now, schedule), schedule));
  });

  return composer;
}
