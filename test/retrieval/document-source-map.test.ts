import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../../src/ingest/document.js';
import { documentFromRow, openDb, sourceMapColumn, type DocumentRow } from '../../src/retrieval/index-db.js';
import { openTestIndex, removeDir, tempDir } from '../helpers.js';

describe('source maps in the index', async () => {
  const dir = await tempDir('srcmap');
  afterAll(() => removeDir(dir));

  it('stores runs and pages per document and reads them back', () => {
    const r = ingestFile('plan.txt', new TextEncoder().encode('一、目标\n到2025年产业规模突破1000亿元。\n二、措施\n加强组织领导。'));
    if (!r.ok) throw new Error(r.reason);
    const document = { ...r.document, pages: [{ start: 0, page: 1 }, { start: 20, page: 2 }] };
    const db = openDb(path.join(dir, 'x.sqlite'), { create: true });
    db.prepare('INSERT INTO documents (id, hash, size, mtime, meta, encoding, text, passages, source_map) VALUES (?, ?, 0, 0, ?, ?, ?, 0, ?)').run(
      document.id, document.hash, JSON.stringify(document.meta), document.encoding, document.text, sourceMapColumn(document),
    );
    const row = db.prepare('SELECT id, hash, meta, encoding, text, source_map FROM documents').get() as DocumentRow;
    db.close();
    const back = documentFromRow(row);
    expect(back.sourceMap).toEqual(document.sourceMap);
    expect(back.pages).toEqual(document.pages);
    expect(back.sourceMap!.length).toBeGreaterThan(0);
  });

  it('a built index gives every document of knowledge/ its map', async () => {
    const { index, dataDir } = await openTestIndex('knowledge', path.join(dir, 'data'));
    try {
      for (const { id } of index.listDocuments()) expect(index.document(id)!.sourceMap?.length, id).toBeGreaterThan(10);
    } finally {
      index.close();
      await removeDir(dataDir);
    }
  });
});
