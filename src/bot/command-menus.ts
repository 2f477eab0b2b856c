/**
 * The command menus Telegram shows, registered per scope at start: private chats see the user
 * commands, groups the group set, and each admin (ADMIN_USER_IDS) in their private chat also
 * /stats and /reindex. Optional: a server that refuses (or an admin who never opened a chat with
 * the bot: "chat not found") costs a warning, never the start.
 */
import type { Api } from 'grammy';
import type { BotCommandScope } from 'grammy/types';
import { menuFor, type CommandInfo } from '../chat/commands.js';
import type { Logger } from '../logger.js';
import { errorInfo } from './errors.js';

export async function registerCommandMenus(api: Api, commands: CommandInfo[], adminUserIds: number[], logger: Logger): Promise<void> {
  const menus: Array<[BotCommandScope, ReturnType<typeof menuFor>]> = [
    [{ type: 'all_private_chats' }, menuFor('private', commands)],
    [{ type: 'all_group_chats' }, menuFor('group', commands)],
    ...adminUserIds.map((id): [BotCommandScope, ReturnType<typeof menuFor>] => [{ type: 'chat', chat_id: id }, menuFor('admin', commands)]),
  ];
  for (const [scope, menu] of menus) {
    await api.setMyCommands(menu, { scope }).catch((err: unknown) => logger.warn({ err: errorInfo(err), scope: scope.type }, 'setMyCommands failed'));
  }
}
