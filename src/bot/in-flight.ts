/**
 * The updates being handled right now, so that shutdown can wait for them (bounded by a grace
 * period), then apologise to the chats still waiting, remove their progress drafts, and make sure
 * nothing more is sent for them.
 */
import type { ReplyTarget } from './send.js';

export interface InFlightUpdate {
  updateId: number;
  /** Where an apology goes; absent for updates without a chat. */
  target?: ReplyTarget;
  /** A user waits for an answer to this update (a question or a briefing). */
  awaited: boolean;
  /** The progress draft shown for it, removed on shutdown. */
  draft?: { finish(): Promise<void> };
  /** Shutdown gave up on it: nothing more may be sent for it. */
  abandoned: boolean;
}

export class InFlight {
  private readonly updates = new Map<number, InFlightUpdate>();
  private waiters: (() => void)[] = [];

  begin(updateId: number, target?: ReplyTarget): InFlightUpdate {
    const entry: InFlightUpdate = { updateId, target, awaited: false, abandoned: false };
    this.updates.set(updateId, entry);
    return entry;
  }

  end(entry: InFlightUpdate): void {
    if (this.updates.get(entry.updateId) === entry) this.updates.delete(entry.updateId);
    if (this.updates.size === 0) for (const wake of this.waiters.splice(0)) wake();
  }

  get(updateId: number): InFlightUpdate | undefined {
    return this.updates.get(updateId);
  }

  get size(): number {
    return this.updates.size;
  }

  /** Waits until nothing is in flight or `graceMs` passed; returns what is left, marked abandoned. */
  async drain(graceMs: number): Promise<InFlightUpdate[]> {
    if (this.updates.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((resolve) => this.waiters.push(resolve)),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs))),
      ]);
      clearTimeout(timer);
    }
    const left = [...this.updates.values()];
    for (const entry of left) entry.abandoned = true;
    return left;
  }
}

/** One apology per chat (and forum topic) among abandoned updates, preferring an awaited question's target. */
export function apologyTargets(abandoned: InFlightUpdate[]): ReplyTarget[] {
  const byChat = new Map<string, InFlightUpdate>();
  for (const entry of abandoned) {
    if (!entry.target) continue;
    const key = `${entry.target.chatId}:${entry.target.threadId ?? ''}`;
    const known = byChat.get(key);
    if (!known || (!known.awaited && entry.awaited)) byChat.set(key, entry);
  }
  return [...byChat.values()].map((e) => e.target!);
}
