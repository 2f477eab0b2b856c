/**
 * The bot's line to the Telegram Bot API, made visible: reaching it at start (say what is
 * unreachable, retry with backoff), network failures of API calls (a few bounded retries, not
 * forever), and long polling supervised (409 Conflict — another instance polling with this token —
 * is reported in one clear line and retried, then given up on cleanly).
 */
import { run, type RunnerHandle } from '@grammyjs/runner';
import { GrammyError, HttpError, type Bot, type Transformer } from 'grammy';
import type { Logger } from '../logger.js';

/** Waits between attempts, in seconds: 1, 2, 4, … up to 30. */
export function backoffSeconds(attempt: number): number {
  return Math.min(30, 2 ** attempt);
}

/** Why a Telegram call failed, in a few words (never the token: it is in the URL, not here). */
export function failureReason(err: unknown): string {
  if (err instanceof GrammyError) return `${err.error_code} ${err.description}`;
  if (err instanceof HttpError) {
    const inner = err.error as { code?: string; cause?: { code?: string }; message?: string; name?: string };
    return inner?.code ?? inner?.cause?.code ?? (inner?.name === 'AbortError' ? 'no answer in time' : inner?.message) ?? err.message;
  }
  return (err as Error)?.message ?? String(err);
}

export class StartupError extends Error {
  override name = 'StartupError';
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

const GET_ME_TIMEOUT_MS = 10_000;

/**
 * Fetches the bot's identity (getMe), retrying with visible backoff while the Bot API cannot be
 * reached. A rejected token ends start-up with one line. Returns false if `signal` aborted first.
 */
export async function connect(bot: Bot, apiRoot: string, logger: Logger, signal: AbortSignal): Promise<boolean> {
  for (let attempt = 0; !signal.aborted; attempt++) {
    try {
      const deadline = AbortSignal.any([signal, AbortSignal.timeout(GET_ME_TIMEOUT_MS)]) as Parameters<typeof bot.api.getMe>[0];
      bot.botInfo = await bot.api.getMe(deadline);
      if (attempt > 0) logger.info({ apiRoot }, 'reached the Telegram Bot API');
      return true;
    } catch (err) {
      if (signal.aborted) return false;
      if (err instanceof GrammyError && (err.error_code === 401 || err.error_code === 404)) {
        throw new StartupError(`Telegram rejected TELEGRAM_BOT_TOKEN (${err.error_code} ${err.description}); check the token from @BotFather.`);
      }
      const wait = backoffSeconds(attempt);
      logger.warn({ apiRoot, reason: failureReason(err), attempt: attempt + 1 }, `cannot reach the Telegram Bot API at ${apiRoot} (${failureReason(err)}); retrying in ${wait} s`);
      await sleep(wait * 1000, signal);
    }
  }
  return false;
}

/**
 * Network failures of API calls (not Telegram's answers) are retried a few times with backoff,
 * then fail — an answer is worth a short wait, but a call must never hang for hours (the
 * auto-retry plugin alone would retry them forever). getMe and getUpdates retry on their own.
 */
export function retryNetworkFailures(logger: Logger, attempts = 3, firstWaitMs = 1000): Transformer {
  return async (prev, method, payload, signal) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await prev(method, payload, signal);
      } catch (err) {
        if (!(err instanceof HttpError) || method === 'getUpdates' || method === 'getMe' || attempt >= attempts || signal?.aborted) throw err;
        const wait = firstWaitMs * 2 ** attempt;
        logger.warn({ method, reason: failureReason(err) }, `Telegram call ${method} failed; retrying in ${wait / 1000} s`);
        await sleep(wait, signal as unknown as AbortSignal | undefined);
      }
    }
  };
}

/** Logs when long polling loses the Bot API and when it has it back (once each, not per retry). */
export function reportPollingFailures(logger: Logger): Transformer {
  let failing = false;
  return async (prev, method, payload, signal) => {
    if (method !== 'getUpdates') return prev(method, payload, signal);
    try {
      const result = await prev(method, payload, signal);
      if (failing) logger.info('polling the Telegram Bot API again');
      failing = false;
      return result;
    } catch (err) {
      if (!failing && !signal?.aborted && !(err instanceof GrammyError && err.error_code === 409)) {
        logger.warn({ reason: failureReason(err) }, `polling the Telegram Bot API failed (${failureReason(err)}); retrying`);
        failing = true;
      }
      throw err;
    }
  };
}

export interface Polling {
  /** Stops fetching updates (handlers already running go on). */
  stop(): Promise<void>;
  /** Resolves with the reason if polling stopped for good on its own (bad token, persistent conflict). */
  failed: Promise<Error>;
}

/** How long another instance may keep polling with our token before this one gives up. */
const CONFLICT_GIVE_UP_MS = 3 * 60_000;

/** Long polling with @grammyjs/runner, restarted after errors the runner gives up on. */
export function startPolling(bot: Bot, logger: Logger, allowedUpdates: ('message' | 'callback_query')[]): Polling {
  const stopped = new AbortController();
  let runner: RunnerHandle | undefined;
  let fail!: (err: Error) => void;
  const failed = new Promise<Error>((resolve) => (fail = resolve));

  const supervise = async () => {
    let conflictSince: number | undefined;
    for (let attempt = 0; !stopped.signal.aborted; ) {
      runner = run(bot, { runner: { fetch: { allowed_updates: allowedUpdates }, silent: true } });
      try {
        await runner.task();
        return; // stopped
      } catch (err) {
        if (stopped.signal.aborted) return;
        if (err instanceof GrammyError && err.error_code === 401) return fail(new StartupError(`Telegram rejected TELEGRAM_BOT_TOKEN while polling (401); stopping.`));
        const conflict = err instanceof GrammyError && err.error_code === 409;
        conflictSince = conflict ? (conflictSince ?? Date.now()) : undefined;
        if (conflictSince !== undefined && Date.now() - conflictSince > CONFLICT_GIVE_UP_MS) {
          return fail(new StartupError(`another instance of this bot has kept polling with the same token for ${CONFLICT_GIVE_UP_MS / 60_000} min (409 Conflict); stopping this one.`));
        }
        const wait = backoffSeconds(attempt++);
        if (conflict) logger.error({ code: 409 }, `409 Conflict: another instance of this bot is polling with the same token (or a webhook is set); retrying in ${wait} s — stop the other instance`);
        else logger.warn({ reason: failureReason(err) }, `polling stopped (${failureReason(err)}); restarting in ${wait} s`);
        await sleep(wait * 1000, stopped.signal);
      }
    }
  };
  const supervised = supervise().catch((err: unknown) => fail(err as Error));
  return {
    failed,
    async stop() {
      stopped.abort();
      if (runner?.isRunning()) await runner.stop().catch(() => undefined);
      await supervised;
    },
  };
}
