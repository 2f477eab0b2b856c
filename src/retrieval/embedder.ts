/**
 * The embedding seam. Anything that implements @langchain/core's Embeddings and says which model it
 * is (so a persisted index knows whether its vectors are still valid) can be plugged in.
 */
import type { EmbeddingsInterface } from '@langchain/core/embeddings';

export interface PassageEmbedder extends EmbeddingsInterface {
  /** Stable identity of the model and its settings, e.g. "local-hash-v1:768". Stored in the manifest. */
  readonly id: string;
  readonly dimensions: number;
  /**
   * Optional: the embedding of one index text (indexTextOf), computed at once and equal to what
   * embedDocuments gives for it. An embedder that has it is run by the ingest's worker threads
   * (prepare-pool.ts) beside segmentation; others are called in batches on the writing thread.
   */
  embedIndexText?(indexText: string): number[];
}
