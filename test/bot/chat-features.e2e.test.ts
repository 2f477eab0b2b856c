/**
 * Issue 12 end to end against telegram-test-api on 127.0.0.1: extensions and chat-type routing
 * (item 8), long pasted messages (item 4), help with examples from the index and the unknown-command
 * hint (item 7), 👍 / 👎 feedback stored, counted in /stats and exported by `npm run feedback` (item 5).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Composer, type Context } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/bot/start.js';
import { htmlToText } from '../../src/chat/html.js';
import type { FeedbackCase } from '../../src/chat/feedback-export.js';
import { removeDir, tempDir, tempKnowledgeCopy } from '../helpers.js';
import { BOT, sentTo, sleep, startEmulator, startTestBot, TOKEN, waitForMessages, type SentMessage, type TelegramServer } from './harness.js';

const USER = 3101;
const ADMIN = 3103;
const GROUP = -100600;

describe('chat features end to end (telegram-test-api on 127.0.0.1)', () => {
  let server: TelegramServer;
  let bot: RunningBot;
  let dataDir: string;
  let knowledgeDir: string;
  const pinged: number[] = [];
  const lifecycle: string[] = [];
  // An extension as the /subscribe composer will be: its own command, in groups only.
  const ping = new Composer<Context>();
  ping.chatType(['group', 'supergroup']).command('ping', async (ctx) => {
    pinged.push(ctx.chat.id);
    await ctx.reply('pong');
  });

  const user = (userId = USER) => server.getClient(TOKEN, { userId, chatId: userId, type: 'private', userName: `u${userId}` });
  const group = (userId = 4001) => server.getClient(TOKEN, { userId, chatId: GROUP, type: 'supergroup', chatTitle: '政策研究群' });

  async function say(client: ReturnType<typeof user>, chatId: number, text: string, options: object = {}, replies = 1): Promise<SentMessage[]> {
    const before = sentTo(server, chatId).length;
    if (text.startsWith('/')) await client.sendCommand(client.makeCommand(text, options));
    else await client.sendMessage(client.makeMessage(text, options));
    return waitForMessages(server, chatId, before, replies);
  }

  async function press(client: ReturnType<typeof user>, data: string): Promise<void> {
    await client.sendCallback(client.makeCallbackQuery(data));
  }

  beforeAll(async () => {
    server = await startEmulator();
    dataDir = await tempDir('chat-features');
    knowledgeDir = await tempKnowledgeCopy();
    bot = await startTestBot(server, { KNOWLEDGE_DIR: knowledgeDir, DATA_DIR: dataDir, ADMIN_USER_IDS: String(ADMIN), RATE_LIMIT_PER_MINUTE: '100' }, [
      () => ({ composer: ping, commands: [{ command: 'ping', usage: '/ping', description: '测试 Ping', scopes: ['group'] }], start: () => void lifecycle.push('start'), stop: () => void lifecycle.push('stop') }),
    ]);
    expect(lifecycle).toEqual(['start']);
  }, 60_000);
  afterAll(async () => {
    await bot?.stop();
    expect(lifecycle).toEqual(['start', 'stop']);
    await server?.stop();
    await removeDir(dataDir);
    await removeDir(knowledgeDir);
  });

  it('routes by chat type: an extension composer gets its group command, private texts are questions, group chatter is ignored', async () => {
    const [pong] = await say(group(), GROUP, `/ping@${BOT.username}`);
    expect(pong!.text).toBe('pong');
    expect(pinged).toEqual([GROUP]);
    // In a private chat the extension does not take /ping: it is an unknown command there.
    const [hint] = await say(user(), USER, '/ping');
    expect(hint!.text).toMatch(/没有 \/ping 这个命令/);
    expect(pinged).toEqual([GROUP]);

    const before = sentTo(server, GROUP).length;
    const g = group();
    await g.sendMessage(g.makeMessage('今天开会讨论综改示范区年度计划投资多少的事吗'));
    await sleep(600);
    expect(sentTo(server, GROUP).length).toBe(before);
  });

  it('finds the question at the end of a 3,000-character paste and answers it, saying which question it answered', async () => {
    const background = '太原市某区召开了年度工作会议，与会人员围绕营商环境、项目建设和民生保障等议题进行了深入讨论，会议强调要稳中求进、狠抓落实。'.repeat(55);
    const paste = `${background}\n综改示范区今年的年度计划投资是多少？`;
    expect(paste.length).toBeGreaterThan(3000);
    expect(paste.length).toBeLessThanOrEqual(4096);
    const [reply] = await say(user(), USER, paste);
    expect(reply!.text).toMatch(/长消息：按其中的问题回答——「综改示范区今年的年度计划投资是多少？」/);
    expect(reply!.text).toContain('232.2亿元');

    // The same paste in a group, addressed to the bot by a mention.
    const mention = { entities: [{ type: 'mention', offset: 0, length: BOT.username.length + 1 }] };
    const [inGroup] = await say(group(), GROUP, `@${BOT.username} ${paste}`, mention);
    expect(inGroup!.text).toContain('232.2亿元');
  });

  it('says so when a pasted text holds no question, and names the 4,096-character limit beyond it', async () => {
    const article = '山西省持续推进能源革命综合改革试点，加快构建清洁低碳、安全高效的现代能源体系。全省新能源装机规模稳步扩大，煤炭绿色开采水平不断提升。'.repeat(6);
    const [reply] = await say(user(), USER, article);
    expect(reply!.text).toMatch(/没有找到问题/);
    expect(reply!.text).toContain('/brief');
    expect(reply!.reply_markup).toBeUndefined(); // nothing was answered, so nothing to vote on

    const [tooLong] = await say(user(), USER, `${article.repeat(12)}综改示范区投资多少？`);
    expect(tooLong!.text).toMatch(/消息太长（\d+ 字），最多 4096 字/);
  });

  it('shows example questions from the knowledge base in /help, each of which gets an answer', async () => {
    const [help] = await say(user(), USER, '/help');
    const text = htmlToText(help!.text);
    const examples = text.split('\n').filter((l) => l.startsWith('• ')).map((l) => l.slice(2));
    expect(examples.length).toBeGreaterThanOrEqual(2);
    for (const example of examples) {
      const [answer] = await say(user(), USER, example);
      expect(htmlToText(answer!.text)).not.toMatch(/没有找到|没有提到/);
      expect(answer!.text).toMatch(/\[1\]/);
    }
    // Users are not shown the admin commands; an admin is, and a group sees the extension's command.
    expect(text).not.toContain('/reindex');
    const [adminHelp] = await say(user(ADMIN), ADMIN, '/help');
    expect(adminHelp!.text).toContain('/reindex');
    const [groupHelp] = await say(group(), GROUP, `/help@${BOT.username}`);
    expect(groupHelp!.text).toContain('/ping');
    expect(htmlToText(groupHelp!.text)).toMatch(new RegExp(`• /ask@${BOT.username} `));
  });

  it('answers an unknown command with one line naming the commands there are', async () => {
    const [hint] = await say(user(), USER, '/sorce 1');
    expect(htmlToText(hint!.text).split('\n')).toHaveLength(1);
    expect(hint!.text).toMatch(/没有 \/sorce 这个命令。可用：\/ask \/brief \/source \/docs \/help/);
    // In a group only a command naming the bot gets the hint: /sorce alone may be another bot's.
    const before = sentTo(server, GROUP).length;
    const g = group();
    await g.sendCommand(g.makeCommand('/sorce@SomeOtherBot'));
    await g.sendCommand(g.makeCommand('/sorce'));
    await sleep(600);
    expect(sentTo(server, GROUP).length).toBe(before);
    const [groupHint] = await say(g, GROUP, `/sorce@${BOT.username}`);
    expect(groupHint!.text).toMatch(/没有 \/sorce 这个命令。可用：.*\/ping/);
  });

  it('stores 👍 / 👎 per user per answer (a changed vote replaces the first), counts them in /stats and exports them with npm run feedback', async () => {
    const [answer] = await say(user(), USER, '中北高新区现在有多少家不锈钢加工企业？');
    const votes = answer!.reply_markup!.inline_keyboard.at(-1)!;
    expect(votes.map((b) => b.text)).toEqual(['👍', '👎']);
    const [up, down] = votes.map((b) => b.callback_data);
    expect(up).toMatch(/^fb:\d+:up$/);

    await press(user(), up!);
    await sleep(300);
    await press(user(), down!); // the same user changes their mind: still one vote
    await sleep(300);

    // A group answer carries the buttons too; two members vote on it.
    const [groupAnswer] = await say(group(), GROUP, `/ask@${BOT.username} 阳曲县碳纤维专业镇主要依托哪家企业的优势？`);
    const groupUp = groupAnswer!.reply_markup!.inline_keyboard.at(-1)![0]!.callback_data;
    await press(group(4001), groupUp);
    await press(group(4002), groupUp);
    await sleep(400);

    const [stats] = await say(user(ADMIN), ADMIN, '/stats');
    expect(stats!.text).toContain('反馈 feedback: 👍 2 · 👎 1');

    const root = process.cwd();
    const loader = pathToFileURL(path.join(root, 'node_modules/tsx/dist/loader.mjs')).href;
    const exported = spawnSync(process.execPath, ['--import', loader, path.join(root, 'src/cli/feedback.ts')], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir, KNOWLEDGE_DIR: knowledgeDir },
      encoding: 'utf8',
    });
    expect(exported.status).toBe(0);
    const cases = exported.stdout.trim().split('\n').map((l) => JSON.parse(l) as FeedbackCase);
    expect(cases).toHaveLength(2);
    const bad = cases.find((c) => c.feedback.verdict === 'down')!;
    expect(bad.question).toBe('中北高新区现在有多少家不锈钢加工企业？');
    expect(bad.gold).toEqual([]);
    expect(bad.feedback.votes).toEqual({ up: 0, down: 1 });
    expect(bad.feedback.answer).toContain('50多家');
    expect(bad.bad!.some((e) => e.quote.includes('50多家不锈钢加工企业'))).toBe(true);
    expect(bad.feedback.indexVersion).toMatch(/^v\d+\//);
    const good = cases.find((c) => c.feedback.verdict === 'up')!;
    expect(good.feedback.votes).toEqual({ up: 2, down: 0 });
    expect(good.answerable).toBe(true);
    expect(good.gold.some((g) => g.quote.includes('山西钢科'))).toBe(true);
  });
});
