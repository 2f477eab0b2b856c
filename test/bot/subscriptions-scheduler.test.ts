/** The scheduler with a fake clock and a fake Bot API: what is posted, when, and never twice. */
import { GrammyError, type Api } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SCHEDULE, latestSlot } from '../../src/chat/subscription-schedule.js';
import { SqliteSubscriptionStore } from '../../src/chat/sqlite-subscription-store.js';
import type { CatalogueDocument, SubscriptionStore } from '../../src/chat/subscription-store.js';
import { SubscriptionScheduler } from '../../src/bot/subscriptions-scheduler.js';
import type { Logger } from '../../src/logger.js';
import { removeDir, tempDir } from '../helpers.js';

const GROUP = -100777;
const OTHER = -100888;
const HOUR = 3600_000;
const DAY = 24 * HOUR;
/** Wednesday 2 December 2026, 16:00 in Shanghai. */
const START = Date.parse('2026-12-02T08:00:00Z');
const NEXT_MORNING = Date.parse('2026-12-03T01:00:30Z');

interface Sent {
  chatId: number;
  text: string;
  threadId?: number;
}

class FakeTelegram {
  sent: Sent[] = [];
  fail = new Map<number, () => never>();
  hang = false;
  readonly api = {
    sendMessage: async (chatId: number, text: string, other: { message_thread_id?: number } = {}) => {
      if (this.hang) return new Promise(() => undefined); // the process "dies" mid-send
      this.fail.get(chatId)?.();
      this.sent.push({ chatId, text, threadId: other.message_thread_id });
      return { message_id: this.sent.length };
    },
  } as unknown as Api;
}

const telegramError = (code: number, description: string, parameters = {}) => () => {
  throw new GrammyError(`Call to 'sendMessage' failed! (${code}: ${description})`, { ok: false, error_code: code, description, parameters }, 'sendMessage', {});
};

function recordingLogger(lines: { level: string; msg: string; fields: object }[]): Logger {
  const at = (level: string) => (fields: object, msg?: string) => void lines.push({ level, msg: msg ?? String(fields), fields: typeof fields === 'object' ? fields : {} });
  return { info: at('info'), warn: at('warn'), error: at('error'), debug: at('debug') } as unknown as Logger;
}

describe('SubscriptionScheduler', () => {
  let dir: string;
  let now: number;
  let documents: CatalogueDocument[];
  let briefs: string[];
  let logs: { level: string; msg: string; fields: object }[];
  const open: { store: SubscriptionStore; scheduler: SubscriptionScheduler }[] = [];

  /** A bot process: its store on the shared data dir and a scheduler with the fake clock. */
  function instance(telegram: FakeTelegram, allowedChatIds: number[] = []) {
    const store = new SqliteSubscriptionStore(dir);
    const scheduler = new SubscriptionScheduler({
      store,
      schedule: DEFAULT_SCHEDULE,
      brief: async (_chatId, topic) => {
        briefs.push(topic);
        return { blocks: [[{ text: `关于「${topic}」的要点[1]` }]], buttons: [[{ text: '[1]', data: 'src:1:1' }]] };
      },
      documents: () => documents,
      logger: recordingLogger(logs),
      clock: () => now,
      allowedChatIds,
    });
    scheduler.start(telegram.api, 3_600_000); // the timer never fires during a test: passes are called directly
    open.push({ store, scheduler });
    return { store, scheduler };
  }
  const subscribe = (store: SubscriptionStore, topic: string, cadence: 'daily' | 'weekly' = 'daily', chatId = GROUP, threadId?: number) =>
    store.subscribe({ chatId, threadId, topic, cadence, now, lastSlot: latestSlot(cadence, now) });

  beforeEach(async () => {
    dir = await tempDir('sched');
    now = START;
    documents = [{ id: 'a.txt', hash: '1', title: '文件甲', date: '2024' }];
    briefs = [];
    logs = [];
  });
  afterEach(async () => {
    for (const { scheduler, store } of open.splice(0)) {
      await scheduler.stop(100);
      await store.close();
    }
    await removeDir(dir);
  });

  it('posts nothing before the slot, the briefing once when due, in the subscription\'s forum topic', async () => {
    const telegram = new FakeTelegram();
    const { store, scheduler } = instance(telegram);
    await subscribe(store, '新材料', 'daily', GROUP, 42);
    expect(await scheduler.tick()).toBe(0);
    now = NEXT_MORNING - HOUR;
    expect(await scheduler.tick()).toBe(0);
    now = NEXT_MORNING;
    expect(await scheduler.tick()).toBe(1);
    expect(await scheduler.tick()).toBe(0);
    expect(telegram.sent).toHaveLength(1);
    expect(telegram.sent[0]).toMatchObject({ chatId: GROUP, threadId: 42 });
    expect(telegram.sent[0]!.text).toMatch(/^<b>每日简报 · 新材料<\/b>\n\n关于「新材料」的要点\[1\]/);
  });

  it('after a restart posts nothing twice, even when the first process died while sending', async () => {
    const first = new FakeTelegram();
    const a = instance(first);
    await subscribe(a.store, '新材料');
    now = NEXT_MORNING;
    first.hang = true;
    void a.scheduler.tick();
    await new Promise((r) => setTimeout(r, 50)); // the slot is claimed, the send never returns

    const second = new FakeTelegram();
    const b = instance(second);
    now += 10 * 60_000;
    expect(await b.scheduler.tick()).toBe(0);
    expect(second.sent).toEqual([]);
    now += DAY; // the next day's slot is posted as usual
    expect(await b.scheduler.tick()).toBe(1);
  });

  it('after days down posts one catch-up, not a backlog', async () => {
    const telegram = new FakeTelegram();
    const { store, scheduler } = instance(telegram);
    await subscribe(store, '新材料');
    await subscribe(store, '氢能', 'weekly');
    now = START + 9 * DAY; // 11 December: 9 daily slots and one Monday missed
    expect(await scheduler.tick()).toBe(2);
    expect(await scheduler.tick()).toBe(0);
    expect(briefs).toEqual(['新材料', '氢能']);
  });

  it('disables the chat\'s subscriptions when the bot was removed (403), with a log line, and carries on with other chats', async () => {
    const telegram = new FakeTelegram();
    const { store, scheduler } = instance(telegram);
    await subscribe(store, '新材料');
    await subscribe(store, '氢能');
    await subscribe(store, '光伏', 'daily', OTHER);
    telegram.fail.set(GROUP, telegramError(403, 'Forbidden: bot was kicked from the supergroup chat'));
    now = NEXT_MORNING;
    expect(await scheduler.tick()).toBe(1);
    expect(telegram.sent.map((m) => m.chatId)).toEqual([OTHER]);
    expect((await store.list(GROUP)).every((s) => s.disabled?.reason.includes('kicked'))).toBe(true);
    const warning = logs.find((l) => l.level === 'warn')!;
    expect(warning.msg).toMatch(/disabled/);
    expect(warning.fields).toMatchObject({ chat: GROUP, code: 403 });
    now += DAY;
    briefs = [];
    await scheduler.tick();
    expect(briefs).toEqual(['光伏']);
  });

  it('keeps the subscription after another failure, without sending that slot again', async () => {
    const telegram = new FakeTelegram();
    const { store, scheduler } = instance(telegram);
    await subscribe(store, '新材料');
    telegram.fail.set(GROUP, telegramError(500, 'Internal Server Error'));
    now = NEXT_MORNING;
    expect(await scheduler.tick()).toBe(0);
    expect(logs.some((l) => l.level === 'error' && /not sent/.test(l.msg))).toBe(true);
    telegram.fail.clear();
    expect(await scheduler.tick()).toBe(0);
    expect(await store.active()).toHaveLength(1);
    now += DAY;
    expect(await scheduler.tick()).toBe(1);
  });

  it('follows a group that became a supergroup', async () => {
    const telegram = new FakeTelegram();
    const { store, scheduler } = instance(telegram);
    await subscribe(store, '新材料', 'daily', -555);
    telegram.fail.set(-555, telegramError(400, 'Bad Request: group chat was upgraded to a supergroup chat', { migrate_to_chat_id: -100555 }));
    now = NEXT_MORNING;
    expect(await scheduler.tick()).toBe(1);
    expect(telegram.sent.map((m) => m.chatId)).toEqual([-100555]);
    expect(await store.list(-100555)).toHaveLength(1);
  });

  it('after a re-index tells each subscribed chat once what is new or changed', async () => {
    const telegram = new FakeTelegram();
    const { store, scheduler } = instance(telegram);
    await scheduler.afterReindex(); // the baseline (start() does this too)
    await subscribe(store, '新材料');
    expect(await scheduler.afterReindex()).toBe(0);
    documents = [
      { id: 'a.txt', hash: '2', title: '文件甲', date: '2024' },
      { id: 'b.txt', hash: '1', title: '新材料产业<规划>' },
    ];
    expect(await scheduler.afterReindex()).toBe(1);
    const digest = telegram.sent[0]!.text;
    expect(digest).toMatch(/新增文件（1）：\n• 《新材料产业&lt;规划&gt;》 · <code>b\.txt<\/code>/);
    expect(digest).toMatch(/更新文件（1）：\n• 《文件甲》 · 2024 · <code>a\.txt<\/code>/);
    expect(await scheduler.afterReindex()).toBe(0);

    const again = instance(new FakeTelegram());
    expect(await again.scheduler.afterReindex()).toBe(0);
  });

  it('posts nothing to a chat no longer in ALLOWED_CHAT_IDS', async () => {
    const telegram = new FakeTelegram();
    const { store, scheduler } = instance(telegram, [OTHER]);
    await subscribe(store, '新材料');
    await subscribe(store, '光伏', 'daily', OTHER);
    now = NEXT_MORNING;
    expect(await scheduler.tick()).toBe(1);
    expect(telegram.sent.map((m) => m.chatId)).toEqual([OTHER]);
  });

  it('logs a failed pass and carries on; the caller never sees it throw', async () => {
    const telegram = new FakeTelegram();
    const { store, scheduler } = instance(telegram);
    await subscribe(store, '新材料');
    documents = undefined as unknown as CatalogueDocument[]; // an index that cannot be read
    expect(await scheduler.afterReindex()).toBe(0);
    expect(logs.some((l) => l.level === 'error' && /pass failed/.test(l.msg))).toBe(true);
    now = NEXT_MORNING;
    expect(await scheduler.tick()).toBe(1);
  });

  it('sends nothing once stopped', async () => {
    const telegram = new FakeTelegram();
    const { store, scheduler } = instance(telegram);
    await subscribe(store, '新材料');
    await scheduler.stop(100);
    now = NEXT_MORNING;
    expect(await scheduler.tick()).toBe(0);
    expect(telegram.sent).toEqual([]);
  });
});
