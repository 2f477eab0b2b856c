import type { Api } from 'grammy';
import { describe, expect, it } from 'vitest';
import { registerCommandMenus } from '../../src/bot/command-menus.js';
import { COMMANDS } from '../../src/chat/commands.js';
import { createLogger } from '../../src/logger.js';

describe('command menus registered per scope at start', () => {
  it('gives private chats the user commands, groups the group set and each admin also /stats and /reindex', async () => {
    const calls: Array<{ scope: unknown; commands: string[] }> = [];
    const api = {
      setMyCommands: async (commands: { command: string }[], other: { scope: unknown }) => {
        calls.push({ scope: other.scope, commands: commands.map((c) => c.command) });
        if ((other.scope as { chat_id?: number }).chat_id === 2) throw new Error('Bad Request: chat not found');
        return true;
      },
    } as unknown as Api;
    const extra = { command: 'subscribe', usage: '/subscribe', description: '订阅', scopes: ['group' as const] };
    await registerCommandMenus(api, [...COMMANDS, extra], [1, 2], createLogger('silent'));
    expect(calls).toEqual([
      { scope: { type: 'all_private_chats' }, commands: ['ask', 'brief', 'source', 'docs', 'help'] },
      { scope: { type: 'all_group_chats' }, commands: ['ask', 'brief', 'source', 'docs', 'help', 'subscribe'] },
      { scope: { type: 'chat', chat_id: 1 }, commands: ['ask', 'brief', 'source', 'docs', 'help', 'stats', 'reindex'] },
      { scope: { type: 'chat', chat_id: 2 }, commands: ['ask', 'brief', 'source', 'docs', 'help', 'stats', 'reindex'] },
    ]);
  });
});
