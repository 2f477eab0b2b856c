/**
 * Answering a question or a briefing in a chat: "typing…" while it works, a progress draft in model
 * mode, and marking the update as awaited so shutdown apologises if it cannot finish.
 */
import type { Context } from 'grammy';
import type { Conversation } from '../chat/conversation.js';
import type { Reply } from '../chat/reply.js';
import { DraftStream } from './draft.js';
import type { InFlight } from './in-flight.js';
import { replyTargetOf, sendReply } from './send.js';

/** An answer or a briefing is at most this many messages (a runaway model answer is cut). */
const MAX_ANSWER_MESSAGES = 2;

export interface AnsweringDeps {
  conversation: Conversation;
  inFlight: InFlight;
  streaming: boolean;
  onOptionalFailure: (what: string) => (err: unknown) => void;
}

export function answering(deps: AnsweringDeps) {
  const { inFlight, conversation, onOptionalFailure } = deps;

  const awaitedAnswer = async (ctx: Context, answer: (draft?: DraftStream) => Promise<Reply>) => {
    const entry = inFlight.get(ctx.update.update_id);
    if (entry) entry.awaited = true;
    const target = replyTargetOf(ctx);
    const typing = keepTyping(ctx, onOptionalFailure('sendChatAction'));
    const draft = deps.streaming ? new DraftStream(ctx.api, target, ctx.hasChatType('private'), onOptionalFailure('draft')) : undefined;
    if (entry && draft) entry.draft = draft;
    try {
      const result = await answer(draft);
      await draft?.finish();
      if (entry?.abandoned) return; // shutdown has apologised for it already
      await sendReply(ctx.api, target, result, { maxMessages: MAX_ANSWER_MESSAGES });
    } finally {
      typing.stop();
      await draft?.finish();
    }
  };

  return {
    ask: (ctx: Context, question: string) =>
      awaitedAnswer(ctx, (draft) => conversation.ask(ctx.chat!.id, question, { onDraft: draft ? (t) => draft.update(t) : undefined })),
    brief: (ctx: Context, topic: string) => awaitedAnswer(ctx, () => conversation.brief(ctx.chat!.id, topic)),
  };
}

/** "typing…" now and every 4 s until stopped; failures ignored (the answer matters, not this). */
function keepTyping(ctx: Context, onError: (err: unknown) => void): { stop: () => void } {
  const send = () => void ctx.replyWithChatAction('typing').catch(onError);
  send();
  const timer = setInterval(send, 4000);
  return { stop: () => clearInterval(timer) };
}
