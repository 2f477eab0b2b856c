/**
 * Which state of the index an answer came from, stored with feedback so a 👎 can be replayed against
 * the index it was given on: the format, the fingerprint of the indexing code and the last update.
 */
import type { PolicyIndex } from '../retrieval/policy-index.js';

export function indexVersion(index: Pick<PolicyIndex, 'manifest'>): string {
  const { format, settings, updatedAt } = index.manifest;
  return `v${format}/${settings.code}/${updatedAt}`;
}
