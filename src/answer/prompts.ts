/**
 * The prompt files in prompts/, loaded once as @langchain/core templates. Reading them is I/O at
 * the edge; formatting is pure.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { PromptTemplate } from '@langchain/core/prompts';

export const DEFAULT_PROMPTS_DIR = fileURLToPath(new URL('../../prompts/', import.meta.url));

/** What the model replies when the passages do not answer; replaced by our own refusal text. */
export const REFUSAL_TOKEN = 'NO_ANSWER';

export interface Prompts {
  system: PromptTemplate;
  answer: PromptTemplate;
  condense: PromptTemplate;
  briefing: PromptTemplate;
}

const FILES = { system: 'system.txt', answer: 'answer.txt', condense: 'condense.txt', briefing: 'briefing.txt' } as const;

export async function loadPrompts(dir = DEFAULT_PROMPTS_DIR): Promise<Prompts> {
  const entries = await Promise.all(
    Object.entries(FILES).map(async ([name, file]) => {
      let text: string;
      try {
        text = await readFile(join(dir, file), 'utf8');
      } catch (err) {
        throw new Error(`prompt file ${join(dir, file)} cannot be read: ${(err as Error).message}`);
      }
      return [name, PromptTemplate.fromTemplate(text.trim())] as const;
    }),
  );
  return Object.fromEntries(entries) as unknown as Prompts;
}
