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
   * Optional: the embedding of a text already in the index form (indexTextOf), equal to what
   * embedDocuments gives for it but cheaper (no second Traditional→Simplified pass). The ingest
   * uses it when present.
   */
  embedIndexText?(indexText: string): number[];
}
