/**
 * Scheduled group briefings, as the bot wires them: the commands (a Composer for the bot to `use`),
 * the scheduler (started once the Bot API answers, stopped on shutdown) and the re-index hook.
 */
import type { Api, Composer, Context } from 'grammy';
import { DEFAULT_SCHEDULE, type ScheduleSettings } from '../chat/subscription-schedule.js';
import { PgSubscriptionStore } from '../chat/pg-subscription-store.js';
import { SqliteSubscriptionStore } from '../chat/sqlite-subscription-store.js';
import type { CatalogueDocument, SubscriptionStore } from '../chat/subscription-store.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { PolicyIndex } from '../retrieval/policy-index.js';
import type { Pool } from '../store/postgres.js';
import type { Reply } from '../chat/reply.js';
import { ChatAdmins } from './subscriptions-admins.js';
import { subscriptionCommands } from './subscriptions-commands.js';
import { SubscriptionScheduler } from './subscriptions-scheduler.js';

/** For the menus and /help (the shape of the chat branch's CommandInfo). */
export const SUBSCRIPTION_COMMANDS: { command: string; usage: string; description: string; scopes: ('private' | 'group' | 'admin')[] }[] = [
  { command: 'subscribe', usage: '/subscribe 主题 [daily|weekly]', description: '订阅定时简报 Subscribe to a briefing', scopes: ['group', 'private'] },
  { command: 'subscriptions', usage: '/subscriptions', description: '本群订阅 Subscriptions', scopes: ['group', 'private'] },
  { command: 'unsubscribe', usage: '/unsubscribe [主题]', description: '退订 Unsubscribe', scopes: ['group', 'private'] },
];

/** How often due briefings are looked for: a post is at most this late. */
export const CHECK_EVERY_MS = 30_000;
/** On shutdown, how long a briefing being sent may still take. */
const STOP_WAIT_MS = 5000;
/** The same, when stopped as an extension (after the grace period was spent on answers). */
const EXTENSION_STOP_WAIT_MS = 1000;

export interface SubscriptionOptions {
  dataDir: string;
  /** PostgreSQL shared by the instances (DATABASE_URL): subscriptions, slots and digests live there, not in dataDir. */
  pool?: Pool;
  /** The shared knowledge-base version the index reflects (with `pool`). */
  kbVersion?: () => number;
  /** The cited briefing for a chat (Conversation#brief). */
  conversation: { brief(chatId: number, topic: string): Promise<Reply> };
  /** The index in use (a getter: /reindex swaps it). */
  index: () => PolicyIndex;
  logger: Logger;
  /** ALLOWED_CHAT_IDS: a chat taken off the list gets no more posts. */
  allowedChatIds?: number[];
  /** Hour of day in Asia/Shanghai (default 9). */
  hour?: number;
  clock?: () => number;
  checkEveryMs?: number;
}

export class Subscriptions {
  readonly store: SubscriptionStore;
  readonly scheduler: SubscriptionScheduler;
  readonly composer: Composer<Context>;
  readonly schedule: ScheduleSettings;

  constructor(private readonly options: SubscriptionOptions) {
    const clock = options.clock ?? Date.now;
    this.schedule = { ...DEFAULT_SCHEDULE, ...(options.hour !== undefined ? { hour: options.hour } : {}) };
    this.store = options.pool ? new PgSubscriptionStore(options.pool) : new SqliteSubscriptionStore(options.dataDir);
    this.scheduler = new SubscriptionScheduler({
      store: this.store,
      schedule: this.schedule,
      brief: (chatId, topic) => options.conversation.brief(chatId, topic),
      documents: () => catalogueOf(options.index()),
      kbVersion: options.kbVersion,
      logger: options.logger,
      clock,
      allowedChatIds: options.allowedChatIds,
    });
    this.composer = subscriptionCommands({ store: this.store, admins: new ChatAdmins(clock), schedule: this.schedule, clock, logger: options.logger });
  }

  /** Once the Bot API answers: catch up with the index, post what is due, then keep checking. */
  start(api: Api): void {
    this.scheduler.start(api, this.options.checkEveryMs ?? CHECK_EVERY_MS);
  }

  /** Posts the briefings due now (the timer calls this; tests with a fake clock too). */
  tick(): Promise<number> {
    return this.scheduler.tick();
  }

  /** After a re-index: the digests of new and changed documents. */
  afterReindex(): Promise<number> {
    return this.scheduler.afterReindex();
  }

  /** No new posts from now on; a post being sent gets up to `waitMs`; then the store is closed. */
  async stop(waitMs = STOP_WAIT_MS): Promise<void> {
    await this.scheduler.stop(waitMs);
    await this.store.close();
  }
}

function catalogueOf(index: PolicyIndex): CatalogueDocument[] {
  return index.listDocuments().map((d) => ({ id: d.id, hash: d.hash, title: d.meta.title, date: d.meta.date }));
}

/** What an extension factory gets (a subset of the bot's ExtensionDeps). */
export interface SubscriptionExtensionDeps {
  config: Config;
  logger: Logger;
  conversation: SubscriptionOptions['conversation'];
  index: () => PolicyIndex;
  pool?: Pool;
  kbVersion?: () => number;
}

/**
 * The subscriptions as a bot extension (the seam of src/bot/extensions.ts): a composer, its
 * commands, start/stop hooks, and `afterReindex` for the re-index to call. `clock` is for tests.
 */
export function subscriptionExtension(options: { clock?: () => number } = {}) {
  return (deps: SubscriptionExtensionDeps) => {
    const subscriptions = new Subscriptions({
      dataDir: deps.config.DATA_DIR,
      pool: deps.pool,
      kbVersion: deps.kbVersion,
      hour: deps.config.SUBSCRIPTION_HOUR,
      allowedChatIds: deps.config.ALLOWED_CHAT_IDS,
      conversation: deps.conversation,
      index: deps.index,
      logger: deps.logger,
      clock: options.clock,
    });
    return {
      subscriptions,
      composer: subscriptions.composer,
      commands: SUBSCRIPTION_COMMANDS,
      start: (api: Api) => subscriptions.start(api),
      // Called once answers in flight have settled: a briefing being sent gets a moment, not another grace period.
      stop: () => subscriptions.stop(EXTENSION_STOP_WAIT_MS),
      afterReindex: () => subscriptions.afterReindex(),
    };
  };
}
