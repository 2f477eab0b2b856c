/**
 * Webhook mode: a secret is always required (generated when not set, never logged) and checked;
 * malformed and oversized bodies are refused at once; a slow answer is acknowledged at once and
 * sent once, even when Telegram delivers the update again — also after a restart. A port in use
 * ends start-up with one line.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/bot/start.js';
import { removeDir } from '../helpers.js';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai.js';
import { dataDirWithIndex, freePort, killBot, sleep, spawnBot, startInProcess, until, type BotProcess } from './bot-process.js';
import { startFakeTelegram, type FakeTelegram } from './fake-telegram.js';

const QUESTION = '综改示范区今年的年度计划投资是多少？';
const ADMIN = 9001;

function update(id: number, chatId: number, text: string) {
  const entities = text.startsWith('/') ? [{ type: 'bot_command', offset: 0, length: text.split(' ')[0]!.length }] : undefined;
  return { update_id: id, message: { message_id: id, date: 0, chat: { id: chatId, type: 'private' }, from: { id: chatId, is_bot: false, first_name: 'U' }, text, entities } };
}

describe('webhook mode', () => {
  let tg: FakeTelegram | undefined;
  let model: FakeOpenAI | undefined;
  let bot: BotProcess | undefined;
  let running: RunningBot | undefined;
  let dataDir: string | undefined;
  afterEach(async () => {
    killBot(bot);
    await running?.stop();
    await tg?.close();
    await model?.close();
    if (dataDir) await removeDir(dataDir);
    tg = model = bot = running = dataDir = undefined;
  });

  const post = (port: number, body: string, secret?: string) =>
    fetch(`http://127.0.0.1:${port}/hook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(secret !== undefined ? { 'x-telegram-bot-api-secret-token': secret } : {}) },
      body,
    });
  /** Status and time of a request; a request left hanging shows as a status string. */
  const timed = async (port: number, body: string, secret?: string) => {
    const t0 = Date.now();
    const res = await Promise.race([post(port, body, secret).catch((e: Error) => ({ status: e.message })), sleep(3000).then(() => ({ status: 'no answer in 3 s' }))]);
    return { status: res.status, ms: Date.now() - t0 };
  };

  it('requires a secret (generated when absent: logged that it was, never its value), refuses forged updates, 400 for a malformed body and 413 for 10 MB, at once', async () => {
    tg = await startFakeTelegram();
    dataDir = await dataDirWithIndex();
    const port = await freePort();
    const bot = await startInProcess({ TELEGRAM_API_ROOT: tg.apiRoot, DATA_DIR: dataDir, WEBHOOK_URL: 'https://bot.example.org/hook', PORT: String(port), ADMIN_USER_IDS: String(ADMIN) });
    running = await bot.started;
    expect(bot.log()).toMatch(/WEBHOOK_SECRET is not set: generated a random secret/);
    const secret = String(tg.calls.find((c) => c.method === 'setWebhook')!.payload.secret_token ?? '');
    expect(secret.length).toBeGreaterThanOrEqual(32);

    // A forged /stats from the admin's id: without the secret, and with a wrong one of the same length.
    const forged = JSON.stringify(update(1, ADMIN, '/stats'));
    expect((await timed(port, forged)).status).toBe(401);
    expect((await timed(port, forged, secret.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')))).status).toBe(401);

    const malformed = await timed(port, '{"update_id": 5, "message": ', secret);
    expect(malformed.status).toBe(400);
    expect((await timed(port, '[1, 2, 3]', secret)).status).toBe(400);
    const huge = await timed(port, ' '.repeat(10 * 1024 * 1024), secret);
    expect(huge.status).toBe(413);
    expect(Math.max(malformed.ms, huge.ms)).toBeLessThan(2000);
    await sleep(300);
    expect(tg.visible(ADMIN)).toHaveLength(0);

    expect((await timed(port, JSON.stringify(update(3, ADMIN, '/stats')), secret)).status).toBe(200);
    await until(() => tg!.visible(ADMIN).length === 1, 10000, 'the stats');
    expect(tg.visible(ADMIN)[0]!.text).toMatch(/运行统计/);
    expect(bot.log()).not.toContain(secret);
  }, 30000);

  it('a slow answer is acknowledged at once and sent once, though Telegram delivers the update again, also after a restart', async () => {
    tg = await startFakeTelegram();
    model = await startFakeOpenAI();
    model.fallback = { reply: '综改示范区今年年度计划投资232.2亿元[1]。', delayMs: 1500 };
    dataDir = await dataDirWithIndex();
    const port = await freePort();
    const env = { TELEGRAM_API_ROOT: tg.apiRoot, DATA_DIR: dataDir, WEBHOOK_URL: 'https://bot.example.org/hook', PORT: String(port), WEBHOOK_SECRET: 's3cret', OPENAI_BASE_URL: model.baseURL, CHAT_MODEL: 'fake' };
    running = await (await startInProcess(env)).started;
    // Warm up (the first question loads the word segmenter, which would delay this process's own requests).
    await post(port, JSON.stringify(update(99, 44, QUESTION)), 's3cret');
    await until(() => tg!.visible(44).length === 1, 10000, 'the warm-up answer');
    const body = JSON.stringify(update(100, 43, QUESTION));
    const first = await timed(port, body, 's3cret');
    expect(first.status).toBe(200);
    expect(first.ms).toBeLessThan(1000);
    expect((await timed(port, body, 's3cret')).status).toBe(200); // delivered again
    await until(() => tg!.visible(43).length === 1, 10000, 'the answer');
    await sleep(500);
    expect(tg.visible(43)).toHaveLength(1);

    await running!.stop();
    running = await (await startInProcess(env)).started;
    expect((await timed(port, body, 's3cret')).status).toBe(200);
    await sleep(800);
    expect(tg.visible(43)).toHaveLength(1);
    expect(model.requests).toHaveLength(2); // the warm-up and the one answer
  }, 30000);

  it('PORT in use: the process ends with one line naming PORT, no stack trace', async () => {
    tg = await startFakeTelegram();
    dataDir = await dataDirWithIndex();
    bot = spawnBot({ TELEGRAM_API_ROOT: tg.apiRoot, DATA_DIR: dataDir, WEBHOOK_URL: 'https://bot.example.org/hook', PORT: String(tg.port), WEBHOOK_SECRET: 's3cret' });
    const exit = await bot.exited;
    expect(exit.code).not.toBe(0);
    expect(bot.log()).toMatch(new RegExp(`PORT ${tg.port} is already in use`));
    expect(bot.log()).not.toMatch(/^\s+at /m);
  }, 30000);
});
