import { spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, tempDir } from '../helpers.js';

/** `npm start` without a token: the terminal chat, fed lines on stdin as a user would type them. */
function terminalChat(dataDir: string, lines: string[], closeInput: boolean): Promise<{ code: number | null; out: string }> {
  const root = process.cwd();
  const loader = pathToFileURL(path.join(root, 'node_modules/tsx/dist/loader.mjs')).href;
  const child = spawn(process.execPath, ['--import', loader, path.join(root, 'src/main.ts')], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir, KNOWLEDGE_DIR: path.join(root, 'knowledge'), LOG_LEVEL: 'silent' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stdin.write(lines.map((l) => `${l}\n`).join(''));
  if (closeInput) child.stdin.end(); // Ctrl-D
  const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    }),
  );
}

describe('the terminal chat', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await tempDir('terminal');
  });
  afterAll(async () => removeDir(dataDir));

  it('ignores empty lines, answers, shows help with examples, and quits on /quit (the rest is not read)', async () => {
    const pasted = `${'会议强调要稳中求进、狠抓落实，持续优化营商环境。'.repeat(40)}综改示范区今年的年度计划投资是多少？`;
    const { code, out } = await terminalChat(dataDir, ['', '   ', '/help', pasted, '', '/source 1', '/quit', '中北高新区现在有多少家不锈钢加工企业？'], false);
    expect(code).toBe(0);
    expect(out).toContain('可以这样问');
    expect(out).toContain('/quit — 退出');
    expect(out).toContain('长消息：按其中的问题回答——「综改示范区今年的年度计划投资是多少？」');
    expect(out).toContain('232.2亿元');
    expect(out).toMatch(/\[1\] 《[^》]+》\n/); // the passage of /source 1, as text
    expect(out).not.toMatch(/<\/?[bi]>/); // no HTML in the terminal
    expect(out).not.toContain('50多家'); // asked after /quit
    expect(out.match(/问 › /g)!.length).toBe(7); // one prompt per line read, empty lines too
  }, 120_000);

  it('quits on end of input (Ctrl-D)', async () => {
    const { code, out } = await terminalChat(dataDir, ['中北高新区现在有多少家不锈钢加工企业？'], true);
    expect(code).toBe(0);
    expect(out).toContain('50多家');
  }, 120_000);
});
