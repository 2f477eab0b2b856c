/**
 * A reply as terminal text: the same words as the bot's, styles dropped, and the buttons a terminal
 * cannot press turned into the command that does the same (/source N).
 */
import type { Reply } from './reply.js';
import { replyText } from './reply.js';
import { SOURCE_BUTTON } from './callback-data.js';

export function toText(reply: Reply): string {
  const text = replyText(reply);
  const sources = (reply.buttons?.flat() ?? []).filter((b) => SOURCE_BUTTON.test(b.data));
  return sources.length > 0 ? `${text}\n\n(/source N 查看原文 · shows passage N)` : text;
}
