/**
 * The searchable knowledge base: passages with their documents, a lexical index and a vector
 * index over the same passage positions. Building is pure computation; persistence is in store.ts.
 */
import { normalizeForIndex } from '../text/normalize.js';
import type { KnowledgeDocument, Passage } from '../ingest/types.js';
import type { PassageEmbedder } from './embedder.js';
import { LexicalIndex } from './lexical-index.js';
import { VectorIndex } from './vector-index.js';

export interface IndexManifest {
  format: number;
  embedder: string;
  dimensions: number;
  /** Fingerprint of knowledge/ and the chunking settings the index was built from. */
  fingerprint: string;
  documents: number;
  passages: number;
  builtAt: string;
}

/** Bump when the stored layout or the passage index text changes, so old indexes are rebuilt. */
export const INDEX_FORMAT = 1;

/**
 * What is indexed for a passage: its document's title and section path (they carry the topic a
 * passage's own sentences often leave implicit) and its text.
 */
export function indexTextOf(passage: Passage, document: KnowledgeDocument): string {
  return normalizeForIndex(`${document.meta.title}\n${passage.section.join(' ')}\n${passage.text}`);
}

export class PolicyIndex {
  private readonly documentsById: Map<string, KnowledgeDocument>;
  private readonly passagesById: Map<string, Passage>;

  constructor(
    readonly documents: KnowledgeDocument[],
    readonly passages: Passage[],
    readonly lexical: LexicalIndex,
    readonly vectors: VectorIndex,
    readonly embedder: PassageEmbedder,
    readonly manifest: IndexManifest,
  ) {
    this.documentsById = new Map(documents.map((d) => [d.id, d]));
    this.passagesById = new Map(passages.map((p) => [p.id, p]));
  }

  static async build(
    documents: KnowledgeDocument[],
    passages: Passage[],
    embedder: PassageEmbedder,
    fingerprint: string,
  ): Promise<PolicyIndex> {
    const byId = new Map(documents.map((d) => [d.id, d]));
    const texts = passages.map((p) => indexTextOf(p, byId.get(p.docId)!));
    const vectors = await embedder.embedDocuments(texts);
    const dimensions = vectors[0]?.length ?? embedder.dimensions;
    const manifest: IndexManifest = {
      format: INDEX_FORMAT,
      embedder: embedder.id,
      dimensions,
      fingerprint,
      documents: documents.length,
      passages: passages.length,
      builtAt: new Date().toISOString(),
    };
    return new PolicyIndex(documents, passages, LexicalIndex.build(texts), VectorIndex.build(vectors, dimensions), embedder, manifest);
  }

  document(id: string): KnowledgeDocument | undefined {
    return this.documentsById.get(id);
  }

  passage(id: string): Passage | undefined {
    return this.passagesById.get(id);
  }

  /** The passage before or after `passage` in the same document. */
  neighbour(passage: Passage, step: -1 | 1): Passage | undefined {
    return this.passagesById.get(`${passage.docId}#${passage.index + step}`);
  }
}
