/**
 * The real bot (grammY, handlers, index over knowledge/) against telegram-test-api on 127.0.0.1.
 * Users are emulator clients; what the bot sent is read from the emulator's storage.
 */
import { freePort } from '../reliability/bot-process.js';
import telegramTestApi from 'telegram-test-api';
import type { TelegramServer as Emulator } from 'telegram-test-api/lib/telegramServer.js';
import type { ExtensionFactory } from '../../src/bot/extensions.js';
import { startBot, type RunningBot } from '../../src/bot/start.js';
import { parseConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';

// The package's CommonJS export is the class itself; its typings describe an ES default export.
const TelegramServer = telegramTestApi as unknown as typeof Emulator;
export type TelegramServer = Emulator;

export const TOKEN = '123456789:TESTtokenTESTtokenTESTtoken_abc';
export const BOT = { id: 666, username: 'TestNameBot' }; // what the emulator's getMe answers

export interface SentMessage {
  chat_id: number | string;
  text: string;
  parse_mode?: string;
  message_thread_id?: number;
  reply_parameters?: { message_id: number };
  reply_markup?: { inline_keyboard: { text: string; callback_data: string }[][] };
  link_preview_options?: { is_disabled?: boolean };
  messageId: number;
}

export async function startEmulator(): Promise<TelegramServer> {
  const server = new TelegramServer({ port: await freePort(), host: '127.0.0.1', storeTimeout: 600 });
  await server.start();
  return server;
}

export async function startTestBot(server: TelegramServer, env: Record<string, string>, extensions?: ExtensionFactory[]): Promise<RunningBot> {
  const config = parseConfig({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: server.config.apiURL, LOG_LEVEL: 'silent', ...env });
  const running = (await startBot(config, createLogger('silent'), undefined, extensions))!;
  // The emulator answers getUpdates at once instead of long polling; pause so the runner does not spin.
  running.bot.api.config.use(async (prev, method, payload, signal) => {
    if (method === 'getUpdates') await new Promise((r) => setTimeout(r, 30));
    return prev(method, payload, signal);
  });
  return running;
}

/** Everything the bot has sent to a chat, oldest first (edits applied). */
export function sentTo(server: TelegramServer, chatId: number): SentMessage[] {
  return server.storage.botMessages
    .filter((m) => String(m.message.chat_id) === String(chatId))
    .map((m) => ({ ...(m.message as unknown as SentMessage), messageId: m.messageId }));
}

/** Waits until the chat has received `count` more messages than `before`, and returns the new ones. */
export async function waitForMessages(server: TelegramServer, chatId: number, before: number, count = 1, timeoutMs = 15000): Promise<SentMessage[]> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const all = sentTo(server, chatId);
    if (all.length >= before + count) {
      await new Promise((r) => setTimeout(r, 150)); // let a split reply's later parts arrive
      return sentTo(server, chatId).slice(before);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`chat ${chatId}: expected ${count} new message(s) after ${before}, got ${sentTo(server, chatId).length - before}`);
}

/** The user message id the emulator gave the latest update from this chat. */
export function lastUserMessageId(server: TelegramServer, chatId: number): number {
  const mine = server.storage.userMessages.filter((u) => 'message' in u && String(u.message.chat.id) === String(chatId));
  return mine.at(-1)!.messageId;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
