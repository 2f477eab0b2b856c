/**
 * ALLOWED_CHAT_IDS: other chats get nothing further. A private chat gets one polite refusal; a
 * group only when it addresses the bot (its chatter is none of our business), also once.
 */
import { Composer, type Context } from 'grammy';
import { TEXT } from '../chat/replies.js';
import { addressesMe } from './addressing.js';

export function allowedChats(allowed: number[], onOptionalFailure: (what: string) => (err: unknown) => void): Composer<Context> {
  const gate = new Composer<Context>();
  if (allowed.length === 0) return gate;
  const refused = new Set<number>();
  gate.drop(
    (ctx) => ctx.chat === undefined || allowed.includes(ctx.chat.id),
    async (ctx) => {
      const chatId = ctx.chat!.id;
      if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch(onOptionalFailure('answerCallbackQuery'));
      const addressed = ctx.hasChatType('private') || addressesMe(ctx);
      if (addressed && !refused.has(chatId)) {
        refused.add(chatId);
        await ctx.api.sendMessage(chatId, TEXT.notAllowed).catch(onOptionalFailure('not allowed'));
      }
    },
  );
  return gate;
}
