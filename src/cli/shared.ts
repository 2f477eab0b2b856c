/** What every command-line entry point does first: configuration (then the index, see retrieval/configured-index). */
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
