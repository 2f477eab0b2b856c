import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { WordVectorEmbedder } from '../../src/retrieval/word-vector-embedder.js';
import { defaultWordVectorsPath, WordVectors } from '../../src/retrieval/word-vectors.js';

const cosine = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);

describe('shipped word vectors', () => {
  const vectors = WordVectors.load(defaultWordVectorsPath());

  it('loads the committed file with the size and dimensions its header gives, once per path', () => {
    const header = readFileSync(defaultWordVectorsPath()).subarray(0, 16);
    expect(header.subarray(0, 4).toString('ascii')).toBe('ZHWV');
    expect(vectors.dimensions).toBe(header.readUInt32LE(8));
    expect(vectors.size).toBe(header.readUInt32LE(12));
    expect(vectors.dimensions).toBe(100);
    expect(vectors.size).toBeGreaterThan(50_000);
    expect(WordVectors.load(defaultWordVectorsPath())).toBe(vectors);
  });

  it('gives unit vectors and frequencies for known words, nothing for unknown ones', () => {
    const v = vectors.vector('光伏')!;
    expect(v).toHaveLength(100);
    expect(Math.hypot(...v)).toBeCloseTo(1, 4);
    expect(vectors.frequency('的')).toBeGreaterThan(vectors.frequency('光伏'));
    expect(vectors.frequency('光伏')).toBeGreaterThan(0);
    expect(vectors.has('这不是一个词xyz')).toBe(false);
    expect(vectors.vector('这不是一个词xyz')).toBeUndefined();
    expect(vectors.similarity('光伏', '这不是一个词xyz')).toBeUndefined();
    expect(vectors.similarity('光伏', '光伏')).toBeCloseTo(1, 4);
    // Other forms are looked up in the index form.
    expect(vectors.similarity('GDP', '生產總值')).toBe(vectors.similarity('gdp', '生产总值'));
    expect(vectors.frequency('ＧＤＰ')).toBe(vectors.frequency('gdp'));
  });

  // Pairs the trained vectors really show, each against a pair of unrelated words.
  it.each([
    ['光伏', '太阳能', '足球'],
    ['gdp', '生产总值', '足球'],
    ['生产总值', '经济总量', '篮球'],
    ['煤炭', '焦炭', '电影'],
    ['新能源', '氢能', '篮球'],
    ['芯片', '半导体', '小麦'],
  ])('places %s near %s and far from %s', (word, related, unrelated) => {
    const near = vectors.similarity(word, related)!;
    const far = vectors.similarity(word, unrelated)!;
    expect(near).toBeGreaterThan(0.6);
    expect(near).toBeGreaterThan(far + 0.3);
  });

  it('lists nearest neighbours in order, above a floor, without the word itself', () => {
    const neighbours = vectors.nearest('光伏', 10);
    expect(neighbours).toHaveLength(10);
    expect(neighbours.map((n) => n.word)).not.toContain('光伏');
    for (let i = 1; i < neighbours.length; i++) expect(neighbours[i]!.similarity).toBeLessThanOrEqual(neighbours[i - 1]!.similarity);
    expect(neighbours.map((n) => n.word)).toContain('太阳能');
    expect(vectors.nearest('光伏', 10, 0.99)).toEqual([]);
    expect(vectors.nearest('这不是一个词xyz', 5)).toEqual([]);
  });
});

describe('word vector embedder', () => {
  const embedder = new WordVectorEmbedder();

  it('names its vector file in its id and embeds deterministically to unit length', async () => {
    expect(embedder.id).toMatch(/^word-vectors-sif-v2:100:[0-9a-f]{12}$/);
    const text = '山西省支持光伏产业发展，新增装机容量超过一千万千瓦。';
    const [a] = await embedder.embedDocuments([text]);
    const b = await new WordVectorEmbedder().embedQuery(text);
    expect(a).toEqual(b);
    expect(a).toHaveLength(embedder.dimensions);
    expect(Math.hypot(...a!)).toBeCloseTo(1, 5);
  });

  it('reads Traditional and Simplified, full and half width, as the same text', async () => {
    expect(await embedder.embedQuery('轉型綜改示範區ＧＤＰ')).toEqual(await embedder.embedQuery('转型综改示范区gdp'));
  });

  it('gives a text without known words a zero vector rather than NaN', async () => {
    const v = await embedder.embedQuery('！？。');
    expect(v.every((x) => x === 0)).toBe(true);
  });

  it('scores sentences about the same thing above unrelated ones, without shared words', async () => {
    const [question, related, unrelated] = await embedder.embedDocuments([
      '太阳能发电项目有哪些',
      '晋城新建光伏电站装机容量五十万千瓦',
      '男子足球联赛昨晚进行了第三轮比赛',
    ]);
    expect(cosine(question!, related!)).toBeGreaterThan(cosine(question!, unrelated!) + 0.1);
  });
});
