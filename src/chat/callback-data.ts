/**
 * Callback data of the inline buttons (Telegram allows 64 bytes): which stored answer a button
 * belongs to and what it does, parsed back by the bot's callback handlers.
 *   src:<answerId>:<n>            open cited passage n
 *   nav:<answerId>:<n>:<offset>   a passage `offset` away from it in its document
 *   fb:<answerId>:<up|down>       vote on the answer
 */
export const sourceData = (answerId: number, n: number) => `src:${answerId}:${n}`;
export const stepData = (answerId: number, n: number, offset: number) => `nav:${answerId}:${n}:${offset}`;
export const voteData = (answerId: number, vote: Vote) => `fb:${answerId}:${vote}`;

export type Vote = 'up' | 'down';

export const SOURCE_BUTTON = /^(?:src|nav):(\d+):(\d+)(?::(-?\d+))?$/;
export const VOTE_BUTTON = /^fb:(\d+):(up|down)$/;
