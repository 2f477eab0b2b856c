/**
 * Stopping the real bot process: answers in flight are finished (or, after the grace period,
 * apologised for), no "…" draft is left behind, and the process exits within the grace period —
 * also in webhook mode with a request open, and with the log pipe closed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { removeDir } from '../helpers.js';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai.js';
import { dataDirWithIndex, freePort, killBot, sleep, spawnBot, until, type BotProcess } from './bot-process.js';
import { startFakeTelegram, type FakeTelegram } from './fake-telegram.js';

const QUESTION = '综改示范区今年的年度计划投资是多少？';
const GROUNDED = '综改示范区今年年度计划投资232.2亿元[1]。';
const APOLOGY = /正在重启|restarting/;

describe('shutdown of the bot process', () => {
  let tg: FakeTelegram | undefined;
  let model: FakeOpenAI | undefined;
  let bot: BotProcess | undefined;
  let dataDir: string | undefined;
  afterEach(async () => {
    killBot(bot);
    await tg?.close();
    await model?.close();
    if (dataDir) await removeDir(dataDir);
    tg = model = bot = dataDir = undefined;
  });

  async function start(env: Record<string, string>) {
    tg = await startFakeTelegram();
    model = await startFakeOpenAI();
    dataDir = await dataDirWithIndex();
    bot = spawnBot({ TELEGRAM_API_ROOT: tg.apiRoot, DATA_DIR: dataDir, OPENAI_BASE_URL: model.baseURL, CHAT_MODEL: 'fake', ...env });
    await bot.waitForLog(/long polling|webhook mode/);
    return { tg, model, bot };
  }

  const chats = Array.from({ length: 20 }, (_, i) => 3000 + i);

  it('SIGTERM with 20 model answers in flight: all 20 are delivered, once each, no draft left, exit 0', async () => {
    const { tg, model, bot } = await start({ SHUTDOWN_GRACE_MS: '8000' });
    model.fallback = { reply: GROUNDED, delayMs: 1000 };
    for (const chat of chats) tg.say(chat, QUESTION);
    await until(() => model.requests.length === chats.length, 10000, 'all questions to reach the model');
    const signalled = Date.now();
    bot.child.kill('SIGTERM');
    const exit = await bot.exited;
    expect(exit.code).toBe(0);
    expect(exit.at - signalled).toBeLessThan(8000);
    for (const chat of chats) {
      const seen = tg.visible(chat);
      expect(seen.map((m) => m.text)).toHaveLength(1);
      expect(seen[0]!.text).toContain('232.2亿元');
      expect(seen[0]!.text).toContain('出处 Sources');
    }
  }, 30000);

  it('answers that outlast the grace period get one apology each, their drafts are deleted, and the process exits in time — with its log pipe closed (npm start 2>&1 | head)', async () => {
    const { tg, model, bot } = await start({ SHUTDOWN_GRACE_MS: '1500', LOG_LEVEL: 'debug' });
    bot.child.stderr!.destroy(); // logs go on being written (debug level) into a closed pipe
    bot.child.stdout!.destroy();
    model.fallback = { reply: GROUNDED, delayMs: 400, chunkDelayMs: 2000 }; // starts streaming, then crawls
    const few = chats.slice(0, 5);
    for (const chat of few) tg.say(chat, QUESTION);
    await until(() => model.requests.length === few.length, 10000, 'questions to reach the model');
    await until(() => few.every((chat) => tg.visible(chat).length === 1), 10000, 'progress drafts'); // the model has begun to stream
    const signalled = Date.now();
    bot.child.kill('SIGTERM');
    const exit = await bot.exited;
    expect(exit.code).toBe(0);
    expect(exit.at - signalled).toBeLessThan(1500 + 3000);
    for (const chat of few) {
      const seen = tg.visible(chat);
      expect(seen.map((m) => m.text)).toHaveLength(1);
      expect(seen[0]!.text).toMatch(APOLOGY);
    }
  }, 30000);

  it('webhook mode: the update is acknowledged at once; SIGTERM with its answer still running exits within the grace period, with an apology', async () => {
    const port = await freePort();
    const { tg, model, bot } = await start({ WEBHOOK_URL: `http://127.0.0.1:${port}/hook`, PORT: String(port), WEBHOOK_SECRET: 'test-secret', SHUTDOWN_GRACE_MS: '1000' });
    model.fallback = { reply: GROUNDED, delayMs: 30000 }; // a model far slower than the grace period
    const update = { update_id: 1, message: { message_id: 1, date: 0, chat: { id: 77, type: 'private' }, from: { id: 77, is_bot: false, first_name: 'U' }, text: QUESTION } };
    const sent = Date.now();
    const posted = await Promise.race([
      fetch(`http://127.0.0.1:${port}/hook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'test-secret' }, body: JSON.stringify(update) }),
      sleep(3000).then(() => undefined),
    ]);
    expect(posted?.status, 'webhook not acknowledged within 3 s').toBe(200);
    expect(Date.now() - sent).toBeLessThan(1000);
    await until(() => model.requests.length === 1, 10000, 'the question to reach the model');
    const signalled = Date.now();
    bot.child.kill('SIGTERM');
    const exit = await Promise.race([bot.exited, sleep(8000).then(() => undefined)]);
    expect(exit, 'process still running 8 s after SIGTERM').toBeDefined();
    expect(exit!.at - signalled).toBeLessThan(1000 + 2500);
    expect(exit!.code).toBe(0);
    expect(tg.visible(77).map((m) => m.text)).toHaveLength(1);
    expect(tg.visible(77)[0]!.text).toMatch(APOLOGY);
  }, 30000);

});
