/** Ranking variants the evaluation's ablation compares; the last one is what the product uses. */
import type { SearchOptions } from './search.js';

export const RANKING_VARIANTS: Array<{ name: string; options: Partial<SearchOptions> }> = [
  { name: 'lexical only', options: { denseWeight: 0 } },
  { name: 'dense only', options: { lexicalWeight: 0 } },
  { name: 'final', options: {} },
];
