import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/bot/start.js';
import { htmlToText } from '../../src/chat/html.js';
import { removeDir, tempDir, tempKnowledgeCopy } from '../helpers.js';
import { BOT, lastUserMessageId, sentTo, sleep, startEmulator, startTestBot, TOKEN, waitForMessages, type TelegramServer } from './harness.js';

const USER = 1001;
const ADMIN = 1002;
const GROUP = -100500;
const STRANGER_CHAT = 4242;

describe('the Telegram bot end to end (telegram-test-api on 127.0.0.1)', () => {
  let server: TelegramServer;
  let bot: RunningBot;
  let dataDir: string;
  let knowledgeDir: string;
  const env = () => ({
    KNOWLEDGE_DIR: knowledgeDir,
    DATA_DIR: dataDir,
    ALLOWED_CHAT_IDS: [USER, ADMIN, GROUP].join(','),
    ADMIN_USER_IDS: String(ADMIN),
    RATE_LIMIT_PER_MINUTE: '100',
  });
  const user = () => server.getClient(TOKEN, { userId: USER, chatId: USER, type: 'private', userName: 'reader' });
  const group = (userId = 2001) => server.getClient(TOKEN, { userId, chatId: GROUP, type: 'supergroup', chatTitle: '政策研究群' });

  /** Sends a text (or command) and waits for the replies it causes. */
  async function say(client: ReturnType<typeof user>, chatId: number, text: string, options: object = {}, replies = 1) {
    const before = sentTo(server, chatId).length;
    if (text.startsWith('/')) await client.sendCommand(client.makeCommand(text, options));
    else await client.sendMessage(client.makeMessage(text, options));
    return waitForMessages(server, chatId, before, replies);
  }

  beforeAll(async () => {
    server = await startEmulator();
    dataDir = await tempDir('bot-data');
    knowledgeDir = await tempKnowledgeCopy();
    bot = await startTestBot(server, env());
  }, 60_000);
  afterAll(async () => {
    await bot?.stop();
    await server?.stop();
    await removeDir(dataDir);
    await removeDir(knowledgeDir);
  });

  it('answers a private question with [n] markers, a source list and buttons, in HTML without link previews', async () => {
    const [reply] = await say(user(), USER, '综改示范区今年的年度计划投资是多少？');
    expect(reply!.parse_mode).toBe('HTML');
    expect(reply!.link_preview_options?.is_disabled).toBe(true);
    expect(reply!.text).toContain('232.2亿元');
    expect(reply!.text).toMatch(/\[1\]/);
    expect(reply!.text).toContain('<b>出处 Sources</b>');
    expect(reply!.text).toMatch(/\[1\] 《[^》]+》 · .+ · 2024/);
    expect(reply!.text).toContain('· 太原本地报纸版面（OCR） · 2024 · '); // news: publisher and date in the source line
    const buttons = reply!.reply_markup!.inline_keyboard.flat();
    expect(buttons[0]!.text).toBe('[1]');
    expect(buttons[0]!.callback_data).toMatch(/^src:\d+:1$/);
  });

  it('shows the full cited passage for /source 1 and for the [1] button, and steps to the next passage', async () => {
    const [bySource] = await say(user(), USER, '/source 1');
    expect(bySource!.text).toMatch(/<b>\[1\] 《/);
    expect(bySource!.text).toMatch(/<b>[^<]*232\.2亿元[^<]*<\/b>/); // the cited sentence in bold
    expect(bySource!.text).toMatch(/<code>knowledge\/004_d1755f32c4377002\.txt, lines? \d+(–\d+)?<\/code>/);
    const last = sentTo(server, USER).filter((m) => m.reply_markup?.inline_keyboard.flat().some((b) => b.callback_data.startsWith('src:'))).at(-1)!;
    const data = last.reply_markup!.inline_keyboard.flat()[0]!.callback_data;

    const client = user();
    let before = sentTo(server, USER).length;
    await client.sendCallback(client.makeCallbackQuery(data));
    const [byButton] = await waitForMessages(server, USER, before);
    expect(byButton!.text).toBe(bySource!.text);

    const next = byButton!.reply_markup!.inline_keyboard.flat().find((b) => b.text.includes('下一段'))!;
    before = sentTo(server, USER).length;
    await client.sendCallback(client.makeCallbackQuery(next.callback_data));
    const [neighbour] = await waitForMessages(server, USER, before);
    expect(neighbour!.text).toContain('(后 1 段)');
    expect(htmlToText(neighbour!.text)).not.toBe(htmlToText(byButton!.text));
  });

  it('answers /source with an unknown number in one clear line', async () => {
    const [reply] = await say(user(), USER, '/source 99');
    expect(reply!.text).toMatch(/没有第 99 条出处/);
  });

  it('understands a follow-up in the same chat', async () => {
    await say(user(), USER, '阳曲县碳纤维专业镇主要依托哪家企业的优势？');
    const [reply] = await say(user(), USER, '那小店区电机小镇呢？');
    expect(reply!.text).toMatch(/山西电机/);
    expect(reply!.text).not.toMatch(/没有找到/);
  });

  it('stays silent at group chatter and answers when mentioned, by /ask@BotName and by a reply to its message, in the same topic, quoting the question', async () => {
    const g = group();
    const before = sentTo(server, GROUP).length;
    await g.sendMessage(g.makeMessage('大家中午吃什么？综改示范区食堂怎么样'));
    await g.sendCommand(g.makeCommand('/ask@SomeOtherBot 综改示范区投资'));
    await sleep(800);
    expect(sentTo(server, GROUP).length).toBe(before);

    // Look-alikes of the bot's username are not mentions of it (Telegram marks them as such entities).
    const fan = `@${BOT.username}Fan 综改示范区投资多少？`;
    await g.sendMessage(g.makeMessage(fan, { entities: [{ type: 'mention', offset: 0, length: BOT.username.length + 4 }] }));
    const email = `admin@${BOT.username}.org 综改示范区投资多少？`;
    await g.sendMessage(g.makeMessage(email, { entities: [{ type: 'email', offset: 0, length: email.indexOf(' ') }] }));
    await sleep(800);
    expect(sentTo(server, GROUP).length).toBe(before);

    const topic = { message_thread_id: 77, is_topic_message: true };
    const mention = { entities: [{ type: 'mention', offset: 0, length: BOT.username.length + 1 }] };
    const [mentioned] = await say(g, GROUP, `@${BOT.username} 中北高新区现在有多少家不锈钢加工企业？`, { ...topic, ...mention });
    expect(mentioned!.text).toContain('50多家');
    expect(mentioned!.message_thread_id).toBe(77);
    expect(mentioned!.reply_parameters?.message_id).toBe(lastUserMessageId(server, GROUP));

    const [asked] = await say(g, GROUP, `/ask@${BOT.username} 阳曲县碳纤维专业镇主要依托哪家企业的优势？`);
    expect(asked!.text).toContain('山西钢科');

    const replyTo = { reply_to_message: { message_id: asked!.messageId, date: 0, chat: { id: GROUP, type: 'supergroup', title: 'g' }, from: { id: BOT.id, is_bot: true, first_name: 'Bot', username: BOT.username }, text: 'x' } };
    const [replied] = await say(g, GROUP, '综改示范区今年的年度计划投资是多少？', replyTo);
    expect(replied!.text).toContain('232.2亿元');
  });

  it('posts a briefing with cited points from more than one document', async () => {
    const [brief] = await say(group(), GROUP, '/brief 新材料');
    const points = brief!.text.split('\n').filter((l) => l.startsWith('• '));
    expect(points.length).toBeGreaterThanOrEqual(3);
    expect(points.every((p) => /\[\d+\]$/.test(p))).toBe(true);
    const sources = brief!.text.split('\n').filter((l) => /^\[\d+\] 《/.test(l));
    expect(new Set(sources.map((s) => /《([^》]+)》/.exec(s)![1])).size).toBeGreaterThan(1);
  });

  it('handles a sticker, an empty /ask, a 5,000-character message and HTML-looking text without breaking', async () => {
    const client = user();
    let before = sentTo(server, USER).length;
    await client.sendMessage(client.makeMessage(undefined as unknown as string, { sticker: { file_id: 'x', file_unique_id: 'y', type: 'regular', width: 512, height: 512, is_animated: false, is_video: false } } as object));
    const [hint] = await waitForMessages(server, USER, before);
    expect(hint!.text).toMatch(/文字/);

    const [usage] = await say(client, USER, '/ask');
    expect(usage!.text).toMatch(/\/ask 综改示范区/);

    const long = `综改示范区今年的年度计划投资是多少？${'这是很长的补充说明。'.repeat(500)}`;
    expect(long.length).toBeGreaterThan(5000);
    const [longReply] = await say(client, USER, long);
    expect(longReply!.text).toMatch(/消息太长（5018 字），最多 4096 字/);

    const [html] = await say(client, USER, '<b>&</b> 综改示范区年度计划投资');
    expect(html!.text).not.toContain('<b>&</b>');
    before = sentTo(server, USER).length;
    const [list] = await say(client, USER, '/source');
    expect(list!.text).toContain('&lt;b&gt;&amp;&lt;/b&gt;');
    expect(before).toBeGreaterThan(0);
  });

  it('survives a handler that throws: the user gets an apology and the next question is answered', async () => {
    const original = bot.conversation.docs.bind(bot.conversation);
    bot.conversation.docs = () => {
      throw new Error('disk on fire');
    };
    try {
      const [apology] = await say(user(), USER, '/docs');
      expect(apology!.text).toMatch(/抱歉，处理这条消息时出错了/);
    } finally {
      bot.conversation.docs = original;
    }
    const [answer] = await say(user(), USER, '中北高新区现在有多少家不锈钢加工企业？');
    expect(answer!.text).toContain('50多家');
  });

  it('stays silent in a group that is not allowed, and refuses only a command addressed to it, once', async () => {
    const strangers = -100777;
    const g = server.getClient(TOKEN, { userId: 5006, chatId: strangers, type: 'supergroup', chatTitle: '别的群' });
    await g.sendMessage(g.makeMessage('今天开会吗？综改示范区的事'));
    await g.sendMessage(g.makeMessage('有人知道投资多少吗'));
    await sleep(600);
    expect(sentTo(server, strangers)).toHaveLength(0);
    await g.sendCommand(g.makeCommand(`/ask@${BOT.username} 综改示范区今年的年度计划投资是多少？`));
    const [refusal] = await waitForMessages(server, strangers, 0);
    expect(refusal!.text).toMatch(/仅供授权/);
    await g.sendCommand(g.makeCommand(`/ask@${BOT.username} 再问一次`));
    await sleep(600);
    expect(sentTo(server, strangers)).toHaveLength(1);
  });

  it('echoes a /source argument full of emoji without breaking a character', async () => {
    const [reply] = await say(user(), USER, `/source x${'😀'.repeat(15)}`);
    expect(reply!.text).toMatch(/没有第 x😀+ 条出处/u);
    expect(reply!.text).not.toMatch(/\p{Cs}/u); // no lone surrogate
  });

  it('refuses a chat that is not allowed, once', async () => {
    const stranger = server.getClient(TOKEN, { userId: 5005, chatId: STRANGER_CHAT, type: 'private' });
    await stranger.sendMessage(stranger.makeMessage('综改示范区今年的年度计划投资是多少？'));
    const [refusal] = await waitForMessages(server, STRANGER_CHAT, 0);
    expect(refusal!.text).toMatch(/仅供授权/);
    await stranger.sendMessage(stranger.makeMessage('再问一次'));
    await sleep(600);
    expect(sentTo(server, STRANGER_CHAT)).toHaveLength(1);
  });

  it('lets an admin reindex without a restart, and splits a reply over 4,096 characters', async () => {
    const [denied] = await say(user(), USER, '/reindex');
    expect(denied!.text).toMatch(/仅限管理员/);
    // 80 more documents with long titles: /docs then outgrows one message.
    for (let i = 0; i < 80; i++) {
      const title = `山西省转型综改配套文件第${i + 1}号：关于进一步优化营商环境、推进开发区改革创新发展的若干措施（测试用长标题）`;
      await writeFile(path.join(knowledgeDir, `zz-extra-${String(i).padStart(2, '0')}.md`), `---\ntitle: ${title}\ndate: 2025-01-01\nkind: plan\n---\n\n# 总则\n\n为推进第${i + 1}号配套改革，制定本措施。\n`);
    }
    const admin = server.getClient(TOKEN, { userId: ADMIN, chatId: ADMIN, type: 'private' });
    const [started, done] = await say(admin, ADMIN, '/reindex', {}, 2);
    expect(started!.text).toMatch(/正在.*重建索引/);
    expect(done!.text).toMatch(/索引已重建：85 份文件/);

    const parts = await say(admin, ADMIN, '/docs', {}, 2);
    expect(parts.length).toBeGreaterThanOrEqual(2);
    for (const p of parts) expect(htmlToText(p.text).length).toBeLessThanOrEqual(4096);
    const all = parts.map((p) => p.text).join('\n');
    expect(all).toContain('80. 《山西省转型综改配套文件第75号');
    expect(all).toMatch(/85\. 《/);

    const [stats] = await say(admin, ADMIN, '/stats');
    expect(stats!.text).toMatch(/文件 documents: 85/);
    expect(stats!.text).toMatch(/回答问题 questions answered: [1-9]/);
  });

  it('still shows the sources of past answers after a restart, and rate-limits a user who floods it', async () => {
    await bot.stop();
    bot = await startTestBot(server, { ...env(), RATE_LIMIT_PER_MINUTE: '2' });
    const [source] = await say(user(), USER, '/source 1');
    expect(source!.text).toMatch(/<b>\[1\] 《/);

    const flooder = group(3003);
    await say(flooder, GROUP, `/ask@${BOT.username} 综改示范区今年的年度计划投资是多少？`);
    await say(flooder, GROUP, `/ask@${BOT.username} 中北高新区现在有多少家不锈钢加工企业？`);
    const [limited] = await say(flooder, GROUP, `/ask@${BOT.username} 阳曲县碳纤维专业镇主要依托哪家企业的优势？`);
    expect(limited!.text).toMatch(/提问太频繁/);
  });
});
