import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/bot/start.js';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai.js';
import { removeDir, tempDir } from '../helpers.js';
import { sentTo, startEmulator, startTestBot, TOKEN, waitForMessages, type TelegramServer } from './harness.js';

const USER = 7007;

describe('model mode in Telegram: the answer grows in a draft, then arrives as a final message', () => {
  let server: TelegramServer;
  let fake: FakeOpenAI;
  let bot: RunningBot;
  let dataDir: string;

  beforeAll(async () => {
    server = await startEmulator();
    fake = await startFakeOpenAI();
    dataDir = await tempDir('bot-model');
    bot = await startTestBot(server, { DATA_DIR: dataDir, OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-test', CHAT_MODEL: 'fake', MODEL_TIMEOUT_MS: '5000' });
  }, 60_000);
  afterAll(async () => {
    await bot?.stop();
    await server?.stop();
    await fake?.close();
    await removeDir(dataDir);
  });

  it('shows drafts while the model streams (edits, as the emulator lacks sendMessageDraft) and sends the checked answer', async () => {
    const reply = `综改示范区今年年度计划投资232.2亿元[1][2][3][4][5]。${'这一安排用于推进重大项目建设[1]。'.repeat(8)}`;
    fake.script({ reply, chunkDelayMs: 25 }); // ≈ 2.5 s of streaming
    const added: string[] = [];
    let edits = 0;
    server.on('EditedMessageText', () => edits++);
    server.on('AddedBotMessage', () => added.push(String(server.storage.botMessages.at(-1)?.message.text)));

    const client = server.getClient(TOKEN, { userId: USER, chatId: USER, type: 'private' });
    await client.sendMessage(client.makeMessage('综改示范区今年的年度计划投资是多少？'));
    const deadline = Date.now() + 15000;
    while (!added.some((t) => t.includes('出处')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));

    expect(fake.requests[0]!.stream).toBe(true);
    expect(added[0]).toMatch(/ …$/); // the draft placeholder
    expect(edits).toBeGreaterThanOrEqual(1);
    const final = sentTo(server, USER).at(-1)!;
    expect(final.text).toContain('232.2亿元');
    expect(final.text).toContain('出处 Sources');
    expect(final.text).not.toMatch(/ …$/);
    // The placeholder was removed: only the final answer remains in the chat.
    expect(sentTo(server, USER)).toHaveLength(1);
    await waitForMessages(server, USER, 0);
  });
});
