/** YAML front matter ("---" fenced block at the top of a file), parsed with the yaml package. */
import { parse as parseYaml } from 'yaml';

export interface FrontMatterSplit {
  data: Record<string, unknown>;
  body: string;
  /** Set when a front matter block was present but could not be parsed. */
  error?: string;
}

const FENCE = /^\uFEFF?\s*---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

export function splitFrontMatter(text: string): FrontMatterSplit {
  const match = FENCE.exec(text);
  if (!match) return { data: {}, body: text };
  const body = text.slice(match[0].length);
  try {
    const data: unknown = parseYaml(match[1] ?? '');
    if (data && typeof data === 'object' && !Array.isArray(data)) return { data: data as Record<string, unknown>, body };
    return { data: {}, body };
  } catch (err) {
    return { data: {}, body, error: `front matter ignored: ${(err as Error).message.split('\n')[0]}` };
  }
}
