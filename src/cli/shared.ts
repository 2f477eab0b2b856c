/** What every command-line entry point does first: arguments and --help, configuration (then the index, see retrieval/configured-index). */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { loadConfig, ConfigError, type Config } from '../config.js';

export function configOrExit(): Config {
  try {
    const { config, warnings } = loadConfig();
    for (const w of warnings) console.error(`warning: ${w}`);
    return config;
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
}

/** Runs a CLI main function, turning an unexpected error into one line and exit code 1. */
export function run(main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    console.error(`error: ${(err as Error)?.message ?? String(err)}`);
    process.exit(1);
  });
}

type Options = NonNullable<ParseArgsConfig['options']>;
const HELP = { help: { type: 'boolean', short: 'h' } } as const;

/**
 * The command line parsed with node:util's parseArgs, plus -h/--help: with it the usage (with
 * examples) is printed and the process exits 0; an unknown or malformed option is one line naming
 * it, a pointer to --help, and exit code 2.
 */
export function parseCommandLine<const O extends Options>(usage: string, options: O, { positionals = false, args = process.argv.slice(2) }: { positionals?: boolean; args?: string[] } = {}) {
  if (parseArgs({ args, options: HELP, strict: false, allowPositionals: true }).values.help === true) {
    console.log(usage.trim());
    process.exit(0);
  }
  try {
    return parseArgs({ args, options: { ...options, ...HELP }, allowPositionals: positionals, strict: true });
  } catch (err) {
    console.error(`${(err as Error).message}\nSee --help for the options.`);
    process.exit(2);
  }
}
