/**
 * Posting subscribed briefings when they are due, and digests of new and changed documents after a
 * re-index. One pass at a time (a timer pass and a re-index never interleave), and every post is
 * claimed in the store before it is sent, so a restart never repeats one.
 *
 * A chat the bot can no longer post to (403: removed from the group, blocked; 400: chat not found)
 * has its subscriptions disabled with a log line. 429s are retried by the auto-retry plugin on the
 * bot's api before an error ever reaches here; other failures are logged and the post is lost —
 * sending it again could repeat it, which is worse.
 */
import { GrammyError, type Api } from 'grammy';
import { detectScript, type Script } from '../text/script.js';
import { digestReply, scheduledBriefing } from '../chat/subscription-replies.js';
import { dueSlot, type ScheduleSettings } from '../chat/subscription-schedule.js';
import type { CatalogueDocument, SubscriptionStore } from '../chat/subscription-store.js';
import type { Logger } from '../logger.js';
import type { Reply } from '../chat/reply.js';
import { errorInfo } from './errors.js';
import { sendReply, type ReplyTarget } from './send.js';

export interface SchedulerDeps {
  store: SubscriptionStore;
  schedule: ScheduleSettings;
  /** The cited briefing on a topic, as /brief gives it in that chat. */
  brief: (chatId: number, topic: string) => Promise<Reply>;
  /** The documents of the index in use now. */
  documents: () => CatalogueDocument[];
  /** The shared knowledge-base version that index reflects (PostgreSQL; 0 or absent for one process). */
  kbVersion?: () => number;
  logger: Logger;
  clock: () => number;
  /** Chats the bot may talk to (empty: all); a chat taken off the list gets no posts. */
  allowedChatIds?: number[];
}

/** A briefing is at most this many messages, like an answer. */
const MAX_BRIEFING_MESSAGES = 2;

export class SubscriptionScheduler {
  private api?: Api;
  private timer?: NodeJS.Timeout;
  private work: Promise<number> = Promise.resolve(0);
  private queuedTick?: Promise<number>;
  private stopped = false;

  constructor(private readonly deps: SchedulerDeps) {}

  /** Catches up with the index (the start-up ingest may have changed it), then checks every `intervalMs`. */
  start(api: Api, intervalMs: number): void {
    this.api = api;
    void this.afterReindex();
    void this.tick();
    this.timer = setInterval(() => void this.tick(), intervalMs);
    this.timer.unref(); // the bot's polling or server keeps the process alive, not this
  }

  /** Posts the briefings due now; resolves with how many were sent. */
  tick(): Promise<number> {
    // A pass waiting to start reads the clock when it starts, so it serves this call too.
    return (this.queuedTick ??= this.exclusive(() => this.postDueBriefings(), () => (this.queuedTick = undefined)));
  }

  /** Records what the index now holds and tells each subscribed chat what is new; resolves with digests sent. */
  afterReindex(): Promise<number> {
    return this.exclusive(() => this.postDigests());
  }

  /** No new passes; waits up to `timeoutMs` for the one running. */
  async stop(timeoutMs: number): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([this.work, new Promise((resolve) => (timeout = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timeout);
  }

  private exclusive(pass: () => Promise<number>, onStart?: () => void): Promise<number> {
    // A failed pass is logged and counts as nothing sent; callers (a timer, the re-index) never see it throw.
    const run = this.work
      .then(() => {
        onStart?.();
        return this.stopped || !this.api ? 0 : pass();
      })
      .catch((err: unknown) => {
        this.deps.logger.error({ err: errorInfo(err) }, 'subscription pass failed');
        return 0;
      });
    this.work = run;
    return run;
  }

  private async postDueBriefings(): Promise<number> {
    const { store, schedule, clock, logger } = this.deps;
    const now = clock();
    let sent = 0;
    for (const sub of await store.active()) {
      if (this.stopped) break;
      if (!this.allowed(sub.chatId)) continue;
      const slot = dueSlot(sub.cadence, sub.lastSlot, now, schedule);
      // Claimed (committed) before sending: after a crash or restart this slot is never posted again.
      if (slot === undefined || !(await store.claimSlot(sub.id, slot))) continue;
      try {
        const reply = await this.deps.brief(sub.chatId, sub.topic);
        if (this.stopped) break;
        await this.send(sub.chatId, sub.threadId, scheduledBriefing(sub, scriptOf([sub.topic]), reply));
        sent++;
        logger.info({ chat: sub.chatId, subscription: sub.id, slot: new Date(slot).toISOString(), lateMs: now - slot }, 'subscribed briefing sent');
      } catch (err) {
        await this.failed(sub.chatId, err, 'briefing', sub.id);
      }
    }
    return sent;
  }

  private async postDigests(): Promise<number> {
    const { store, logger } = this.deps;
    // Instances reach a new version at different moments; the store keeps the catalogue from going back.
    const change = await store.syncCatalogue(this.deps.documents(), this.deps.kbVersion?.() ?? 0);
    if (change.added + change.changed + change.removed > 0) logger.info({ ...change }, 'document catalogue updated');
    let sent = 0;
    for (const chatId of await store.chatsBehind()) {
      if (this.stopped) break;
      if (!this.allowed(chatId)) continue;
      const digest = await store.claimDigest(chatId); // marked as heard before it is sent (by one instance)
      if (!digest) continue;
      try {
        await this.send(chatId, digest.threadId, digestReply(digest, scriptOf(digest.topics)));
        sent++;
      } catch (err) {
        await this.failed(chatId, err, 'digest');
      }
    }
    return sent;
  }

  private allowed(chatId: number): boolean {
    const allowed = this.deps.allowedChatIds ?? [];
    return allowed.length === 0 || allowed.includes(chatId);
  }

  /** Sends to the chat; a group that became a supergroup is followed to its new id once. */
  private async send(chatId: number, threadId: number | undefined, reply: Reply): Promise<void> {
    const target: ReplyTarget = { chatId, threadId };
    try {
      await sendReply(this.api!, target, reply, { maxMessages: MAX_BRIEFING_MESSAGES });
    } catch (err) {
      const movedTo = err instanceof GrammyError ? err.parameters?.migrate_to_chat_id : undefined;
      if (movedTo === undefined) throw err;
      await this.deps.store.moveChat(chatId, movedTo);
      this.deps.logger.info({ chat: chatId, movedTo }, 'group became a supergroup; subscriptions moved');
      await sendReply(this.api!, { ...target, chatId: movedTo }, reply, { maxMessages: MAX_BRIEFING_MESSAGES });
    }
  }

  private async failed(chatId: number, err: unknown, what: string, subscription?: number): Promise<void> {
    const { store, logger, clock } = this.deps;
    if (isChatGone(err)) {
      const reason = err.description;
      const disabled = await store.disableChat(chatId, reason, clock());
      logger.warn({ chat: chatId, code: err.error_code, reason, subscriptions: disabled }, `cannot post the ${what}; the chat's subscriptions are disabled`);
    } else {
      logger.error({ chat: chatId, subscription, err: errorInfo(err) }, `subscribed ${what} not sent`);
    }
  }
}

/** Telegram will not take messages for this chat again unless someone acts (re-adds the bot, unblocks it). */
export function isChatGone(err: unknown): err is GrammyError {
  if (!(err instanceof GrammyError)) return false;
  if (err.error_code === 403) return true;
  return err.error_code === 400 && /chat not found|bot was kicked|not a member|CHAT_WRITE_FORBIDDEN|have no rights to send/i.test(err.description);
}

/** The script of the wording around a post: the subscribers' own (topics in Traditional → Traditional). */
function scriptOf(topics: string[]): Script {
  const script = detectScript(topics.join(''));
  return script === 'latin' ? 'simplified' : script;
}
