/**
 * Sending replies: HTML parse mode, link previews off, split at 4,096 characters, in the question's
 * forum topic and quoting it in groups, buttons under the last part.
 */
import type { Api, Context } from 'grammy';
import { InlineKeyboard } from 'grammy';
import { splitHtml, TELEGRAM_MESSAGE_LIMIT } from '../chat/html.js';
import { toHtml } from '../chat/render-html.js';
import type { Reply } from '../chat/reply.js';

/** Where a reply goes: the chat, the forum topic, and (in groups) the message it answers. */
export interface ReplyTarget {
  chatId: number;
  threadId?: number;
  replyTo?: number;
}

/** Where a reply to this update goes; in groups it quotes the message it answers. */
export function replyTargetOf(ctx: Context): ReplyTarget {
  return targetOf(ctx, ctx.hasChatType(['group', 'supergroup']));
}

export function targetOf(ctx: Context, quote: boolean): ReplyTarget {
  const msg = ctx.msg;
  return {
    chatId: ctx.chat!.id,
    threadId: msg?.is_topic_message ? msg.message_thread_id : undefined,
    replyTo: quote && msg ? msg.message_id : undefined,
  };
}

function keyboard(reply: Reply): InlineKeyboard | undefined {
  if (!reply.buttons?.length) return undefined;
  return InlineKeyboard.from(reply.buttons.map((row) => row.map((b) => InlineKeyboard.text(b.text, b.data))));
}

/** Added to the last message when a reply was cut to `maxMessages`. */
export const CUT_NOTE = '\n\n<i>（内容过长，已截断 truncated）</i>';

export interface SendOptions {
  /** At most this many messages; the rest is dropped with a note (answers: 2). */
  maxMessages?: number;
  signal?: AbortSignal;
}

export async function sendReply(api: Api, target: ReplyTarget, reply: Reply, options: SendOptions = {}): Promise<void> {
  const parts = splitHtml(toHtml(reply));
  if (options.maxMessages !== undefined && parts.length > options.maxMessages) {
    parts.length = options.maxMessages;
    const [last] = splitHtml(parts.at(-1)!, TELEGRAM_MESSAGE_LIMIT - CUT_NOTE.length);
    parts[parts.length - 1] = last + CUT_NOTE;
  }
  for (const [i, html] of parts.entries()) {
    const last = i === parts.length - 1;
    await api.sendMessage(target.chatId, html, {
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      ...(target.threadId !== undefined ? { message_thread_id: target.threadId } : {}),
      ...(i === 0 && target.replyTo !== undefined ? { reply_parameters: { message_id: target.replyTo, allow_sending_without_reply: true } } : {}),
      ...(last && keyboard(reply) ? { reply_markup: keyboard(reply) } : {}),
    }, options.signal as Parameters<Api['sendMessage']>[3]);
  }
}
