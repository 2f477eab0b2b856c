/**
 * Who may change a group's subscriptions: the group's administrators, as Telegram lists them
 * (getChatAdministrators), remembered for a minute per chat so a burst of commands costs one call.
 */
import type { Api, Context } from 'grammy';

/** Admin lists change rarely; a demoted admin loses the right within this time. */
export const ADMINS_TTL_MS = 60_000;
const MAX_CACHED_CHATS = 1000;

export class ChatAdmins {
  private readonly cache = new Map<number, { at: number; ids: Set<number> }>();

  constructor(
    private readonly clock: () => number = Date.now,
    private readonly ttlMs = ADMINS_TTL_MS,
  ) {}

  /** True for a private chat's own user, a group's admin, or an admin posting anonymously as the group. */
  async canManage(ctx: Context): Promise<boolean> {
    const chat = ctx.chat;
    if (!chat || chat.type === 'channel') return false;
    if (chat.type === 'private') return true;
    // Anonymous admins post "as the group": Telegram shows the group itself as the sender.
    if (ctx.msg?.sender_chat?.id === chat.id) return true;
    if (!ctx.from) return false;
    return (await this.adminIds(ctx.api, chat.id)).has(ctx.from.id);
  }

  private async adminIds(api: Api, chatId: number): Promise<Set<number>> {
    const now = this.clock();
    const cached = this.cache.get(chatId);
    if (cached && now - cached.at < this.ttlMs) return cached.ids;
    const ids = new Set((await api.getChatAdministrators(chatId)).map((m) => m.user.id));
    this.cache.delete(chatId);
    if (this.cache.size >= MAX_CACHED_CHATS) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(chatId, { at: now, ids });
    return ids;
  }
}
