/**
 * What the bot does for a chat, independent of Telegram: questions with follow-up context, /source,
 * /brief, /docs, /help, /stats and votes on answers. The grammY handlers and the terminal chat both
 * call this and render its replies (src/chat/reply.ts), so they say the same things.
 */
import { passageLocation } from '../answer/citations.js';
import { sourceLocation } from '../answer/format.js';
import { listPolicyDocuments } from '../retrieval/policy-catalogue.js';
import type { Answerer } from '../answer/pipeline.js';
import type { Answer } from '../answer/types.js';
import type { StoredAnswer } from '../bot/chat-store.js';
import type { PolicyIndex } from '../retrieval/policy-index.js';
import type { Vote } from './callback-data.js';
import type { FeedbackStore } from './feedback-store.js';
import type { CommandInfo } from './commands.js';
import { helpReply, type HelpScope } from './help.js';
import { exampleQuestions } from './help-examples.js';
import { indexVersion } from './index-version.js';
import { MAX_MESSAGE_CHARS, readMessage } from './message.js';
import { answerReply, documentsReply, echo, passageReply, sourceListReply, TEXT } from './replies.js';
import { textReply, type Reply } from './reply.js';
import { statsReply } from './stats.js';
import { firstGraphemes } from './text-cut.js';

/** A briefing topic is a few words; a longer one is cut (retrieval gains nothing from more). */
const MAX_TOPIC_CHARS = 200;
/** How much of a question taken out of a long message is echoed in the notice. */
const EXCERPT_ECHO_CHARS = 60;

type MaybePromise<T> = T | Promise<T>;

/**
 * The per-chat state the conversation needs (today src/bot/chat-store.ts, SQLite). Results may be
 * promises, so a store on a network database fits the same seam.
 */
export interface ConversationStore {
  lastAnswer(chatId: number): MaybePromise<StoredAnswer | undefined>;
  answer(chatId: number, id: number): MaybePromise<StoredAnswer | undefined>;
  saveAnswer(chatId: number, question: string, answer: Answer): MaybePromise<StoredAnswer>;
  increment(name: string): MaybePromise<void>;
  counter(name: string): MaybePromise<number>;
}

export interface ConversationDeps {
  answerer: Answerer;
  store: ConversationStore;
  index: () => PolicyIndex;
  /** Votes on answers; without it answers carry no 👍 / 👎 buttons. */
  feedback?: FeedbackStore;
  /** The commands /help lists (default: the built-in ones; extensions add theirs). */
  commands?: CommandInfo[];
}

export interface AskOptions {
  onDraft?: (text: string) => void;
}

export const MESSAGES = {
  tooLong: (length: number) =>
    `消息太长（${length} 字），最多 ${MAX_MESSAGE_CHARS} 字。请只发送问题，或把长文分几条发送并在最后一条提问。Message too long (${length} characters; at most ${MAX_MESSAGE_CHARS}).`,
  noQuestion:
    '这段文字里没有找到问题。请直接提问（例如“这份文件里的年度计划投资是多少？”），或用 /brief 主题 获取某个主题的要点。No question found in this text: ask one, or use /brief for a summary of a topic.',
  excerpt: (question: string) => `长消息：按其中的问题回答——「${question}」`,
  voted: (vote: Vote) => (vote === 'up' ? '谢谢反馈 👍 Thanks!' : '谢谢反馈 👎 我们会据此改进。Thanks, noted.'),
} as const;

export class Conversation {
  readonly startedAt = Date.now();

  constructor(private readonly deps: ConversationDeps) {}

  async ask(chatId: number, message: string, options: AskOptions = {}): Promise<Reply> {
    const read = readMessage(message);
    if (read.kind === 'empty') return textReply(TEXT.emptyQuestion);
    if (read.kind === 'tooLong') return textReply(MESSAGES.tooLong(read.length));
    if (read.kind === 'noQuestion') return textReply(MESSAGES.noQuestion);
    const notices = read.excerpt ? [MESSAGES.excerpt(firstGraphemes(read.question, EXCERPT_ECHO_CHARS) + (read.question.length > EXCERPT_ECHO_CHARS ? '…' : ''))] : [];
    const { store, feedback } = this.deps;
    const last = await store.lastAnswer(chatId);
    const previous = last ? { question: last.question, answer: last.answer } : undefined;
    const answer = await this.deps.answerer.answer(read.question, { previous, onDraft: options.onDraft });
    const stored = await store.saveAnswer(chatId, answer.standalone, answer);
    await store.increment('questions');
    if (answer.refused) await store.increment('refusals');
    await feedback?.noteAnswer(stored, indexVersion(this.deps.index()));
    return answerReply(answer, stored, { notices, vote: feedback !== undefined });
  }

  async brief(chatId: number, topic: string): Promise<Reply> {
    const briefing = await this.deps.answerer.brief(firstGraphemes(topic.trim(), MAX_TOPIC_CHARS));
    if (briefing.citations.length === 0) return answerReply(briefing);
    const stored = await this.deps.store.saveAnswer(chatId, topic, briefing);
    await this.deps.store.increment('briefings');
    return answerReply(briefing, stored);
  }

  /** `/source` (list) or `/source N` (passage N of the chat's last answer). */
  async source(chatId: number, argument: string): Promise<Reply> {
    const last = await this.deps.store.lastAnswer(chatId);
    if (!last) return textReply(TEXT.noAnswerYet);
    const arg = argument.trim();
    if (!arg) return sourceListReply(last);
    const n = Number(arg.replace(/^\[|\]$/g, ''));
    if (!Number.isInteger(n) || !last.citations.some((c) => c.n === n)) return textReply(TEXT.unknownSource(echo(arg), last.citations.length));
    return this.openSource(chatId, last.id, n, 0);
  }

  /** An inline button: citation n of answer `answerId`, `offset` passages away in its document. */
  async openSource(chatId: number, answerId: number, n: number, offset: number): Promise<Reply> {
    const stored = await this.deps.store.answer(chatId, answerId);
    const citation = stored?.citations.find((c) => c.n === n);
    if (!stored || !citation) return textReply(TEXT.expired);
    const index = this.deps.index();
    const at = (step: number) => index.passage(`${citation.docId}#${citation.index + step}`);
    // The cited passage itself is shown from the snapshot, so it survives a reindex unchanged.
    const passage = offset === 0 ? citation : at(offset);
    if (!passage) return textReply(TEXT.expired);
    const location = passageLocation(index.document(citation.docId), passage);
    return passageReply(stored.id, citation, passage, offset, { previous: Boolean(at(offset - 1)), next: Boolean(at(offset + 1)) }, location && sourceLocation(location));
  }

  /**
   * A 👍 / 👎 on answer `answerId` of this chat by `userId`; a second vote replaces the first.
   * Resolves with the one-line confirmation to show, or undefined when the answer has expired.
   */
  async vote(chatId: number, userId: number, answerId: number, vote: Vote): Promise<string | undefined> {
    const stored = await this.deps.store.answer(chatId, answerId);
    if (!stored || !this.deps.feedback) return undefined;
    await this.deps.feedback.vote({ answer: stored, userId, vote, indexVersion: indexVersion(this.deps.index()) });
    return MESSAGES.voted(vote);
  }

  docs(): Reply {
    return documentsReply(listPolicyDocuments(this.deps.index()));
  }

  async help(scope: HelpScope, botUsername?: string): Promise<Reply> {
    return helpReply(scope, await exampleQuestions(this.deps.index()), botUsername, this.deps.commands);
  }

  async stats(): Promise<Reply> {
    const { store, feedback } = this.deps;
    const index = this.deps.index();
    return statsReply({
      questions: await store.counter('questions'),
      refusals: await store.counter('refusals'),
      briefings: await store.counter('briefings'),
      documents: index.documentCount,
      passages: index.passageCount,
      uptimeSeconds: Math.round((Date.now() - this.startedAt) / 1000),
      mode: this.deps.answerer.mode,
      votes: await feedback?.totals(),
    });
  }
}
