/**
 * The one answering pipeline the CLI, the terminal chat and the bot call:
 * analyse (once) → retrieve → judge → compose (model, or extractive offline and as the fallback)
 * → check → Answer. Briefings go through the same steps with a topic instead of a question.
 */
import { analyse, type PreviousTurn } from '../query/analyse.js';
import { lexiconOf } from '../query/index-lexicon.js';
import type { Question } from '../query/question.js';
import { allowedDocuments, type DocumentFilter } from '../retrieval/policy-catalogue.js';
import type { PolicyIndex } from '../retrieval/policy-index.js';
import type { SearchHit } from '../retrieval/query/search.js';
import { normalizeForIndex } from '../text/normalize.js';
import type { Script } from '../text/script.js';
import { extractiveBriefing, knowledgeBaseOverview } from './briefing.js';
import type { ChatModel } from './chat-model.js';
import { composeAnswer } from './compose.js';
import { judge, type Judgement } from './judge.js';
import { draftOf, judgeModelReply, promptMessages } from './model-answer.js';
import type { Prompts } from './prompts.js';
import { refusal } from './refusal.js';
import { RANKING, retrieve } from './retrieve.js';
import type { Answer, Outcome } from './types.js';

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
  previous?: PreviousTurn;
  /** Model mode: called with the checked answer text so far while the model streams. */
  onDraft?: (text: string) => void;
  /** Answer only from documents of this issuer, date or status (`ask --issuer/--since/--in-force`). */
  filter?: DocumentFilter;
}

/** An answer with what it was answered from. */
export interface AnsweredQuestion extends Answer {
  question: string;
  /** The question as searched: follow-ups resolved to stand alone. */
  standalone: string;
  analysed: Question;
  hits: SearchHit[];
  judgement: Judgement;
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
const MODEL_TRIMMED: Record<Script, string> = {
  simplified: '模型回答中与出处不符的数字已删去。',
  traditional: '模型回答中與出處不符的數字已刪去。',
  latin: "Figures in the model's answer that its sources do not hold were removed.",
};

export class Answerer {
  constructor(private readonly deps: AnswererDeps) {}

  get mode(): Answer['mode'] {
    return this.deps.model ? 'model' : 'extractive';
  }

  async answer(text: string, options: AnswerOptions = {}): Promise<AnsweredQuestion> {
    const index = this.deps.index();
    const question = await this.analysed(index, text, options.previous);
    const { hits, ms } = await retrieve(index, question, this.deps.k, RANKING.final, { only: allowedDocuments(index, options.filter) });
    const judgement = judge(question, hits, { before: precedingText(index), similarity: lexiconOf(index).similarity });
    const base = { question: text, standalone: question.standalone, analysed: question, hits, judgement, searchMs: ms };
    const missing = judgement.parts.flatMap((p) => p.missing);
    if (judgement.outcome === 'refused') return { ...base, ...refusal(question.script, hits, this.mode, missing) };
    const offline = () => composeAnswer({ question, hits, judgement });
    const model = this.deps.model;
    if (!model) return { ...base, ...offline() };

    let reply: string;
    try {
      const messages = await promptMessages(model.prompts, 'answer', hits, question.standalone, question.script);
      const onDelta = options.onDraft ? (partial: string) => options.onDraft!(draftOf(partial, hits.length)) : undefined;
      reply = await model.chat.complete(messages, { onDelta });
    } catch (err) {
      this.deps.logger?.warn({ err: describe(err), model: model.chat.id }, 'model unavailable; answering offline');
      return { ...base, ...withNotice(offline(), MODEL_UNAVAILABLE[question.script]) };
    }
    const verdict = judgeModelReply(reply, hits);
    if (verdict.kind === 'refusal') return { ...base, ...refusal(question.script, hits, 'model', missing) };
    if (verdict.kind === 'ungrounded') {
      this.deps.logger?.warn({ why: verdict.why, model: model.chat.id }, 'model answer not grounded; answering offline');
      return { ...base, ...withNotice(offline(), MODEL_UNGROUNDED[question.script]) };
    }
    const outcome: Outcome = judgement.outcome;
    const notices = verdict.dropped ? [MODEL_TRIMMED[question.script]] : [];
    return { ...base, text: verdict.text, citations: verdict.citations, outcome, refused: false, mode: 'model', notices };
  }

  /** `/brief 主题`: a summary line and cited key points from several documents; no topic → overview. */
  async brief(topic: string): Promise<Answer> {
    const index = this.deps.index();
    if (!topic.trim()) return knowledgeBaseOverview(index);
    const question = analyse(topic, lexiconOf(index));
    const { hits } = await retrieve(index, question, BRIEFING_HITS);
    if (judge(question, hits).outcome === 'refused') return refusal(question.script, hits);
    const offline = () => extractiveBriefing(topic, hits, question.script);
    const model = this.deps.model;
    if (!model) return offline();
    try {
      const reply = await model.chat.complete(await promptMessages(model.prompts, 'briefing', hits, topic, question.script));
      const verdict = judgeModelReply(reply, hits);
      if (verdict.kind === 'answer') return { text: verdict.text, citations: verdict.citations, outcome: 'answer', refused: false, mode: 'model', notices: [] };
      if (verdict.kind === 'refusal') return refusal(question.script, hits, 'model');
      this.deps.logger?.warn({ why: verdict.why }, 'model briefing not grounded; briefing offline');
      return withNotice(offline(), MODEL_UNGROUNDED[question.script]);
    } catch (err) {
      this.deps.logger?.warn({ err: describe(err) }, 'model unavailable; briefing offline');
      return withNotice(offline(), MODEL_UNAVAILABLE[question.script]);
    }
  }

  /**
   * The analysed question. A follow-up is resolved by the analysis; in model mode, one that points
   * back with a pronoun or leaves out its subject is rewritten by the model (prompts/condense.txt),
   * which reads the previous answer too, and the rewrite is analysed in the asker's script.
   */
  private async analysed(index: PolicyIndex, text: string, previous?: PreviousTurn): Promise<Question> {
    const lexicon = lexiconOf(index);
    const question = analyse(text, lexicon, previous);
    const model = this.deps.model;
    if (!model || !previous || !question.followUp || question.followUp.reason === 'continuation') return question;
    try {
      const prompt = await model.prompts.condense.format({ previous_question: previous.question, previous_answer: previous.answer ?? '', question: text });
      const rewritten = (await model.chat.complete([{ role: 'user', content: prompt }])).trim();
      if (!rewritten || rewritten.length > Math.max(200, text.length * 4)) return question;
      return { ...analyse(rewritten, lexicon), text: question.text, script: question.script, followUp: question.followUp };
    } catch (err) {
      this.deps.logger?.warn({ err: describe(err) }, 'follow-up condensation failed; using the analysis');
      return question;
    }
  }
}

/** The text just before a passage in its document, normalised: it often names the passage's subject. */
function precedingText(index: PolicyIndex): (hit: SearchHit) => string {
  return (hit) => {
    const before = index.neighbour(hit.passage, -1);
    return before ? normalizeForIndex(before.text).replace(/\s+/g, '') : '';
  };
}

function withNotice(answer: Answer, notice: string): Answer {
  return { ...answer, notices: [notice, ...answer.notices] };
}

/** An error as a log field: message and status, never request headers (they carry the API key). */
function describe(err: unknown): object {
  const e = err as { name?: string; message?: string; status?: number };
  return { name: e?.name, message: e?.message, status: e?.status };
}
