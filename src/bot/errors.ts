/** Errors as log fields and as text for users: never the bot token. */
import { cutText } from '../chat/text-cut.js';

/** Errors as log fields; grammY errors carry the method and description, never the token. */
export function errorInfo(err: unknown): object {
  const e = err as { name?: string; message?: string; method?: string; error_code?: number; description?: string };
  return { name: e?.name, message: redactToken(String(e?.message ?? err)), method: e?.method, code: e?.error_code };
}

export function redactToken(text: string): string {
  return text.replace(/\d{5,}:[A-Za-z0-9_-]{20,}/g, '[token]');
}

/** An error's message for a chat: token removed, one short line. */
export function errorLine(err: unknown): string {
  return cutText(redactToken(String((err as Error)?.message ?? err)).replace(/\s+/g, ' '), 200);
}
