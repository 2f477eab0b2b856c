/**
 * The binary layout of the shipped word vectors (models/word-vectors/*.bin), little-endian:
 *
 *   0   magic "ZHWV"            4 bytes
 *   4   version                 u32 (1)
 *   8   dimensions              u32
 *   12  count (words)           u32
 *   16  vocabulary byte length  u32
 *   20  reserved                u32 (0)
 *   24  vocabulary              UTF-8 words joined by "\n", zero-padded to a multiple of 4
 *   ..  frequencies             u32 × count (corpus counts, most frequent first)
 *   ..  matrix                  int8 × count × dimensions, zero-padded to a multiple of 4
 *   ..  scales                  f32 × count (row i's vector is matrix row i × scales[i], unit length)
 *
 * One read, typed-array views, no parsing of the matrix: loading takes milliseconds.
 */

export const WORD_VECTOR_MAGIC = 'ZHWV';
export const WORD_VECTOR_VERSION = 1;
const HEADER_BYTES = 24;

export interface WordVectorData {
  dimensions: number;
  words: string[];
  frequencies: Uint32Array;
  /** count × dimensions, row-major. */
  matrix: Int8Array;
  scales: Float32Array;
}

const pad4 = (n: number) => (n + 3) & ~3;

/**
 * Rows quantised to int8: each float row is scaled so its largest component is ±127, and the scale
 * stored is the one that gives the dequantised row unit length, so cosine is a plain int8 dot product.
 */
export function quantizeRow(row: ArrayLike<number>, out: Int8Array): number {
  let max = 0;
  for (let i = 0; i < row.length; i++) max = Math.max(max, Math.abs(row[i]!));
  if (max === 0) {
    out.fill(0);
    return 0;
  }
  let norm = 0;
  for (let i = 0; i < row.length; i++) {
    const q = Math.round((row[i]! / max) * 127);
    out[i] = q;
    norm += q * q;
  }
  return norm === 0 ? 0 : 1 / Math.sqrt(norm);
}

export function encodeWordVectors(data: WordVectorData): Buffer {
  const count = data.words.length;
  if (data.frequencies.length !== count || data.scales.length !== count || data.matrix.length !== count * data.dimensions) {
    throw new Error('word vector arrays disagree on the number of words');
  }
  if (data.words.some((w) => w.length === 0 || w.includes('\n'))) throw new Error('a word is empty or contains a newline');
  const vocab = Buffer.from(data.words.join('\n'), 'utf8');
  const vocabEnd = HEADER_BYTES + pad4(vocab.length);
  const frequenciesEnd = vocabEnd + count * 4;
  const matrixEnd = frequenciesEnd + pad4(count * data.dimensions);
  const total = matrixEnd + count * 4;

  const buf = Buffer.alloc(total);
  buf.write(WORD_VECTOR_MAGIC, 0, 'ascii');
  buf.writeUInt32LE(WORD_VECTOR_VERSION, 4);
  buf.writeUInt32LE(data.dimensions, 8);
  buf.writeUInt32LE(count, 12);
  buf.writeUInt32LE(vocab.length, 16);
  vocab.copy(buf, HEADER_BYTES);
  Buffer.from(data.frequencies.buffer, data.frequencies.byteOffset, count * 4).copy(buf, vocabEnd);
  Buffer.from(data.matrix.buffer, data.matrix.byteOffset, data.matrix.length).copy(buf, frequenciesEnd);
  Buffer.from(data.scales.buffer, data.scales.byteOffset, count * 4).copy(buf, matrixEnd);
  return buf;
}

export type DecodeResult = { ok: true; data: WordVectorData } | { ok: false; error: string };

/** A typed view when the bytes are aligned for it, else a copy (Buffers may start anywhere in their pool). */
function u32(bytes: Uint8Array, offset: number, length: number): Uint32Array {
  const at = bytes.byteOffset + offset;
  return at % 4 === 0
    ? new Uint32Array(bytes.buffer, at, length)
    : new Uint32Array(bytes.buffer.slice(at, at + length * 4));
}

function f32(bytes: Uint8Array, offset: number, length: number): Float32Array {
  const at = bytes.byteOffset + offset;
  return at % 4 === 0
    ? new Float32Array(bytes.buffer, at, length)
    : new Float32Array(bytes.buffer.slice(at, at + length * 4));
}

export function decodeWordVectors(bytes: Uint8Array): DecodeResult {
  if (bytes.length < HEADER_BYTES) return { ok: false, error: 'file too short for a header' };
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic !== WORD_VECTOR_MAGIC) return { ok: false, error: `not a word vector file (magic "${magic}")` };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  if (version !== WORD_VECTOR_VERSION) return { ok: false, error: `unsupported version ${version}` };
  const dimensions = view.getUint32(8, true);
  const count = view.getUint32(12, true);
  const vocabBytes = view.getUint32(16, true);

  const vocabEnd = HEADER_BYTES + pad4(vocabBytes);
  const frequenciesEnd = vocabEnd + count * 4;
  const matrixEnd = frequenciesEnd + pad4(count * dimensions);
  const total = matrixEnd + count * 4;
  if (bytes.length !== total) return { ok: false, error: `file is ${bytes.length} bytes, header implies ${total}` };

  const words = new TextDecoder().decode(bytes.subarray(HEADER_BYTES, HEADER_BYTES + vocabBytes)).split('\n');
  if (words.length !== count) return { ok: false, error: `vocabulary has ${words.length} words, header says ${count}` };
  return {
    ok: true,
    data: {
      dimensions,
      words,
      frequencies: u32(bytes, vocabEnd, count),
      matrix: new Int8Array(bytes.buffer, bytes.byteOffset + frequenciesEnd, count * dimensions),
      scales: f32(bytes, matrixEnd, count),
    },
  };
}
