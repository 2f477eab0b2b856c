/**
 * Showing a model's answer as it grows: `sendMessageDraft` in private chats; where that is not
 * available (groups, older servers) a placeholder message edited at most once a second. Drafts are
 * best effort: a failure here never costs the answer.
 */
import type { Api } from 'grammy';
import { escapeHtml, TELEGRAM_MESSAGE_LIMIT } from './html.js';
import type { ReplyTarget } from './send.js';

const MIN_INTERVAL_MS = 1000;

export class DraftStream {
  private lastShown = 0;
  private shownText = '';
  private pending: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private useDrafts: boolean;
  private placeholderId: number | undefined;
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

  /** Called with the answer so far; shows it now or after the interval. */
  update(text: string): void {
    if (!text.trim() || text === this.shownText) return;
    this.pending = text;
    const wait = this.lastShown + MIN_INTERVAL_MS - Date.now();
    if (wait <= 0) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    this.timer = undefined;
    const text = this.pending;
    if (text === undefined) return;
    this.pending = undefined;
    this.lastShown = Date.now();
    this.shownText = text;
    this.chain = this.chain.then(() => this.show(text)).catch(this.onError);
  }

  private async show(text: string): Promise<void> {
    const html = escapeHtml(text.slice(0, TELEGRAM_MESSAGE_LIMIT - 100)) + ' …';
    if (this.useDrafts) {
      try {
        await this.api.sendMessageDraft(this.target.chatId, this.draftId, html, { parse_mode: 'HTML', ...(this.target.threadId ? { message_thread_id: this.target.threadId } : {}) });
        return;
      } catch (err) {
        this.useDrafts = false; // not supported here: fall back to an edited placeholder
        this.onError(err);
      }
    }
    if (this.placeholderId === undefined) {
      const sent = await this.api.sendMessage(this.target.chatId, html, {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        ...(this.target.threadId !== undefined ? { message_thread_id: this.target.threadId } : {}),
      });
      this.placeholderId = sent.message_id;
    } else {
      await this.api.editMessageText(this.target.chatId, this.placeholderId, html, { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
    }
  }

  /** Stops updating and removes the placeholder, before the final answer is sent as its own message. */
  async finish(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.pending = undefined;
    await this.chain;
    if (this.placeholderId !== undefined) await this.api.deleteMessage(this.target.chatId, this.placeholderId).catch(this.onError);
  }
}
