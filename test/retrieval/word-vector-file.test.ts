import { describe, expect, it } from 'vitest';
import { decodeWordVectors, encodeWordVectors, quantizeRow } from '../../src/retrieval/word-vector-file.js';

function sample() {
  const dimensions = 3;
  const rows = [
    [0.5, -1, 0.25],
    [0, 0, 0],
    [2, 2, -2],
  ];
  const matrix = new Int8Array(rows.length * dimensions);
  const scales = Float32Array.from(rows.map((r, i) => quantizeRow(r, matrix.subarray(i * dimensions, (i + 1) * dimensions))));
  return { dimensions, words: ['光伏', 'gdp', '综改区'], frequencies: Uint32Array.from([30, 20, 1]), matrix, scales };
}

describe('word vector file layout', () => {
  it('quantises a row to int8 whose scaled form has unit length', () => {
    const out = new Int8Array(3);
    const scale = quantizeRow([0.5, -1, 0.25], out);
    expect([...out]).toEqual([64, -127, 32]);
    expect(Math.hypot(...[...out].map((q) => q * scale))).toBeCloseTo(1, 6);
    expect(quantizeRow([0, 0, 0], out)).toBe(0);
  });

  it('decodes what it encodes, at any byte offset', () => {
    const data = sample();
    const encoded = encodeWordVectors(data);
    // An odd offset inside a larger buffer, as a pooled Buffer may have.
    const shifted = new Uint8Array(encoded.length + 3);
    shifted.set(encoded, 3);
    for (const bytes of [encoded, shifted.subarray(3)]) {
      const decoded = decodeWordVectors(bytes);
      expect(decoded.ok).toBe(true);
      if (!decoded.ok) continue;
      expect(decoded.data.dimensions).toBe(3);
      expect(decoded.data.words).toEqual(data.words);
      expect([...decoded.data.frequencies]).toEqual([30, 20, 1]);
      expect([...decoded.data.matrix]).toEqual([...data.matrix]);
      expect([...decoded.data.scales]).toEqual([...data.scales]);
    }
  });

  it('refuses a file that is not word vectors or is cut short', () => {
    const encoded = encodeWordVectors(sample());
    expect(decodeWordVectors(Buffer.from('PK\u0003\u0004 not vectors at all, just bytes'))).toMatchObject({ ok: false });
    const cut = decodeWordVectors(encoded.subarray(0, encoded.length - 4));
    expect(cut).toMatchObject({ ok: false });
    if (!cut.ok) expect(cut.error).toMatch(/header implies/);
  });
});
