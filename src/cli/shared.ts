/** What every command-line entry point does first: configuration, then the index. */
import { loadConfig, ConfigError, type Config } from '../config.js';
import { DEFAULT_CHUNK_OPTIONS } from '../ingest/chunk.js';
import { createEmbedder } from '../retrieval/create-embedder.js';
import { openIndex, type OpenedIndex } from '../retrieval/store.js';

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

export async function openConfiguredIndex(config: Config, force = false): Promise<OpenedIndex> {
  return openIndex({
    knowledgeDir: config.KNOWLEDGE_DIR,
    dataDir: config.DATA_DIR,
    embedder: createEmbedder(config),
    chunking: DEFAULT_CHUNK_OPTIONS,
    force,
  });
}

/** Runs a CLI main function, turning an unexpected error into one line and exit code 1. */
export function run(main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    console.error(`error: ${(err as Error)?.message ?? String(err)}`);
    process.exit(1);
  });
}
