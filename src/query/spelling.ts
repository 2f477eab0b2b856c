/**
 * Names typed with the wrong character of the same sound (凯塞 for 凯赛 — the usual input-method
 * slip): a word the knowledge base never uses is tried with each character swapped for its
 * homophones, and the variants the documents do use are kept. The homophone table is built on the
 * first unknown word only (≈150 ms), never at start-up.
 */
import { pinyin } from 'pinyin-pro';

let homophones: Map<string, string[]> | undefined;
let soundOf: Map<string, string> | undefined;

function tables(): { homophones: Map<string, string[]>; soundOf: Map<string, string> } {
  if (!homophones || !soundOf) {
    homophones = new Map();
    soundOf = new Map();
    let chars = '';
    for (let c = 0x4e00; c <= 0x9fa5; c++) chars += String.fromCharCode(c);
    const sounds = pinyin(chars, { toneType: 'none', type: 'array' });
    [...chars].forEach((ch, i) => {
      const sound = sounds[i]!;
      soundOf!.set(ch, sound);
      const list = homophones!.get(sound);
      if (list) list.push(ch);
      else homophones!.set(sound, [ch]);
    });
  }
  return { homophones, soundOf };
}

/** Variants of `word` with one character replaced by a homophone, that `known` accepts, most used first. */
export function homophoneVariants(word: string, known: (w: string) => number, limit = 3): string[] {
  const chars = [...word];
  if (chars.length < 2 || chars.length > 6 || !/^\p{Script=Han}+$/u.test(word)) return [];
  const t = tables();
  const found: Array<{ word: string; frequency: number }> = [];
  chars.forEach((ch, i) => {
    const sound = t.soundOf.get(ch);
    if (!sound) return;
    for (const alt of t.homophones.get(sound) ?? []) {
      if (alt === ch) continue;
      const variant = [...chars.slice(0, i), alt, ...chars.slice(i + 1)].join('');
      const frequency = known(variant);
      if (frequency > 0) found.push({ word: variant, frequency });
    }
  });
  return found
    .sort((a, b) => b.frequency - a.frequency)
    .slice(0, limit)
    .map((f) => f.word);
}

/** Same sound, character by character (凯塞 ~ 凯赛). */
export function soundsAlike(a: string, b: string): boolean {
  const x = [...a];
  const y = [...b];
  if (x.length !== y.length) return false;
  const t = tables();
  return x.every((ch, i) => ch === y[i] || (t.soundOf.get(ch) !== undefined && t.soundOf.get(ch) === t.soundOf.get(y[i]!)));
}
