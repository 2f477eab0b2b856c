/**
 * Does a question lean on the previous turn, and what does it mean standing alone? Decided by what
 * the question says — "那…呢", a pronoun, a question with no subject of its own — never by its
 * length: "晋华炉是谁家的？" is short and stands alone.
 */
import { isPlace } from './places.js';
import type { FollowUpReason, Term } from './question.js';

/** "那太原呢？", "还有呢", "what about Taiyuan?", "and the second phase?" */
const CONTINUATION = /^(那|那么|那末|还有|另外|再问|再说|and\b|what about\b|how about\b|and what\b|also\b)|呢[？?。.!！]*$/i;
/** A word this rare names something specific enough to stand alone (晋华炉, 凯赛). */
const SPECIFIC_WEIGHT = 3;

/** Words that point back at something named before. */
const PRONOUN = /他们|她们|它们|他家|她家|它|其(?![他它中余实])|该(?=[公企项园基区镇集厂政文])|这个|那个|这家|那家|这些|那些|这个项目|上述|前者|后者|\b(they|them|their|it|its|that|those|these|this one)\b/i;

export interface FollowUpReading {
  reason: FollowUpReason;
  /** The question standing alone, in the index's normalised form. */
  standalone: string;
}

/**
 * `own` are the question's terms, `previous` the previous question's (standalone, normalised) text
 * and terms. A question is a follow-up when it continues ("那…呢"), points back (他们, 该项目, that),
 * or has no subject of its own (no anchor and at most one known content word).
 */
export function readFollowUp(
  normalized: string,
  own: Term[],
  previous: { normalized: string; terms: Term[] },
  similarity?: (a: string, b: string) => number | undefined,
): FollowUpReading | undefined {
  const subject = own.filter((t) => !t.unknown && t.weight > 0);
  const anchors = own.filter((t) => t.anchor);
  let reason: FollowUpReason | undefined;
  if (CONTINUATION.test(normalized.trim())) reason = 'continuation';
  else if (PRONOUN.test(normalized)) reason = 'pronoun';
  // Nothing of its own to be about: no anchor and at most one common word ("投资多少？", "具体呢").
  else if (anchors.length === 0 && subject.filter((t) => t.weight >= SPECIFIC_WEIGHT).length === 0 && subject.length <= 1) reason = 'ellipsis';
  if (!reason) return undefined;

  // "那太原呢？" after a question about 综改示范区's investment: the new anchor takes the place of
  // the old one of the same kind, everything else the previous question asked is kept.
  const replaced = new Set<string>();
  for (const anchor of anchors) {
    const sameKind = previous.terms.find((p) => p.anchor && !replaced.has(p.text) && kindOf(p.text) === kindOf(anchor.text) && !normalized.includes(p.text));
    if (sameKind) replaced.add(sameKind.text);
  }
  if (reason === 'continuation' && isBareContinuation(normalized, own)) {
    // "大同呢？" after "太原市有几个省级专业镇？": the new word takes the place of an old one of the
    // same kind (place, year, ordinal); "那碳纤维呢？" after a question on 不锈钢 企业 takes the place
    // of the previous word closest in meaning, when the lexicon can tell; otherwise it is added.
    let text = previous.normalized;
    for (const term of own.filter((t) => !t.unknown && !text.includes(t.text))) {
      const old =
        (term.anchor ? previous.terms.find((p) => p.anchor && kindOf(p.text) === kindOf(term.text) && !normalized.includes(p.text)) : undefined) ??
        (term.anchor ? undefined : closest(term.text, previous.terms.filter((p) => !p.anchor && !p.unknown), similarity));
      text = old && text.includes(old.text) ? text.split(old.text).join(term.text) : `${term.text} ${text}`;
    }
    return { reason, standalone: text.replace(/\s+/g, ' ').trim() };
  }
  // Otherwise the question asks something new about the same subject: carry the previous
  // question's anchors and its strongest topic words, not what it asked.
  const carried = previous.terms
    .filter((t) => !replaced.has(t.text) && !normalized.includes(t.text) && !t.unknown)
    .filter((t, i, all) => t.anchor || all.filter((x) => !x.anchor).indexOf(t) < 3)
    .map((t) => t.text);
  return { reason, standalone: `${carried.join(' ')} ${normalized}`.replace(/\s+/g, ' ').trim() };
}

/** "那太原呢？" asks nothing new: only a new subject and the continuation words. */
function isBareContinuation(normalized: string, own: Term[]): boolean {
  if (!/\p{Script=Han}/u.test(normalized)) {
    // "What about Taiyuan?": a continuation and a name or two.
    const words = normalized.replace(/what about|how about|and what|\band\b|\balso\b|\bthe\b|[\p{P}]/giu, ' ').split(/\s+/).filter(Boolean);
    return words.length <= 2;
  }
  const rest = own.reduce((text, t) => text.split(t.text).join(''), normalized);
  return rest.replace(/那么|那|呢|还有|另外|[\s\p{P}]/gu, '').length <= 2;
}

/** Words at least this similar in meaning can stand in for each other in a follow-up. */
const SWAP_SIMILARITY = 0.45;

function closest(word: string, candidates: Term[], similarity?: (a: string, b: string) => number | undefined): Term | undefined {
  if (!similarity) return undefined;
  const scored = candidates.map((t) => ({ t, s: similarity(word, t.text) ?? 0 })).sort((a, b) => b.s - a.s)[0];
  return scored && scored.s >= SWAP_SIMILARITY ? scored.t : undefined;
}

function kindOf(text: string): string {
  if (/^(19|20)\d{2}$/.test(text)) return 'year';
  if (/^第.+[批期届次轮]$|期$/.test(text)) return 'ordinal';
  if (/\d/.test(text)) return 'figure';
  if (isPlace(text)) return 'place';
  return 'name';
}
