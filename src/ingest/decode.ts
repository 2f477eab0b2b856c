/**
 * Bytes of a knowledge file → text. Chinese government files are often GBK/GB18030, so text that
 * is not valid UTF-8 is identified with chardet and decoded with iconv-lite. Empty and binary files
 * are rejected with a reason instead of being indexed as garbage.
 */
import chardet from 'chardet';
import iconv from 'iconv-lite';

export type Decoded = { ok: true; text: string; encoding: string } | { ok: false; reason: string };

const CHINESE_ENCODINGS = ['GB18030', 'GBK', 'GB2312', 'Big5', 'EUC-TW'];

export function decodeKnowledgeBytes(bytes: Uint8Array): Decoded {
  if (bytes.length === 0) return { ok: false, reason: 'empty file' };

  if (bytes[0] === 0xff && bytes[1] === 0xfe) return finish(iconv.decode(Buffer.from(bytes), 'utf16le'), 'UTF-16LE');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return finish(iconv.decode(Buffer.from(bytes), 'utf16be'), 'UTF-16BE');

  if (looksBinary(bytes)) return { ok: false, reason: 'binary file (not text)' };

  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return finish(text, 'UTF-8');
  } catch {
    // Not UTF-8: fall through to detection.
  }

  const candidates = chardet.analyse(bytes).map((m) => m.name);
  const chinese = candidates.find((name) => CHINESE_ENCODINGS.includes(name));
  // GB18030 is a superset of GBK and GB2312, so it decodes all three without loss.
  const encoding = chinese === undefined || chinese.startsWith('GB') ? 'GB18030' : chinese;
  const text = iconv.decode(Buffer.from(bytes), encoding);
  const bad = (text.match(/\uFFFD/g) ?? []).length;
  if (bad > Math.max(3, text.length * 0.01)) {
    return { ok: false, reason: `unknown text encoding (not UTF-8, GBK/GB18030 or Big5; chardet guessed ${candidates[0] ?? 'nothing'})` };
  }
  return finish(text, encoding);
}

function finish(text: string, encoding: string): Decoded {
  if (text.trim().length === 0) return { ok: false, reason: 'empty file (only whitespace)' };
  return { ok: true, text, encoding };
}

/** NUL bytes or many control characters in the first 8 KB mean this is not a text file. */
function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 8192);
  let control = 0;
  for (const b of sample) {
    if (b === 0) return true;
    if (b < 0x09 || (b > 0x0d && b < 0x20)) control++;
  }
  return control > sample.length * 0.05;
}
