/**
 * Scheduled group briefings end to end: the real bot against telegram-test-api on 127.0.0.1, with a
 * fake clock for the schedule. The emulator has no getChatAdministrators, so the test answers that
 * one call itself (a transformer on the bot's api), as Telegram would for this group.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextSlot } from '../../src/chat/subscription-schedule.js';
import { startBot, type RunningBot } from '../../src/bot/start.js';
import { subscriptionExtension, type Subscriptions } from '../../src/bot/subscriptions.js';
import { parseConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { removeDir, tempDir, tempKnowledgeCopy } from '../helpers.js';
import { sentTo, startEmulator, TOKEN, waitForMessages, type TelegramServer } from './harness.js';

const GROUP = -100900;
const KICKED_GROUP = -100901;
const GROUP_ADMIN = 3001;
const MEMBER = 3002;
const BOT_ADMIN = 3003;
const DAY = 24 * 3600_000;

describe('scheduled briefings in a group (telegram-test-api on 127.0.0.1)', () => {
  let server: TelegramServer;
  let bot: RunningBot;
  let subscriptions: Subscriptions;
  let dataDir: string;
  let knowledgeDir: string;
  /** The bot's clock: the test moves it. */
  let now = Date.parse('2026-12-02T08:00:00Z');
  /** Chats that have removed the bot: sending there fails with 403, as Telegram answers. */
  const kicked = new Set<number>();
  let adminLookups = 0;

  async function start(): Promise<RunningBot> {
    const config = parseConfig({
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: server.config.apiURL,
      LOG_LEVEL: 'silent',
      KNOWLEDGE_DIR: knowledgeDir,
      DATA_DIR: dataDir,
      ADMIN_USER_IDS: String(BOT_ADMIN),
      RATE_LIMIT_PER_MINUTE: '100',
    });
    const make = subscriptionExtension({ clock: () => now });
    const withClock = (deps: Parameters<typeof make>[0]) => {
      const extension = make(deps);
      subscriptions = extension.subscriptions; // the test drives its scheduler
      return extension;
    };
    const running = (await startBot(config, createLogger('silent'), undefined, [withClock]))!;
    running.bot.api.config.use(async (prev, method, payload, signal) => {
      if (method === 'getUpdates') await new Promise((r) => setTimeout(r, 30)); // the emulator does not long-poll
      if (method === 'getChatAdministrators') {
        adminLookups++;
        const result = [{ status: 'creator', is_anonymous: false, user: { id: GROUP_ADMIN, is_bot: false, first_name: 'Admin' } }];
        return { ok: true, result } as unknown as Awaited<ReturnType<typeof prev>>;
      }
      const chatId = (payload as { chat_id?: number }).chat_id;
      if (method === 'sendMessage' && chatId !== undefined && kicked.has(chatId)) {
        return { ok: false, error_code: 403, description: 'Forbidden: bot was kicked from the supergroup chat' } as unknown as Awaited<ReturnType<typeof prev>>;
      }
      return prev(method, payload, signal);
    });
    return running;
  }

  const member = (userId: number, chatId = GROUP) => server.getClient(TOKEN, { userId, chatId, type: 'supergroup', chatTitle: '转型政策群' });
  async function command(userId: number, text: string, chatId = GROUP) {
    const client = member(userId, chatId);
    const before = sentTo(server, chatId).length;
    await client.sendCommand(client.makeCommand(text));
    const [reply] = await waitForMessages(server, chatId, before);
    return reply!.text;
  }
  /** Runs a scheduler pass at the bot's (fake) time; returns the messages it posted to the group. */
  async function tickAt(time: number) {
    now = time;
    const before = sentTo(server, GROUP).length;
    await subscriptions.tick();
    return sentTo(server, GROUP).slice(before);
  }

  beforeAll(async () => {
    server = await startEmulator();
    dataDir = await tempDir('subs-data');
    knowledgeDir = await tempKnowledgeCopy();
    bot = await start();
  }, 60_000);
  afterAll(async () => {
    await bot?.stop();
    await server?.stop();
    await removeDir(dataDir);
    await removeDir(knowledgeDir);
  });

  it('refuses a member who is not an admin of the group', async () => {
    expect(await command(MEMBER, '/subscribe 新材料 daily')).toMatch(/只有本群管理员/);
    expect(await subscriptions.store.list(GROUP)).toEqual([]);
    expect(adminLookups).toBe(1);
  });

  it('lets an admin subscribe, and says when the first briefing comes', async () => {
    const reply = await command(GROUP_ADMIN, '/subscribe 新材料 daily');
    expect(reply).toMatch(/已订阅「新材料」的每日简报（每天 09:00，北京时间），下次发送：12月3日（周四）09:00/);
    expect(adminLookups).toBe(1); // the admin list was remembered
    const list = await command(MEMBER, '/subscriptions');
    expect(list).toMatch(/• 「新材料」 — 每日（每天 09:00），下次 12月3日（周四）09:00/);
  });

  it('posts the cited briefing once when it is due, not before', async () => {
    const due = nextSlot('daily', now);
    expect(await tickAt(due - 60_000)).toEqual([]);
    const posted = await tickAt(due + 30_000);
    expect(posted).toHaveLength(1);
    const briefing = posted[0]!;
    expect(briefing.text).toMatch(/^<b>每日简报 · 新材料<\/b>/);
    const points = briefing.text.split('\n').filter((l) => l.startsWith('• '));
    expect(points.length).toBeGreaterThanOrEqual(3);
    expect(points.every((p) => /\[\d+\]$/.test(p))).toBe(true);
    expect(briefing.text).toMatch(/<b>出处 Sources<\/b>\n\[1\] 《/);
    expect(briefing.reply_markup!.inline_keyboard.flat()[0]!.callback_data).toMatch(/^src:\d+:1$/);
    expect(await tickAt(due + 90_000)).toEqual([]);
  });

  it('after a re-index, posts a digest naming the new document', async () => {
    const title = '山西省新材料产业高质量发展三年行动计划（订阅测试）';
    await writeFile(
      path.join(knowledgeDir, 'zz-new-materials.md'),
      `---\ntitle: ${title}\ndate: 2026-11-30\nkind: plan\n---\n\n# 总则\n\n加快发展新材料产业，到2027年新材料产业营业收入突破3000亿元。\n`,
    );
    const before = sentTo(server, GROUP).length;
    const admin = server.getClient(TOKEN, { userId: BOT_ADMIN, chatId: BOT_ADMIN, type: 'private' });
    await admin.sendCommand(admin.makeCommand('/reindex'));
    const [digest] = await waitForMessages(server, GROUP, before, 1, 30_000);
    expect(digest!.text).toMatch(/<b>知识库更新<\/b>（本群订阅：「新材料」）/);
    expect(digest!.text).toContain(`新增文件（1）：\n• 《${title}》 · 2026-11-30 · <code>zz-new-materials.md</code>`);
    expect(digest!.text).not.toContain('更新文件');
  });

  it('disables the subscriptions of a group that removed the bot', async () => {
    await command(GROUP_ADMIN, '/subscribe 氢能 weekly', KICKED_GROUP);
    kicked.add(KICKED_GROUP);
    await tickAt(nextSlot('weekly', now) + 1000);
    const [sub] = await subscriptions.store.list(KICKED_GROUP);
    expect(sub!.disabled?.reason).toMatch(/kicked/);
    expect((await subscriptions.store.active()).map((s) => s.chatId)).toEqual([GROUP]);
  });

  it('after a restart with the same DATA_DIR posts nothing twice', async () => {
    const before = sentTo(server, GROUP).length;
    await bot.stop();
    bot = await start(); // start() catches up: re-index digest and due briefings
    await subscriptions.afterReindex();
    await subscriptions.tick();
    expect(sentTo(server, GROUP).length).toBe(before);
    expect((await subscriptions.store.list(GROUP)).map((s) => s.topic)).toEqual(['新材料']);
    // The next day's briefing still comes, once.
    expect(await tickAt(nextSlot('daily', now) + 1000)).toHaveLength(1);
    expect(await tickAt(now + 1000)).toEqual([]);
  });

  it('stops posting after /unsubscribe', async () => {
    expect(await command(MEMBER, '/unsubscribe')).toMatch(/只有本群管理员/);
    expect(await command(GROUP_ADMIN, '/unsubscribe 光伏')).toMatch(/没有找到「光伏」的订阅。本群的订阅：「新材料」。/);
    expect(await command(GROUP_ADMIN, '/unsubscribe 新材料')).toMatch(/已退订：「新材料」/);
    expect(await tickAt(nextSlot('daily', now) + 1000)).toEqual([]);
    expect(await command(MEMBER, '/subscriptions')).toMatch(/本群还没有订阅/);
  });
});
