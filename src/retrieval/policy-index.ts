/**
 * The searchable knowledge base as a reader sees it: passages and documents in SQLite, the lexical
 * index (FTS5) and the vector graph (HNSW, in memory) over the same passage positions.
 *
 * A reader holds one SQLite read transaction for its whole life, so it keeps seeing the state it
 * opened — the vector graph it loaded and the rows and FTS5 postings that go with it — while an
 * ingest commits a newer state beside it. Nothing corpus-sized is read into the JS heap: rows are
 * fetched per lookup (a small cache keeps the documents of recent answers).
 */
import { indexTextOf, plainIndexForm } from './index-text.js';
import type { DocumentMeta, KnowledgeDocument, Passage } from '../ingest/types.js';
import type { PassageEmbedder } from './embedder.js';
import { documentFromRow, openDb, passageFromRow, readMeta, type Db, type DocumentRow, type PassageRow } from './index-db.js';
import { LexicalIndex } from './lexical-index.js';
import { readDelta } from './vector-delta.js';
import { VectorIndex, type HnswSettings } from './vector-index.js';
import type { ChunkOptions } from '../ingest/chunk.js';

export interface IndexSettings {
  chunking: ChunkOptions;
  hnsw: HnswSettings;
  /** Fingerprint of the code that shapes what is stored (cleaning, chunking, tokens). */
  code: string;
}

export interface IndexManifest {
  format: number;
  embedder: string;
  dimensions: number;
  settings: IndexSettings;
  documents: number;
  passages: number;
  /** The vector graph file of this state, in the index directory. */
  vectorsFile: string;
  builtAt: string;
  updatedAt: string;
}

/** Bump when the stored layout or the passage index text changes, so old indexes are rebuilt. */
export const INDEX_FORMAT = 5;

export { indexTextOf, plainIndexForm } from './index-text.js';

/** A document as listed: everything but its text. */
export type DocumentSummary = Omit<KnowledgeDocument, 'text'>;

const DOCUMENT_CACHE = 256;

export class PolicyIndex {
  readonly lexical: LexicalIndex;
  private readonly documentCache = new Map<string, KnowledgeDocument | undefined>();
  private readonly statements;
  private closed = false;

  private constructor(
    private readonly db: Db,
    readonly vectors: VectorIndex,
    readonly embedder: PassageEmbedder,
    readonly manifest: IndexManifest,
  ) {
    this.statements = {
      passageAt: db.prepare('SELECT * FROM passages WHERE position = ?'),
      passageByKey: db.prepare('SELECT * FROM passages WHERE doc_id = ? AND idx = ?'),
      passagesOf: db.prepare('SELECT * FROM passages WHERE doc_id = ? ORDER BY idx'),
      policyDocuments: db.prepare(
        `SELECT id, meta FROM documents WHERE json_extract(meta, '$.docNumber') IS NOT NULL OR json_extract(meta, '$.issuer') IS NOT NULL ORDER BY id`,
      ),
      documentMetas: db.prepare('SELECT id, meta FROM documents ORDER BY id'),
      document: db.prepare('SELECT id, hash, meta, encoding, text, source_map FROM documents WHERE id = ?'),
      documents: db.prepare('SELECT id, hash, meta, encoding FROM documents ORDER BY id'),
      passages: db.prepare('SELECT * FROM passages ORDER BY position'),
      outline: db.prepare(
        `SELECT json_extract(section, '$[0]') AS head FROM passages WHERE doc_id = ? AND json_array_length(section) > 0 GROUP BY head ORDER BY MIN(idx) LIMIT ?`,
      ).pluck(),
    };
    this.lexical = new LexicalIndex(db, manifest.passages, (position) => {
      const row = this.statements.passageAt.get(position) as PassageRow | undefined;
      const passage = row && passageFromRow(row);
      const document = passage && this.document(passage.docId);
      if (!passage || !document) return undefined;
      return row.folded ? indexTextOf(passage, document) : plainIndexForm(passage, document);
    });
  }

  /**
   * Opens the index stored in `dbFile` (vector graph files beside it) and pins its current state.
   * `vectorsOf(manifest)` gives the path of the manifest's vector graph.
   */
  static open(dbFile: string, vectorsOf: (manifest: IndexManifest) => string, embedder: PassageEmbedder): PolicyIndex {
    const db = openDb(dbFile);
    try {
      db.exec('BEGIN');
      // The first read starts the snapshot that every later read of this reader sees.
      const manifest = readMeta<IndexManifest>(db, 'manifest');
      if (!manifest) throw new Error('index has no manifest (unfinished build)');
      const vectors = VectorIndex.openShared(vectorsOf(manifest), manifest.dimensions, manifest.passages);
      const delta = readDelta(db, manifest.dimensions);
      vectors.applyDelta(delta.removed, delta.exact, manifest.passages);
      return new PolicyIndex(db, vectors, embedder, manifest);
    } catch (err) {
      db.close();
      throw err;
    }
  }

  get documentCount(): number {
    return this.manifest.documents;
  }

  get passageCount(): number {
    return this.manifest.passages;
  }

  /** The passage at a position of the lexical and vector indexes. */
  passageAt(position: number): Passage | undefined {
    const row = this.statements.passageAt.get(position) as PassageRow | undefined;
    return row && passageFromRow(row);
  }

  document(id: string): KnowledgeDocument | undefined {
    if (this.documentCache.has(id)) return this.documentCache.get(id);
    const row = this.statements.document.get(id) as DocumentRow | undefined;
    const document = row && documentFromRow(row);
    if (this.documentCache.size >= DOCUMENT_CACHE) this.documentCache.delete(this.documentCache.keys().next().value!);
    this.documentCache.set(id, document);
    return document;
  }

  /** Passage by id (`${docId}#${index}`). */
  passage(id: string): Passage | undefined {
    const hash = id.lastIndexOf('#');
    if (hash < 0) return undefined;
    const row = this.statements.passageByKey.get(id.slice(0, hash), Number(id.slice(hash + 1))) as PassageRow | undefined;
    return row && passageFromRow(row);
  }

  /** Every passage of a document, in document order. */
  passagesOf(docId: string): Passage[] {
    return (this.statements.passagesOf.all(docId) as PassageRow[]).map(passageFromRow);
  }

  /**
   * Metadata of every document (`policyOnly`: of those with a document number or an issuer, which
   * a question can name), sorted by id. Read from SQLite without the texts.
   */
  documentMetas(policyOnly = false): Array<{ id: string; meta: DocumentMeta }> {
    const rows = (policyOnly ? this.statements.policyDocuments : this.statements.documentMetas).all() as Array<{ id: string; meta: string }>;
    return rows.map((row) => ({ id: row.id, meta: JSON.parse(row.meta) as DocumentMeta }));
  }

  /** The passage before or after `passage` in the same document. */
  neighbour(passage: Passage, step: -1 | 1): Passage | undefined {
    return this.passage(`${passage.docId}#${passage.index + step}`);
  }

  /** Every document, sorted by id, without its text. */
  listDocuments(): DocumentSummary[] {
    return (this.statements.documents.all() as Array<Omit<DocumentRow, 'text'>>).map((row) => {
      const { text: _text, ...summary } = documentFromRow({ ...row, text: '' });
      return summary;
    });
  }

  /** The first `limit` top-level section headings of a document, in document order. */
  outline(docId: string, limit: number): string[] {
    return this.statements.outline.all(docId, limit) as string[];
  }

  /** Every passage in position order, streamed from disk. */
  *eachPassage(): IterableIterator<Passage> {
    for (const row of this.statements.passages.iterate() as IterableIterator<PassageRow>) yield passageFromRow(row);
  }

  /** Ends the reader's snapshot and closes its file (also happens when the reader is collected). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }
}
