/**
 * Operating several instances: long polling allows one consumer per token (a second poller on
 * the same database is refused with a clear message); an unreachable database at start is named
 * and retried, without the password; a webhook update that cannot be stored is refused with 503
 * (so Telegram delivers it again) instead of being acknowledged and lost; configuration problems.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { webhookHandler } from '../../src/bot/webhook.js';
import { ConfigError, parseConfig } from '../../src/config.js';
import { removeDir } from '../helpers.js';
import type { RunningBot } from '../../src/bot/start.js';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai.js';
import { dataDirWithIndex, freePort, killBot, sleep, spawnBot, startInProcess, until, type BotProcess } from '../reliability/bot-process.js';
import { startFakeTelegram, type FakeTelegram } from '../reliability/fake-telegram.js';
import { freshDatabase, postgresAvailable } from '../store/pg-test.js';

describe('operating several instances', () => {
  const bots: BotProcess[] = [];
  const dirs: string[] = [];
  let tg: FakeTelegram | undefined;
  let server: Server | undefined;
  let model: FakeOpenAI | undefined;
  const running: RunningBot[] = [];
  afterEach(async () => {
    for (const b of bots.splice(0)) killBot(b);
    for (const r of running.splice(0)) await r.stop();
    await model?.close();
    model = undefined;
    for (const d of dirs.splice(0)) await removeDir(d);
    await tg?.close();
    server?.close();
    tg = server = undefined;
  });

  it.skipIf(!postgresAvailable())('refuses a second long poller on the same database, with a message saying to use webhook mode', async () => {
    tg = await startFakeTelegram();
    const databaseUrl = await freshDatabase('poll');
    const env = async () => {
      const dir = await dataDirWithIndex();
      dirs.push(dir);
      return { TELEGRAM_API_ROOT: tg!.apiRoot, DATABASE_URL: databaseUrl, DATA_DIR: dir };
    };
    const first = spawnBot(await env());
    bots.push(first);
    await first.waitForLog(/long polling/, 60000);
    const second = spawnBot(await env());
    bots.push(second);
    const exit = await second.exited;
    expect(exit.code).toBe(1);
    expect(second.log()).toMatch(/another instance is already long polling with this bot token.*webhook mode \(set WEBHOOK_URL\)/);
    expect(first.child.exitCode).toBeNull(); // the first one keeps polling
  }, 90000);

  it.skipIf(!postgresAvailable())('SIGTERM mid-answer: the unfinished update goes to the other instance, which answers it (no apology)', async () => {
    tg = await startFakeTelegram();
    model = await startFakeOpenAI();
    model.fallback = { reply: '综改示范区今年年度计划投资232.2亿元[1]。', delayMs: 2000 };
    const databaseUrl = await freshDatabase('handback');
    const ports = [await freePort(), await freePort()];
    const started = [];
    for (const port of ports) {
      const dir = await dataDirWithIndex();
      dirs.push(dir);
      const env = { TELEGRAM_API_ROOT: tg.apiRoot, DATABASE_URL: databaseUrl, DATA_DIR: dir, WEBHOOK_URL: 'https://bot.example.org/hook', WEBHOOK_SECRET: 's3cret', PORT: String(port), OPENAI_BASE_URL: model.baseURL, CHAT_MODEL: 'fake', SHUTDOWN_GRACE_MS: '300' };
      const bot = await startInProcess(env);
      running.push((await bot.started)!);
      started.push(bot);
    }
    const update = { update_id: 501, message: { message_id: 501, date: 0, chat: { id: 61, type: 'private' }, from: { id: 61, is_bot: false, first_name: 'U' }, text: '综改示范区今年的年度计划投资是多少？' } };
    const res = await fetch(`http://127.0.0.1:${ports[0]}/hook`, { method: 'POST', headers: { 'x-telegram-bot-api-secret-token': 's3cret' }, body: JSON.stringify(update) });
    expect(res.status).toBe(200);
    await until(() => model!.requests.length === 1, 10000, 'the first instance asking the model');
    await running.shift()!.stop(); // SIGTERM's path: grace 300 ms, then the update is handed back
    expect(started[0]!.log()).toMatch(/unfinished updates handed back to the other instances/);
    await until(() => tg!.visible(61).length >= 1, 15000, 'the answer from the other instance');
    await sleep(500);
    const seen = tg.visible(61).map((m) => m.text);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatch(/232\.2亿元/);
    expect(model.requests).toHaveLength(2);
  }, 60000);

  it('an unreachable database at start: one line naming it and the reason, retried, no password in the log', async () => {
    const port = await freePort(); // nothing listens there
    const dir = await dataDirWithIndex();
    dirs.push(dir);
    const bot = spawnBot({ DATABASE_URL: `postgres://bot:hunter2secret@127.0.0.1:${port}/policy`, DATA_DIR: dir, TELEGRAM_API_ROOT: 'http://127.0.0.1:9' });
    bots.push(bot);
    const line = await bot.waitForLog(/PostgreSQL unreachable/, 30000);
    expect(line).toMatch(new RegExp(`127\\.0\\.0\\.1:${port}/policy`));
    expect(line).toMatch(/connection refused/);
    await bot.waitForLog(/"retryInMs":2000/, 30000); // a second attempt, waiting longer
    expect(bot.log()).not.toContain('hunter2secret');
    bot.child.kill('SIGTERM');
    expect((await bot.exited).code).toBe(0);
  }, 60000);

  it('a webhook update the database cannot store gets 503, and is acknowledged only once stored', async () => {
    let storeWorks = false;
    const handed: number[] = [];
    server = createServer(
      webhookHandler({
        secret: 's',
        persist: async () => {
          if (!storeWorks) throw new Error('connection refused');
        },
        onUpdate: (u) => handed.push(u.update_id),
      }),
    );
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const post = () => fetch(url, { method: 'POST', headers: { 'x-telegram-bot-api-secret-token': 's' }, body: JSON.stringify({ update_id: 77, message: { text: 'x' } }) });
    expect((await post()).status).toBe(503);
    expect(handed).toEqual([]);
    storeWorks = true;
    expect((await post()).status).toBe(200);
    await new Promise((r) => setTimeout(r, 50));
    expect(handed).toEqual([77]);
  });

  it('DATABASE_URL: a wrong scheme is named without echoing the value; with WEBHOOK_URL a shared WEBHOOK_SECRET is required', () => {
    const problem = (env: Record<string, string>) => {
      try {
        parseConfig(env);
        return '';
      } catch (err) {
        return (err as ConfigError).problems.join('\n');
      }
    };
    const bad = problem({ DATABASE_URL: 'mysql://u:pw-value@h/db' });
    expect(bad).toMatch(/DATABASE_URL must be a postgres:\/\//);
    expect(bad).not.toContain('pw-value');
    expect(problem({ DATABASE_URL: 'postgres://u@h/db', WEBHOOK_URL: 'https://bot.example.org/hook' })).toMatch(/WEBHOOK_SECRET must be set when DATABASE_URL and WEBHOOK_URL/);
    expect(parseConfig({ DATABASE_URL: 'postgresql://u@h/db', WEBHOOK_URL: 'https://bot.example.org/hook', WEBHOOK_SECRET: 'abc' }).DATABASE_URL).toBe('postgresql://u@h/db');
  });
});
