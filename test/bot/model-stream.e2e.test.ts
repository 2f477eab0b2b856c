import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/bot/start.js';
import { htmlToText } from '../../src/chat/html.js';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai.js';
import { removeDir, tempDir } from '../helpers.js';
import { sentTo, startEmulator, startTestBot, TOKEN, waitForMessages, type TelegramServer } from './harness.js';

const QUESTION = '综改示范区今年的年度计划投资是多少？';

describe('model mode in Telegram: progress while the model writes, then the checked answer, capped', () => {
  let server: TelegramServer;
  let fake: FakeOpenAI;
  let bot: RunningBot;
  let dataDir: string;
  /** Every text the bot sent or showed (messages, edits, drafts), in order. */
  const shown: { method: string; text: string }[] = [];

  beforeAll(async () => {
    server = await startEmulator();
    fake = await startFakeOpenAI();
    dataDir = await tempDir('bot-model');
    bot = await startTestBot(server, { DATA_DIR: dataDir, OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-test', CHAT_MODEL: 'fake', MODEL_TIMEOUT_MS: '5000' });
    bot.bot.api.config.use(async (prev, method, payload, signal) => {
      const text = (payload as { text?: string }).text;
      if (text !== undefined) shown.push({ method, text });
      return prev(method, payload, signal);
    });
  }, 60_000);
  afterAll(async () => {
    await bot?.stop();
    await server?.stop();
    await fake?.close();
    await removeDir(dataDir);
  });

  async function ask(chatId: number, question = QUESTION) {
    const client = server.getClient(TOKEN, { userId: chatId, chatId, type: 'private' });
    shown.length = 0;
    await client.sendMessage(client.makeMessage(question));
    const deadline = Date.now() + 15000;
    while (!sentTo(server, chatId).some((m) => m.text.includes('出处') || m.text.includes('模型')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    return waitForMessages(server, chatId, 0);
  }

  it('drafts show progress only, never the unchecked model text; the placeholder is removed and the checked answer sent', async () => {
    const invented = '另有五千亿元专项资金即将到位。';
    const reply = `综改示范区今年年度计划投资232.2亿元[1]。${invented}${'这一安排用于推进重大项目建设[1]。'.repeat(8)}`;
    fake.script({ reply, chunkDelayMs: 25 }); // ≈ 2.5 s of streaming
    const sent = await ask(7007);

    expect(fake.requests.at(-1)!.stream).toBe(true);
    const drafts = shown.filter((s) => !s.text.includes('出处'));
    expect(drafts.length).toBeGreaterThanOrEqual(1);
    for (const d of drafts) {
      expect(d.text).toMatch(/正在(查找|生成)/);
      expect(d.text).not.toMatch(/232\.2|五千亿|重大项目/);
    }
    expect(sent).toHaveLength(1); // the placeholder was deleted: only the final answer remains
    expect(sent[0]!.text).toContain('232.2亿元');
    expect(sent[0]!.text).toContain('出处 Sources');
  });

  it('caps a runaway answer: max_tokens in the request, at most two messages with a truncation note', async () => {
    fake.script({ reply: '综改示范区今年年度计划投资232.2亿元[1]。'.repeat(4000), chunkSize: 2000 }); // ≈ 100 KB
    const sent = await ask(7008);
    expect(fake.requests.at(-1)!.max_tokens).toBeGreaterThan(0);
    expect(sent.length).toBeLessThanOrEqual(2);
    const all = sent.map((m) => htmlToText(m.text)).join('\n');
    expect(all).toMatch(/truncated/);
    expect(all).toContain('出处 Sources');
    for (const m of sent) expect(htmlToText(m.text).length).toBeLessThanOrEqual(4096);
  });

  it('a model that answers 429 with retry-after 3600 costs no wait: the offline answer with a notice, at once', async () => {
    fake.script({ status: 429, retryAfter: 3600 });
    const before = fake.requests.length;
    const started = Date.now();
    const sent = await ask(7009);
    expect(Date.now() - started).toBeLessThan(4000);
    expect(fake.requests.length - before).toBe(1); // not retried after an hour, nor hammered
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toMatch(/模型暂时不可用/);
    expect(sent[0]!.text).toContain('232.2亿元');
  });
});
