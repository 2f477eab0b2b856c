/**
 * `npm run bench:instances`: the 50-chats × 10-questions load through telegram-test-api in
 * webhook mode, behind the round-robin proxy: one instance on SQLite (the default), one instance
 * on PostgreSQL, two instances on one PostgreSQL. Reports answers lost and duplicated, and the
 * latency from the webhook delivery to the answer (p50/p95). A throw-away PostgreSQL cluster is
 * started (PostgreSQL's binaries are needed).
 */
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { findPostgresBin, startCluster } from '../../src/store/throwaway-cluster.js';
import { startEmulator, TOKEN, type TelegramServer } from '../bot/harness.js';
import { removeDir } from '../helpers.js';
import { dataDirWithIndex, freePort, killBot, spawnBot, until, type BotProcess } from '../reliability/bot-process.js';
import { startRoundRobin } from './proxy.js';

const CHATS = 50;
const PER_CHAT = 10;
const SECRET = 'load-bench-secret';

interface Outcome {
  setup: string;
  lost: number;
  duplicated: number;
  p50: number;
  p95: number;
  wallS: number;
}

async function run(setup: string, instances: number, databaseUrl: string | undefined, questions: string[]): Promise<Outcome> {
  const server: TelegramServer = await startEmulator();
  const ports = await Promise.all(Array.from({ length: instances }, () => freePort()));
  const proxy = await startRoundRobin(ports, SECRET);
  const dirs = await Promise.all(ports.map(() => dataDirWithIndex()));
  const bots: BotProcess[] = ports.map((port, i) =>
    spawnBot({
      TELEGRAM_API_ROOT: server.config.apiURL,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      DATA_DIR: dirs[i]!,
      WEBHOOK_URL: `${proxy.url}/hook`,
      WEBHOOK_SECRET: SECRET,
      PORT: String(port),
      RATE_LIMIT_PER_MINUTE: '1000',
      LOG_LEVEL: 'warn',
    }),
  );
  try {
    await Promise.all(ports.map((port) => waitHealthy(port)));
    const emulator = server as unknown as { updateId: number };
    const sentAt = new Map<number, number>(); // message id → delivery time
    const started = Date.now();
    for (let round = 0; round < PER_CHAT; round++) {
      for (let c = 0; c < CHATS; c++) {
        const chatId = -2000 - c;
        const client = server.getClient(TOKEN, { userId: 7000 + c, chatId, type: 'supergroup', chatTitle: `群${c}` });
        const before = proxy.delivered.count;
        await client.sendCommand(client.makeCommand(`/ask@TestNameBot ${questions[(round * 7 + c) % questions.length]}`));
        await until(() => proxy.delivered.count > before, 10000, 'delivery');
        sentAt.set(proxy.delivered.lastMessageId, Date.now());
        await until(() => emulator.updateId > proxy.delivered.lastUpdateId, 10000, 'next update id');
      }
    }
    const answers = () => server.storage.botMessages.filter((m) => (m.message as { reply_parameters?: unknown }).reply_parameters);
    await until(() => new Set(answers().map((m) => replyTo(m.message))).size >= CHATS * PER_CHAT, 180000, 'all answers').catch(() => undefined);
    await new Promise((r) => setTimeout(r, 2000)); // late duplicates
    const seen = new Map<number, number>();
    const latencies: number[] = [];
    for (const m of answers()) {
      const id = replyTo(m.message);
      seen.set(id, (seen.get(id) ?? 0) + 1);
      if (seen.get(id) === 1 && sentAt.has(id)) latencies.push(m.time - sentAt.get(id)!);
    }
    latencies.sort((a, b) => a - b);
    const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
    return {
      setup,
      lost: [...sentAt.keys()].filter((id) => !seen.has(id)).length,
      duplicated: [...seen.values()].reduce((n, k) => n + k - 1, 0),
      p50: q(0.5),
      p95: q(0.95),
      wallS: (Date.now() - started) / 1000,
    };
  } finally {
    for (const b of bots) killBot(b);
    await proxy.close();
    await server.stop();
    for (const d of dirs) await removeDir(d);
  }
}

const replyTo = (message: unknown) => (message as { reply_parameters: { message_id: number } }).reply_parameters.message_id;

async function waitHealthy(port: number): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`instance on ${port} did not become healthy`);
}

async function freshDatabase(adminUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function main() {
  const bin = findPostgresBin();
  if (!bin) throw new Error('PostgreSQL binaries (initdb, pg_ctl) not found');
  const cluster = await startCluster(bin);
  try {
    const dev = (await readFile('eval/dev.jsonl', 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as { question: string });
    const questions = dev.map((q) => q.question);
    const results = [
      await run('1 instance, SQLite', 1, undefined, questions),
      await run('1 instance, PostgreSQL', 1, await freshDatabase(cluster.url, 'load1'), questions),
      await run('2 instances, PostgreSQL', 2, await freshDatabase(cluster.url, 'load2'), questions),
    ];
    console.log(`${CHATS} chats × ${PER_CHAT} questions through telegram-test-api (webhook, round-robin proxy)`);
    console.log('| setup | lost | duplicated | p50 ms | p95 ms | wall s |\n|---|---|---|---|---|---|');
    for (const r of results) console.log(`| ${r.setup} | ${r.lost} | ${r.duplicated} | ${r.p50} | ${r.p95} | ${r.wallS.toFixed(1)} |`);
  } finally {
    cluster.stop();
  }
}

main().catch((err: unknown) => {
  console.error(`error: ${(err as Error).message}`);
  process.exit(1);
});
