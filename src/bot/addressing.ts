/**
 * Whether a group message addresses this bot, decided from Telegram's message entities (a
 * `mention` of exactly @ThisBot, a `text_mention` of it, a `bot_command` with no @ or @ThisBot)
 * rather than substrings, so "@ThisBotFan" or "admin@ThisBot.org" are not mentions.
 */
import type { Message, MessageEntity, UserFromGetMe } from 'grammy/types';

type Addressable = Pick<Message, 'text' | 'caption' | 'entities' | 'caption_entities' | 'reply_to_message'>;
type Me = Pick<UserFromGetMe, 'id' | 'username'>;

function textAndEntities(msg: Addressable): { text: string; entities: MessageEntity[] } {
  if (msg.text !== undefined) return { text: msg.text, entities: msg.entities ?? [] };
  return { text: msg.caption ?? '', entities: msg.caption_entities ?? [] };
}

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase(); // usernames ignore case

function mentionsMe(text: string, e: MessageEntity, me: Me): boolean {
  if (e.type === 'text_mention') return e.user.id === me.id;
  return e.type === 'mention' && sameName(text.slice(e.offset, e.offset + e.length), `@${me.username}`);
}

/** The question in a group message that addresses the bot (its mentions removed), else undefined. */
export function addressedText(msg: Addressable, me: Me): string | undefined {
  const { text, entities } = textAndEntities(msg);
  if (msg.reply_to_message?.from?.id === me.id) return text;
  const mentions = entities.filter((e) => mentionsMe(text, e, me));
  if (mentions.length === 0) return undefined;
  let rest = text;
  for (const e of [...mentions].sort((a, b) => b.offset - a.offset)) rest = `${rest.slice(0, e.offset)} ${rest.slice(e.offset + e.length)}`;
  return rest.replace(/\s+/g, ' ').trim();
}

/** A command at the start of the message, for this bot (/ask or /ask@ThisBot), not for another bot. */
export function isCommandForMe(msg: Addressable, me: Me): boolean {
  const { text, entities } = textAndEntities(msg);
  const command = entities.find((e) => e.type === 'bot_command' && e.offset === 0);
  if (!command) return false;
  const at = text.slice(0, command.length).split('@')[1];
  return at === undefined || sameName(at, me.username);
}

/** Whether an update's message addresses this bot: a command for it, a mention of it, a reply to it. */
export function addressesMe(ctx: { msg?: Addressable; me: Me }): boolean {
  return ctx.msg !== undefined && (isCommandForMe(ctx.msg, ctx.me) || addressedText(ctx.msg, ctx.me) !== undefined);
}
