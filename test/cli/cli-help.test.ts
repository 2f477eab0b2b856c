import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

function runCli(file: string, args: string[], input?: string) {
  const root = process.cwd();
  const loader = pathToFileURL(path.join(root, 'node_modules/tsx/dist/loader.mjs')).href;
  return spawnSync(process.execPath, ['--import', loader, path.join(root, file), ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: '/nonexistent-data-dir-for-help' },
    encoding: 'utf8',
    input,
    timeout: 60_000,
  });
}

describe('--help on every command-line program', () => {
  const programs = ['src/main.ts', 'src/cli/ask.ts', 'src/cli/ingest.ts', 'src/cli/eval.ts', 'src/cli/bench.ts', 'src/cli/feedback.ts'];

  it.each(programs)('%s --help prints its usage with examples and exits 0 without touching the index', (file) => {
    const result = runCli(file, [file.endsWith('feedback.ts') ? '-h' : '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^npm (start|run \w+)/);
    expect(result.stdout).toMatch(/\nExamples:\n {2}npm /);
  });

  it('names an unknown option in one line with a pointer to --help, exit code 2', () => {
    const result = runCli('src/cli/ingest.ts', ['--fulll']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/Unknown option '--fulll'[\s\S]*See --help/);
  });
});
