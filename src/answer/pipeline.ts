/**
 * The one answering pipeline the CLI, the terminal chat and the bot call:
 * question (+ previous turn) → standalone question → retrieve → judge the evidence → compose
 * (model, or extractive offline and as the fallback) → check citations → Answer.
 */
import { detectScript, type Script } from '../text/script.js';
import type { PolicyIndex } from '../retrieval/policy-index.js';
import { search, type SearchHit } from '../retrieval/query/search.js';
import { extractiveBriefing, knowledgeBaseOverview } from './briefing.js';
import type { ChatModel } from './chat-model.js';
import { judgeEvidence, type Evidence } from './evidence.js';
import { extractiveAnswer, refusal } from './extractive.js';
import { carryOverTerms, looksLikeFollowUp, type Turn } from './follow-up.js';
import { draftOf, judgeModelReply, promptMessages } from './model-answer.js';
import type { Prompts } from './prompts.js';
import type { Answer } from './types.js';

export interface AnswerLogger {
  warn(details: object, message: string): void;
}

export interface AnswererDeps {
  /** A getter, so a rebuilt index (/reindex) is used from the next question on. */
  index: () => PolicyIndex;
  /** Model mode when given (with prompts); offline extractive answers otherwise. */
  model?: { chat: ChatModel; prompts: Prompts };
  k: number;
  logger?: AnswerLogger;
}

export interface AnswerOptions {
  previous?: Turn;
  /** Model mode: called with the checked answer text so far while the model streams. */
  onDraft?: (text: string) => void;
}

/** An answer with what it was answered from. */
export interface AnsweredQuestion extends Answer {
  question: string;
  /** The question as searched: follow-ups rewritten to stand alone. */
  standalone: string;
  hits: SearchHit[];
  evidence: Evidence;
  /** Time the retrieval took (the rest is composing the answer). */
  searchMs: number;
}

const BRIEFING_HITS = 12;

const MODEL_UNAVAILABLE: Record<Script, string> = {
  simplified: '模型暂时不可用，以下是从文件中摘录的答案。',
  traditional: '模型暫時不可用，以下是從文件中摘錄的答案。',
  latin: 'The model was unavailable; this answer is quoted from the documents.',
};
const MODEL_UNGROUNDED: Record<Script, string> = {
  simplified: '模型的回答无法与出处核对，改为从文件中摘录。',
  traditional: '模型的回答無法與出處核對，改為從文件中摘錄。',
  latin: "The model's answer could not be checked against its sources; this answer is quoted from the documents.",
};

export class Answerer {
  constructor(private readonly deps: AnswererDeps) {}

  get mode(): Answer['mode'] {
    return this.deps.model ? 'model' : 'extractive';
  }

  async answer(question: string, options: AnswerOptions = {}): Promise<AnsweredQuestion> {
    const standalone = await this.standalone(question, options.previous);
    const index = this.deps.index();
    const { hits, normalizedQuestion, timings } = await search(index, standalone, { k: this.deps.k });
    const evidence = judgeEvidence(standalone, hits, this.evidenceContext(index));
    const base = { question, standalone, hits, evidence, searchMs: timings.totalMs };
    const offline = () => extractiveAnswer(standalone, hits, evidence, { searched: normalizedQuestion, ...(standalone !== question ? { focus: question } : {}) });
    const model = this.deps.model;
    if (!model) return { ...base, ...offline() };
    if (hits.length === 0) return { ...base, ...refusal(question, hits, 'model') };

    const script = detectScript(question);
    let reply: string;
    try {
      const messages = await promptMessages(model.prompts, 'answer', hits, standalone);
      const onDelta = options.onDraft ? (partial: string) => options.onDraft!(draftOf(partial, hits.length)) : undefined;
      reply = await model.chat.complete(messages, { onDelta });
    } catch (err) {
      this.deps.logger?.warn({ err: describe(err), model: model.chat.id }, 'model unavailable; answering offline');
      return { ...base, ...withNotice(offline(), MODEL_UNAVAILABLE[script]) };
    }
    const verdict = judgeModelReply(reply, hits);
    if (verdict.kind === 'refusal') return { ...base, ...refusal(question, hits, 'model') };
    if (verdict.kind === 'ungrounded') {
      this.deps.logger?.warn({ why: verdict.why, model: model.chat.id }, 'model answer not grounded; answering offline');
      return { ...base, ...withNotice(offline(), MODEL_UNGROUNDED[script]) };
    }
    return { ...base, text: verdict.text, citations: verdict.citations, refused: false, mode: 'model', notices: [] };
  }

  /** `/brief 主题`: a summary line and cited key points from several documents; no topic → overview. */
  async brief(topic: string): Promise<Answer> {
    const index = this.deps.index();
    if (!topic.trim()) return knowledgeBaseOverview(index);
    const script = detectScript(topic);
    const { hits } = await search(index, topic, { k: BRIEFING_HITS });
    const evidence = judgeEvidence(topic, hits, this.evidenceContext(index));
    if (!evidence.supported) return refusal(topic, hits);
    const offline = () => extractiveBriefing(topic, hits);
    const model = this.deps.model;
    if (!model) return offline();
    try {
      const reply = await model.chat.complete(await promptMessages(model.prompts, 'briefing', hits, topic));
      const verdict = judgeModelReply(reply, hits);
      if (verdict.kind === 'answer') return { text: verdict.text, citations: verdict.citations, refused: false, mode: 'model', notices: [] };
      if (verdict.kind === 'refusal') return refusal(topic, hits, 'model');
      this.deps.logger?.warn({ why: verdict.why }, 'model briefing not grounded; briefing offline');
      return withNotice(offline(), MODEL_UNGROUNDED[script]);
    } catch (err) {
      this.deps.logger?.warn({ err: describe(err) }, 'model unavailable; briefing offline');
      return withNotice(offline(), MODEL_UNAVAILABLE[script]);
    }
  }

  private evidenceContext(index: PolicyIndex) {
    return { wordWeight: (w: string) => index.lexical.wordIdf(w), lexical: index.lexical };
  }

  /** Follow-ups become standalone questions: the model rewrites them, offline the topic is carried. */
  private async standalone(question: string, previous?: Turn): Promise<string> {
    if (!previous || !looksLikeFollowUp(question)) return question;
    const model = this.deps.model;
    if (model) {
      try {
        const prompt = await model.prompts.condense.format({ previous_question: previous.question, previous_answer: previous.answer, question });
        const rewritten = (await model.chat.complete([{ role: 'user', content: prompt }])).trim();
        if (rewritten && rewritten.length <= Math.max(200, question.length * 4)) return rewritten;
      } catch (err) {
        this.deps.logger?.warn({ err: describe(err) }, 'follow-up condensation failed; carrying over terms');
      }
    }
    return carryOverTerms(question, previous);
  }
}

function withNotice(answer: Answer, notice: string): Answer {
  return { ...answer, notices: [notice, ...answer.notices] };
}

/** An error as a log field: message and status, never request headers (they carry the API key). */
function describe(err: unknown): object {
  const e = err as { name?: string; message?: string; status?: number };
  return { name: e?.name, message: e?.message, status: e?.status };
}
