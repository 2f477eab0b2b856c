/**
 * A small fake Telegram Bot API on 127.0.0.1 for the reliability scenarios: long polling that
 * really waits, scripted faults (409 Conflict, a server that is down), and a record of what every
 * chat can see — sent messages minus deleted ones, edits applied — so tests can assert what users
 * received, exactly once.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SentMessage {
  messageId: number;
  chatId: number;
  text: string;
  deleted: boolean;
  edits: number;
  options: Record<string, unknown>;
}

export interface Entity {
  type: string;
  offset: number;
  length: number;
}

export interface FakeTelegram {
  /** e.g. http://127.0.0.1:PORT, for TELEGRAM_API_ROOT. */
  apiRoot: string;
  port: number;
  /** Every API call, in order: method and payload. */
  calls: { method: string; payload: Record<string, unknown> }[];
  messages: SentMessage[];
  /** What a chat can see now: messages not deleted, in order. */
  visible(chatId: number): SentMessage[];
  /** A user writes in a chat; returns the update id. */
  say(chatId: number, text: string, options?: { type?: 'private' | 'group' | 'supergroup'; userId?: number; entities?: Entity[] }): number;
  /** Answer the next `n` getUpdates calls with 409 Conflict. */
  conflicts: number;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startFakeTelegram(port = 0): Promise<FakeTelegram> {
  const updates: { update_id: number }[] = [];
  let nextUpdateId = 1000;
  let nextMessageId = 1;
  let confirmed = 0;
  const fake = { calls: [], messages: [], conflicts: 0 } as unknown as FakeTelegram;

  const reply = (res: ServerResponse, body: object, status = 200) => {
    if (!res.destroyed) res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  const ok = (res: ServerResponse, result: unknown) => reply(res, { ok: true, result });

  async function handle(method: string, payload: Record<string, unknown>, req: IncomingMessage, res: ServerResponse) {
    fake.calls.push({ method, payload });
    const chatId = Number(payload.chat_id);
    switch (method) {
      case 'getMe':
        return ok(res, { id: 666, is_bot: true, first_name: 'Test', username: 'TestNameBot', can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false });
      case 'getUpdates': {
        if (fake.conflicts > 0) {
          fake.conflicts--;
          return reply(res, { ok: false, error_code: 409, description: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running' }, 409);
        }
        const offset = Number(payload.offset ?? 0);
        if (offset > confirmed) confirmed = offset;
        const deadline = Date.now() + Math.min(Number(payload.timeout ?? 0), 1) * 1000;
        let closed = false;
        req.socket.once('close', () => (closed = true));
        for (;;) {
          const pending = updates.filter((u) => u.update_id >= confirmed);
          if (pending.length > 0 || Date.now() >= deadline || closed) return ok(res, pending.slice(0, Number(payload.limit ?? 100)));
          await sleep(20);
        }
      }
      case 'sendMessage': {
        const message = { messageId: nextMessageId++, chatId, text: String(payload.text), deleted: false, edits: 0, options: payload };
        fake.messages.push(message);
        return ok(res, { message_id: message.messageId, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: chatId < 0 ? 'supergroup' : 'private' }, text: message.text });
      }
      case 'editMessageText': {
        const m = fake.messages.find((x) => x.messageId === Number(payload.message_id));
        if (!m || m.deleted) return reply(res, { ok: false, error_code: 400, description: 'Bad Request: message to edit not found' }, 400);
        m.text = String(payload.text);
        m.edits++;
        return ok(res, { message_id: m.messageId, date: 0, chat: { id: chatId, type: 'private' }, text: m.text });
      }
      case 'deleteMessage': {
        const m = fake.messages.find((x) => x.messageId === Number(payload.message_id));
        if (m) m.deleted = true;
        return ok(res, true);
      }
      case 'sendChatAction':
      case 'setMyCommands':
      case 'deleteWebhook':
      case 'setWebhook':
      case 'answerCallbackQuery':
      case 'leaveChat':
        return ok(res, true);
      default:
        // Like an older Bot API server: sendMessageDraft and the rest do not exist here.
        return reply(res, { ok: false, error_code: 404, description: 'Not Found: method not found' }, 404);
    }
  }

  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const method = /\/bot[^/]+\/(\w+)/.exec(req.url ?? '')?.[1] ?? '';
      let payload: Record<string, unknown> = {};
      try {
        payload = body ? (JSON.parse(body) as Record<string, unknown>) : {};
      } catch {
        payload = Object.fromEntries(new URLSearchParams(body));
      }
      void handle(method, payload, req, res);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  fake.port = (server.address() as AddressInfo).port;
  fake.apiRoot = `http://127.0.0.1:${fake.port}`;
  fake.visible = (chatId) => fake.messages.filter((m) => m.chatId === chatId && !m.deleted);
  fake.say = (chatId, text, options = {}) => {
    const type = options.type ?? (chatId < 0 ? 'supergroup' : 'private');
    const userId = options.userId ?? (chatId > 0 ? chatId : 2001);
    const update_id = nextUpdateId++;
    const message = {
      message_id: nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat: type === 'private' ? { id: chatId, type, first_name: 'U' } : { id: chatId, type, title: 'G' },
      from: { id: userId, is_bot: false, first_name: 'U' },
      text,
      ...(options.entities ? { entities: options.entities } : text.startsWith('/') ? { entities: [{ type: 'bot_command', offset: 0, length: text.split(/\s/)[0]!.length }] } : {}),
    };
    updates.push({ update_id, message } as { update_id: number });
    return update_id;
  };
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}
