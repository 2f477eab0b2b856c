/**
 * The commands, who may see them and what they say: one table for /help, the unknown-command hint
 * and the per-scope menus the bot registers with setMyCommands at start.
 */

export type CommandScope = 'private' | 'group' | 'admin';

export interface CommandInfo {
  command: string;
  /** Usage as shown in /help ("/brief 主题"). */
  usage: string;
  /** Menu text (setMyCommands: 1–256 characters). */
  description: string;
  scopes: CommandScope[];
}

export const COMMANDS: CommandInfo[] = [
  { command: 'ask', usage: '/ask 问题', description: '提问 Ask a question', scopes: ['private', 'group'] },
  { command: 'brief', usage: '/brief 主题', description: '主题简报 Briefing on a topic', scopes: ['private', 'group'] },
  { command: 'source', usage: '/source N', description: '查看出处 Show a cited passage', scopes: ['private', 'group'] },
  { command: 'docs', usage: '/docs', description: '文件列表 Documents', scopes: ['private', 'group'] },
  { command: 'help', usage: '/help', description: '使用说明与示例 Help and examples', scopes: ['private', 'group'] },
  { command: 'stats', usage: '/stats', description: '运行统计 Stats (admins)', scopes: ['admin'] },
  { command: 'reindex', usage: '/reindex', description: '重建索引 Rebuild the index (admins)', scopes: ['admin'] },
];

/** The commands of a scope; admins see everything private chats see and their own commands. */
export function commandsFor(scope: CommandScope, commands: CommandInfo[] = COMMANDS): CommandInfo[] {
  return commands.filter((c) => c.scopes.includes(scope) || (scope === 'admin' && c.scopes.includes('private')));
}

/** A scope's menu as setMyCommands takes it. */
export function menuFor(scope: CommandScope, commands: CommandInfo[] = COMMANDS): { command: string; description: string }[] {
  return commandsFor(scope, commands).map(({ command, description }) => ({ command, description }));
}

/** One line for a command the bot does not have. */
export function unknownCommandHint(command: string, scope: CommandScope, commands: CommandInfo[] = COMMANDS): string {
  const known = commandsFor(scope, commands).map((c) => `/${c.command}`).join(' ');
  return `没有 /${command} 这个命令。可用：${known}（/help 查看说明）。Unknown command; see /help.`;
}
