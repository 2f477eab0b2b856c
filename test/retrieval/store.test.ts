import { existsSync } from 'node:fs';
import { appendFile, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { search } from '../../src/retrieval/query/search.js';
import { openTestIndex, removeDir, tempDir, tempKnowledgeCopy } from '../helpers.js';

describe('index persistence', async () => {
  const knowledgeDir = await tempKnowledgeCopy();
  const dataDir = await tempDir('data');
  afterAll(async () => {
    await removeDir(knowledgeDir);
    await removeDir(dataDir);
  });

  it('builds on first open, then reloads the same index without rebuilding', async () => {
    const first = await openTestIndex(knowledgeDir, dataDir);
    expect(first.built).toBeDefined();
    expect(first.reason).toBe('no index yet');
    const second = await openTestIndex(knowledgeDir, dataDir);
    expect(second.built).toBeUndefined();
    expect(second.reason).toBe('up to date');
    expect(second.index.passages).toEqual(first.index.passages);
    const q = '中北高新区有多少家不锈钢加工企业';
    const a = await search(first.index, q);
    const b = await search(second.index, q);
    expect(b.hits.map((h) => h.passage.id)).toEqual(a.hits.map((h) => h.passage.id));
  });

  it('rebuilds when a document is added, and finds the new text', async () => {
    await writeFile(path.join(knowledgeDir, 'new.md'), '# 测试通知\n\n晋中市今年新建氢能加注站十二座，由晋中市能源局负责验收。');
    const opened = await openTestIndex(knowledgeDir, dataDir);
    expect(opened.built).toBeDefined();
    expect(opened.reason).toMatch(/changed/);
    const result = await search(opened.index, '晋中市新建了多少座氢能加注站？');
    expect(result.hits[0]!.passage.docId).toBe('new.md');
  });

  it('rebuilds when a document changes', async () => {
    await appendFile(path.join(knowledgeDir, 'new.md'), '\n\n太谷区将建设氢燃料电池重卡示范线路。');
    const opened = await openTestIndex(knowledgeDir, dataDir);
    expect(opened.built).toBeDefined();
    const result = await search(opened.index, '太谷区氢燃料电池重卡示范线路');
    expect(result.hits[0]!.passage.text).toContain('太谷区');
  });

  it('keeps one complete index: the pointer names a build with a manifest, old builds are removed', async () => {
    const pointer = (await readFile(path.join(dataDir, 'current-index'), 'utf8')).trim();
    expect(existsSync(path.join(dataDir, pointer, 'manifest.json'))).toBe(true);
    const builds = (await readdir(dataDir)).filter((e) => e.startsWith('index-'));
    expect(builds).toEqual([pointer]);
    expect((await readdir(dataDir)).some((e) => e.includes('.tmp-'))).toBe(false);
  });

  it('ignores an unfinished build and rebuilds instead of loading half an index', async () => {
    const pointer = (await readFile(path.join(dataDir, 'current-index'), 'utf8')).trim();
    await writeFile(path.join(dataDir, pointer, 'manifest.json'), '{"trunc');
    const opened = await openTestIndex(knowledgeDir, dataDir);
    expect(opened.built).toBeDefined();
    expect(opened.index.passages.length).toBeGreaterThan(50);
  });
});
