/**
 * The real bot process (`node --import tsx src/main.ts`) for scenarios where the failure is in
 * process handling: signals, pipes, ports. Its stderr (the log) is collected line by line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cp } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { openTestIndex, tempDir } from '../helpers.js';

export const TOKEN = '123456789:TESTtokenTESTtokenTESTtoken_abc';

export interface BotProcess {
  child: ChildProcess;
  /** The log so far. */
  log(): string;
  /** Resolves with the first log line matching `pattern` (rejects after `timeoutMs`). */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Exit code (or signal) and milliseconds since `since` (default: spawn). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

/** `cwd` other than the repository: for a .env file of the test's own (paths are made absolute). */
export function spawnBot(env: Record<string, string>, options: { cwd?: string } = {}): BotProcess {
  const root = process.cwd();
  const loader = pathToFileURL(path.join(root, 'node_modules/tsx/dist/loader.mjs')).href;
  const child = spawn(process.execPath, ['--import', loader, path.join(root, 'src/main.ts')], {
    cwd: options.cwd ?? root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TELEGRAM_BOT_TOKEN: TOKEN, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (log += d));
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (log += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  return {
    child,
    log: () => log,
    exited,
    async waitForLog(pattern, timeoutMs = 20000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const line = log.split('\n').find((l) => pattern.test(l));
        if (line) return line;
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no log line matching ${pattern} (exit ${child.exitCode}):\n${log.slice(-3000)}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
  };
}

/** Stops a spawned bot that a failed test left running. */
export function killBot(bot: BotProcess | undefined): void {
  if (bot && bot.child.exitCode === null && bot.child.signalCode === null) bot.child.kill('SIGKILL');
}

let prepared: Promise<string> | undefined;

/** A fresh DATA_DIR holding an index of knowledge/ (built once per test file, then copied). */
export async function dataDirWithIndex(): Promise<string> {
  prepared ??= openTestIndex('knowledge').then((o) => o.dataDir);
  const dir = await tempDir('rel-data');
  await cp(await prepared, dir, { recursive: true });
  return dir;
}

export { freePort } from '../../src/store/throwaway-cluster.js';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it returns true (rejects after `timeoutMs`). */
export async function until(check: () => boolean, timeoutMs = 10000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** The bot started inside the test process (for faults outside process handling); its log lines are kept. */
export async function startInProcess(env: Record<string, string>, signal?: AbortSignal) {
  const { pino } = await import('pino');
  const { parseConfig } = await import('../../src/config.js');
  const { startBot } = await import('../../src/bot/start.js');
  const lines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
  const config = parseConfig({ TELEGRAM_BOT_TOKEN: TOKEN, ...env });
  const started = startBot(config, logger, signal);
  return { started, lines, log: () => lines.join('') };
}
