/**
 * Progress while a model answer is generated. The model's text is never shown before the answer
 * has been checked — a draft could show a figure the check removes — so the draft says only that
 * the answer is being written and how far along it is. `sendMessageDraft` in private chats; where
 * that is not available (groups, older servers) a placeholder message, edited at most every few
 * seconds and deleted when the answer (or, on shutdown, an apology) is sent. Best effort: a
 * failure here never costs the answer.
 */
import type { Api } from 'grammy';
import type { ReplyTarget } from './send.js';

const MIN_INTERVAL_MS = 2500;

/** What the draft shows: progress only, never the model's words. */
export function progressText(charactersWritten: number): string {
  return charactersWritten > 0 ? `✍️ 正在生成回答（已写 ${charactersWritten} 字）…` : '🔎 正在查找资料…';
}

export class DraftStream {
  private lastShown = 0;
  private shownText = '';
  private pending: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private useDrafts: boolean;
  private placeholderId: number | undefined;
  private finished = false;
  private chain: Promise<void> = Promise.resolve();
  private readonly draftId = Math.floor(Math.random() * 2 ** 31) + 1;

  constructor(
    private readonly api: Api,
    private readonly target: ReplyTarget,
    isPrivate: boolean,
    private readonly onError: (err: unknown) => void,
  ) {
    this.useDrafts = isPrivate;
  }

  /** Called with the (unchecked) answer so far; only its length is used. */
  update(textSoFar: string): void {
    if (this.finished || !textSoFar.trim()) return;
    const text = progressText([...textSoFar].length);
    if (text === this.shownText) return;
    this.pending = text;
    const wait = this.lastShown + MIN_INTERVAL_MS - Date.now();
    if (wait <= 0) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    this.timer = undefined;
    const text = this.pending;
    if (text === undefined || this.finished) return;
    this.pending = undefined;
    this.lastShown = Date.now();
    this.shownText = text;
    this.chain = this.chain.then(() => this.show(text)).catch(this.onError);
  }

  private async show(text: string): Promise<void> {
    if (this.finished) return;
    const thread = this.target.threadId !== undefined ? { message_thread_id: this.target.threadId } : {};
    if (this.useDrafts) {
      try {
        await this.api.sendMessageDraft(this.target.chatId, this.draftId, text, thread);
        return;
      } catch (err) {
        this.useDrafts = false; // not supported here: fall back to an edited placeholder
        this.onError(err);
      }
    }
    if (this.placeholderId === undefined) {
      const sent = await this.api.sendMessage(this.target.chatId, text, { link_preview_options: { is_disabled: true }, ...thread });
      this.placeholderId = sent.message_id;
      if (this.finished) await this.removePlaceholder(); // finished while this was being sent
    } else {
      await this.api.editMessageText(this.target.chatId, this.placeholderId, text, { link_preview_options: { is_disabled: true } });
    }
  }

  private async removePlaceholder(): Promise<void> {
    const id = this.placeholderId;
    this.placeholderId = undefined;
    if (id !== undefined) await this.api.deleteMessage(this.target.chatId, id).catch(this.onError);
  }

  /** Stops updating and removes the placeholder; safe to call more than once. */
  async finish(): Promise<void> {
    this.finished = true;
    if (this.timer) clearTimeout(this.timer);
    this.pending = undefined;
    await this.chain;
    await this.removePlaceholder();
  }
}
