/** `/help`: how to ask, example questions drawn from the knowledge base, and the commands of this chat. */
import { COMMANDS, commandsFor, type CommandInfo, type CommandScope } from './commands.js';
import { bold, italic, plain, type Block, type Reply } from './reply.js';

/** Where help is shown: a private chat, a group, or the terminal chat (no Telegram addressing). */
export type HelpScope = CommandScope | 'terminal';

export function helpReply(scope: HelpScope, examples: string[], botUsername?: string, commands: CommandInfo[] = COMMANDS): Reply {
  const at = botUsername ? `@${botUsername}` : '@机器人';
  const shown = commandsFor(scope === 'terminal' ? 'private' : scope, commands);
  const blocks: Block[] = [
    [bold('山西转型政策问答'), plain('\n直接发送问题即可（简体、繁体或英文），回答中的 [n] 标出出处，点按钮或发送 /source N 查看原文。')],
  ];
  if (examples.length > 0) {
    const ask = scope === 'group' ? `/ask@${botUsername ?? '机器人'} ` : '';
    blocks.push([bold('可以这样问'), plain(`\n${examples.map((q) => `• ${ask}${q}`).join('\n')}`)]);
  }
  const lines = shown.map((c) => `${c.usage} — ${c.description}`);
  if (scope === 'terminal') lines.push('/quit — 退出（或 Ctrl-D）Quit');
  blocks.push([plain(lines.join('\n'))]);
  if (scope === 'group') blocks.push([plain(`在群组中，我只在被 /ask、${at} 提及或被回复时发言。`)]);
  if (scope !== 'terminal') blocks.push([plain('回答下方的 👍 / 👎 用来反馈回答是否有用。')]);
  blocks.push([italic("Ask about Shanxi's transformation and emerging-industry policies; every answer cites its passages. Use /source N to read one.")]);
  return { blocks };
}
