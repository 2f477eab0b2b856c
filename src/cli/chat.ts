/**
 * The terminal chat: what `npm start` opens when no Telegram token is set. It runs the bot's own
 * conversation (same answers, same /source, /brief, /docs, /help) and prints its replies as text.
 * An empty line does nothing; /quit or Ctrl-D ends it.
 */
import { createInterface } from 'node:readline';
import { createAnswerer } from '../answer/create-answerer.js';
import { styleFor } from '../answer/highlight.js';
// The chat state store stays where the bot keeps it; only it is shared with src/bot.
import { ChatStore } from '../bot/chat-store.js';
import { unknownCommandHint } from '../chat/commands.js';
import { Conversation } from '../chat/conversation.js';
import { echo } from '../chat/replies.js';
import { toText } from '../chat/render-text.js';
import type { Reply } from '../chat/reply.js';
import type { Config } from '../config.js';
import { createLogger } from '../logger.js';
import { openConfiguredIndex } from '../retrieval/configured-index.js';

/** The terminal is one chat; its state lives next to the bot's, under a chat id Telegram never uses. */
const TERMINAL_CHAT_ID = 0;

function print(reply: Reply): void {
  // Cited sentences: bold yellow on a terminal, 【…】 in a pipe.
  console.log(`
${toText(reply, { quotes: styleFor(process.stdout) })}
`);
}

export async function runTerminalChat(config: Config): Promise<void> {
  const opened = await openConfiguredIndex(config);
  const { index } = opened;
  const store = new ChatStore(config.DATA_DIR);
  const answerer = await createAnswerer(config, () => index, createLogger(config.LOG_LEVEL));
  const conversation = new Conversation({ answerer, store, index: () => index });
  console.log(
    `山西转型政策问答 · ${index.documentCount} 份文件 / ${index.passageCount} 段 · ${answerer.mode === 'model' ? `model ${config.CHAT_MODEL}` : 'offline (extractive)'} (${opened.built ? 'index built' : 'index loaded'} in ${opened.ms.toFixed(0)} ms)`,
  );
  console.log('输入问题后回车；/source N、/brief 主题、/docs、/help 与 Telegram 中相同；/quit 或 Ctrl-D 退出。');
  console.log('Type a question and press Enter; /source N, /brief, /docs, /help work as in Telegram; /quit or Ctrl-D quits.\n');
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  try {
    // Iterating the lines (rather than rl.question) keeps lines that arrive while an answer is being
    // composed, e.g. questions piped in from a file.
    process.stdout.write('问 › ');
    for await (const line of rl) {
      const input = line.trim();
      if (/^\/(quit|exit)$/i.test(input)) break;
      if (input) await answerLine(conversation, input);
      process.stdout.write('问 › ');
    }
  } finally {
    rl.close();
    await store.close();
  }
}

async function answerLine(conversation: Conversation, input: string): Promise<void> {
  const [, command, rest = ''] = /^\/(\w+)(?:@\w+)?\s*([\s\S]*)$/.exec(input) ?? [];
  try {
    if (command === 'source') print(await conversation.source(TERMINAL_CHAT_ID, rest));
    else if (command === 'brief') print(await conversation.brief(TERMINAL_CHAT_ID, rest));
    else if (command === 'docs') print(conversation.docs());
    else if (command === 'help' || command === 'start') print(await conversation.help('terminal'));
    else if (command === 'ask') print(await conversation.ask(TERMINAL_CHAT_ID, rest));
    else if (command) console.log(`\n${unknownCommandHint(echo(command, 32), 'private')} /quit 退出 quits.\n`);
    else print(await conversation.ask(TERMINAL_CHAT_ID, input));
  } catch (err) {
    console.error(`error: ${(err as Error).message}`);
  }
}
