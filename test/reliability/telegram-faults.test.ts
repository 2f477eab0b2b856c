/**
 * A misbehaving Telegram: a second instance polling with the same token (409 Conflict) and a Bot
 * API server that is not there at start-up. The bot says what is wrong, keeps trying, answers
 * once things are back — exactly once — and still stops at once on SIGTERM.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/bot/start.js';
import { removeDir, tempDir } from '../helpers.js';
import { dataDirWithIndex, freePort, killBot, sleep, spawnBot, startInProcess, until, type BotProcess } from './bot-process.js';
import { startFakeTelegram, type FakeTelegram } from './fake-telegram.js';

const QUESTION = '综改示范区今年的年度计划投资是多少？';

describe('Telegram faults', () => {
  let tg: FakeTelegram | undefined;
  let bot: BotProcess | undefined;
  let running: RunningBot | undefined;
  let dataDir: string | undefined;
  afterEach(async () => {
    killBot(bot);
    await running?.stop();
    await tg?.close();
    if (dataDir) await removeDir(dataDir);
    tg = bot = running = dataDir = undefined;
  });

  it('409 Conflict: says another instance is polling, retries, then answers once; no unhandled rejection', async () => {
    tg = await startFakeTelegram();
    tg.conflicts = 1;
    dataDir = await dataDirWithIndex();
    const unhandled: unknown[] = [];
    const onUnhandled = (err: unknown) => unhandled.push(err);
    process.on('unhandledRejection', onUnhandled);
    try {
      const bot = await startInProcess({ TELEGRAM_API_ROOT: tg.apiRoot, DATA_DIR: dataDir });
      running = await bot.started;
      await until(() => tg!.conflicts === 0, 10000, 'the bot to retry');
      expect(bot.log()).toMatch(/409 Conflict: another instance of this bot is polling with the same token.*retrying in 1 s/);
      tg.say(501, QUESTION);
      await until(() => tg!.visible(501).length > 0, 10000, 'the answer');
      await sleep(300);
      expect(tg.visible(501)).toHaveLength(1);
      expect(tg.visible(501)[0]!.text).toContain('232.2亿元');
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  }, 30000);

  it('TELEGRAM_API_ROOT unreachable at start: names it, retries with visible backoff, starts once it is up (and logs counts, not file lists)', async () => {
    const port = await freePort();
    dataDir = await tempDir('rel-fresh'); // no index yet: it is built at start
    const bot = await startInProcess({ TELEGRAM_API_ROOT: `http://127.0.0.1:${port}`, DATA_DIR: dataDir });
    await until(() => /cannot reach/.test(bot.log()), 15000, 'a log line about the unreachable Bot API');
    const indexReady = bot.lines.find((l) => l.includes('"index ready"'))!;
    expect(indexReady).toMatch(/"documents":5,"passages":\d+,"built":true,"skipped":0/);
    expect(indexReady.length).toBeLessThan(400);
    expect(bot.log()).toMatch(new RegExp(`cannot reach the Telegram Bot API at http://127.0.0.1:${port} \\(ECONNREFUSED\\); retrying in 1 s`));
    tg = await startFakeTelegram(port);
    running = await bot.started;
    expect(bot.log()).toMatch(/reached the Telegram Bot API/);
    tg.say(502, QUESTION);
    await until(() => tg!.visible(502).length > 0, 10000, 'the answer');
    expect(tg.visible(502)[0]!.text).toContain('232.2亿元');
  }, 30000);

  it('the process exits at once on SIGTERM while it is still waiting for an unreachable Bot API', async () => {
    const port = await freePort();
    dataDir = await dataDirWithIndex();
    bot = spawnBot({ TELEGRAM_API_ROOT: `http://127.0.0.1:${port}`, DATA_DIR: dataDir });
    await bot.waitForLog(/cannot reach/i, 15000);
    const signalled = Date.now();
    bot.child.kill('SIGTERM');
    const exit = await bot.exited;
    expect(exit.code).toBe(0);
    expect(exit.at - signalled).toBeLessThan(2000);
  }, 30000);
});
