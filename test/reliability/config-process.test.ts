/**
 * Start-up with a broken configuration, as an operator sees it: every problem on its own line
 * naming the variable, the .env warnings too, no stack trace, a non-zero exit — before anything
 * else happens.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeDir, tempDir } from '../helpers.js';
import { killBot, spawnBot, type BotProcess } from './bot-process.js';

describe('configuration problems at start', () => {
  let bot: BotProcess | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    killBot(bot);
    if (dir) await removeDir(dir);
    bot = dir = undefined;
  });

  it('names each bad variable on its own line, prints the .env warnings too, and exits with code 2', async () => {
    dir = await tempDir('rel-env');
    await writeFile(path.join(dir, '.env'), 'OPENAI_BASE_URL=localhost:11434/v1\nWEBHOOK_URL https://bot.example.org/hook\nPORT=99999\n');
    bot = spawnBot({ KNOWLEDGE_DIR: path.resolve('knowledge'), DATA_DIR: path.join(dir, 'data') }, { cwd: dir });
    const exit = await bot.exited;
    expect(exit.code).toBe(2);
    const lines = bot.log().trim().split('\n');
    expect(lines).toEqual([
      'warning: .env line 2 ignored: expected NAME=value',
      expect.stringMatching(/^Configuration error: OPENAI_BASE_URL must be an http:\/\/ or https:\/\/ URL .*scheme is missing/),
      expect.stringMatching(/^Configuration error: PORT must be a port number from 1 to 65535/),
    ]);
  }, 20000);

  it('a missing KNOWLEDGE_DIR is one line naming it', async () => {
    dir = await tempDir('rel-env');
    bot = spawnBot({ KNOWLEDGE_DIR: path.join(dir, 'nope'), DATA_DIR: path.join(dir, 'data') }, { cwd: dir });
    const exit = await bot.exited;
    expect(exit.code).toBe(2);
    expect(bot.log().trim()).toMatch(/^Configuration error: KNOWLEDGE_DIR is ".*nope", which is not a folder/);
  }, 20000);
});
