/**
 * The webhook endpoint. Telegram redelivers an update it has not seen acknowledged within its
 * timeout, so every update is acknowledged at once and answered in the background (duplicates are
 * dropped by update_id further on). Requests must carry the secret token (compared in constant
 * time); a body that is not an update gets 400 and one over the size limit 413, at once.
 *
 * grammY's webhookCallback does not fit: it answers only after the handler finished, and its http
 * adapter leaves a malformed body unanswered.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Update } from 'grammy/types';

/** Telegram's updates are a few kilobytes; a megabyte leaves room for long texts and entities. */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;
const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

export interface WebhookOptions {
  secret: string;
  /** Called after the request was acknowledged. */
  onUpdate: (update: Update) => void;
  /** Makes the update durable before it is acknowledged (shared inbox); a failure answers 503, so Telegram delivers it again. */
  persist?: (update: Update) => Promise<unknown>;
  /** False while shutting down: updates are refused (503) so Telegram delivers them again later. */
  accepting?: () => boolean;
  onRejected?: (status: number, why: string) => void;
  maxBodyBytes?: number;
}

/** Equal strings, in time that does not depend on where they differ (digests have equal length). */
export function secretMatches(given: string | undefined, secret: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given ?? ''), digest(secret)) && given !== undefined;
}

export function webhookHandler(options: WebhookOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const limit = options.maxBodyBytes ?? MAX_WEBHOOK_BODY_BYTES;
  const refuse = (req: IncomingMessage, res: ServerResponse, status: number, why: string) => {
    options.onRejected?.(status, why);
    if (!res.headersSent) res.writeHead(status, { 'content-type': 'text/plain', connection: 'close' }).end(`${why}\n`);
    req.resume(); // drain (or drop) whatever the client still sends
  };
  return (req, res) => {
    if (req.method !== 'POST') return refuse(req, res, 405, 'method not allowed');
    const header = req.headers[SECRET_HEADER];
    if (!secretMatches(Array.isArray(header) ? header[0] : header, options.secret)) return refuse(req, res, 401, 'unauthorized');
    if (Number(req.headers['content-length'] ?? 0) > limit) return refuse(req, res, 413, 'payload too large');
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        refuse(req, res, 413, 'payload too large');
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => {
      if (res.headersSent) return;
      let update: Update;
      try {
        update = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Update;
      } catch {
        return refuse(req, res, 400, 'malformed JSON');
      }
      if (typeof update !== 'object' || update === null || Array.isArray(update) || !Number.isSafeInteger(update.update_id)) {
        return refuse(req, res, 400, 'not a Telegram update');
      }
      if (options.accepting && !options.accepting()) return refuse(req, res, 503, 'shutting down');
      const acknowledge = () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}', () => options.onUpdate(update));
      if (!options.persist) return acknowledge();
      options.persist(update).then(acknowledge, () => refuse(req, res, 503, 'database unavailable'));
    });
    req.on('error', () => refuse(req, res, 400, 'request failed'));
  };
}
