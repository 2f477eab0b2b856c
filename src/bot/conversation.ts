/**
 * What the bot does for a chat, independent of Telegram: questions with follow-up context, /source,
 * /brief, /docs, /help, /stats. The grammY handlers and the terminal chat both call this, so they
 * say the same things.
 */
import type { Answerer } from '../answer/pipeline.js';
import type { PolicyIndex } from '../retrieval/policy-index.js';
import type { ChatStore } from './chat-store.js';
import { answerReply, documentsReply, echo, helpReply, passageReply, sourceListReply, TEXT, type Reply } from './replies.js';
import { firstGraphemes } from './text-cut.js';

/** Longer questions are answered from their first part (retrieval gains nothing from more). */
export const MAX_QUESTION_CHARS = 500;

export interface ConversationDeps {
  answerer: Answerer;
  store: ChatStore;
  index: () => PolicyIndex;
}

export interface AskOptions {
  onDraft?: (text: string) => void;
}

export class Conversation {
  readonly startedAt = Date.now();

  constructor(private readonly deps: ConversationDeps) {}

  async ask(chatId: number, rawQuestion: string, options: AskOptions = {}): Promise<Reply> {
    const trimmed = rawQuestion.trim();
    if (!trimmed) return { html: TEXT.emptyQuestion };
    const question = firstGraphemes(trimmed, MAX_QUESTION_CHARS);
    const notices = question !== trimmed ? [TEXT.tooLong(MAX_QUESTION_CHARS)] : [];
    const last = await this.deps.store.lastAnswer(chatId);
    const previous = last ? { question: last.question, answer: last.answer } : undefined;
    const answer = await this.deps.answerer.answer(question, { previous, onDraft: options.onDraft });
    const stored = await this.deps.store.saveAnswer(chatId, answer.standalone, answer);
    await this.deps.store.increment('questions');
    if (answer.refused) await this.deps.store.increment('refusals');
    return answerReply(answer, stored, notices);
  }

  async brief(chatId: number, topic: string): Promise<Reply> {
    const briefing = await this.deps.answerer.brief(firstGraphemes(topic.trim(), MAX_QUESTION_CHARS));
    if (briefing.citations.length === 0) return answerReply(briefing);
    const stored = await this.deps.store.saveAnswer(chatId, topic, briefing);
    await this.deps.store.increment('briefings');
    return answerReply(briefing, stored);
  }

  /** `/source` (list) or `/source N` (passage N of the chat's last answer). */
  async source(chatId: number, argument: string): Promise<Reply> {
    const last = await this.deps.store.lastAnswer(chatId);
    if (!last) return { html: TEXT.noAnswerYet };
    const arg = argument.trim();
    if (!arg) return sourceListReply(last);
    const n = Number(arg.replace(/^\[|\]$/g, ''));
    if (!Number.isInteger(n) || !last.citations.some((c) => c.n === n)) return { html: TEXT.unknownSource(echo(arg), last.citations.length) };
    return this.openSource(chatId, last.id, n, 0);
  }

  /** An inline button: citation n of answer `answerId`, `offset` passages away in its document. */
  async openSource(chatId: number, answerId: number, n: number, offset: number): Promise<Reply> {
    const stored = await this.deps.store.answer(chatId, answerId);
    const citation = stored?.citations.find((c) => c.n === n);
    if (!stored || !citation) return { html: TEXT.expired };
    const index = this.deps.index();
    const at = (step: number) => index.passage(`${citation.docId}#${citation.index + step}`);
    // The cited passage itself is shown from the snapshot, so it survives a reindex unchanged.
    const passage = offset === 0 ? citation : at(offset);
    if (!passage) return { html: TEXT.expired };
    return passageReply(stored.id, citation, passage, offset, { previous: Boolean(at(offset - 1)), next: Boolean(at(offset + 1)) });
  }

  docs(): Reply {
    return documentsReply(this.deps.index().listDocuments());
  }

  help(botUsername?: string): Reply {
    return helpReply(botUsername);
  }

  async stats(): Promise<Reply> {
    const index = this.deps.index();
    const { store } = this.deps;
    const uptime = Math.round((Date.now() - this.startedAt) / 1000);
    const h = Math.floor(uptime / 3600);
    const m = Math.floor((uptime % 3600) / 60);
    const [questions, refusals, briefings] = await Promise.all(['questions', 'refusals', 'briefings'].map((c) => store.counter(c)));
    return {
      html: [
        '<b>运行统计 Stats</b>',
        `回答问题 questions answered: ${questions}`,
        `拒答 refusals: ${refusals}`,
        `简报 briefings: ${briefings}`,
        `文件 documents: ${index.documentCount}`,
        `段落 passages: ${index.passageCount}`,
        `运行时间 uptime: ${h} h ${m} min ${uptime % 60} s`,
        `模式 mode: ${this.deps.answerer.mode}`,
      ].join('\n'),
    };
  }
}
