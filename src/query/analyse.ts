/**
 * `analyse(text, lexicon, previous?) → Question`: everything the answer path needs to know about a
 * question, computed once — script and language, the standalone form of a follow-up, the parts of
 * a multi-part question, what each part asks for, weighted terms and anchors, years and figures.
 */
import { figuresIn, yearsIn } from '../text/figures.js';
import { normalizeForIndex } from '../text/normalize.js';
import { detectScript } from '../text/script.js';
import { askedOf } from './asked.js';
import { clausesOf } from './clauses.js';
import { HOME_PROVINCE, isPlace } from './places.js';
import { documentReferences, withoutReferences } from './document-references.js';
import { readFollowUp } from './follow-up.js';
import type { Lexicon } from './lexicon.js';
import type { Question, QuestionPart, Term } from './question.js';
import { mergeTerms, termsOf, withoutFrameWords } from './terms.js';

/** The previous turn of the conversation: its question as it was answered (standalone). */
export interface PreviousTurn {
  question: string;
  answer?: string;
}

/** Clauses that only lead into the question weigh this much of the asking clause. */
const LEAD_FACTOR = 0.6;
/** Sentences of context before any question ("我们是做充电运营的。"). */
const CONTEXT_FACTOR = 0.4;
/** A later part's subject carried from the first part ("利息按多少算的？" is about the same loan). */
const CARRIED_FACTOR = 0.4;
/** A follow-up's own words against the topic carried from the previous turn. */
const FOLLOW_UP_FOCUS = 2;

export function analyse(text: string, lexicon: Lexicon, previous?: PreviousTurn): Question {
  const trimmed = text.trim();
  const script = detectScript(trimmed);
  const english = script === 'latin';
  const normalizedText = normalizeForIndex(trimmed);
  let standalone = trimmed;
  let followUp: Question['followUp'];
  if (previous) {
    const own = english ? englishTerms(trimmed, lexicon) : termsOf(normalizedText, lexicon);
    const before = normalizeForIndex(previous.question);
    const reading = readFollowUp(normalizedText, own, { normalized: before, terms: termsOf(before, lexicon) }, lexicon.similarity?.bind(lexicon));
    if (reading) {
      followUp = { reason: reading.reason, previous: previous.question };
      standalone = reading.standalone;
    }
  }
  // A document named by number or issuer is found by its metadata: its name is not a word passages must hold.
  const references = english ? undefined : documentReferences(standalone, lexicon.documents?.() ?? []);
  const searched = references ? withoutReferences(standalone, references) : standalone;
  const question = analyseStandalone(trimmed, searched || standalone, lexicon, english, script, followUp);
  if (references) Object.assign(question, { standalone, documents: references });
  if (followUp) {
    // The follow-up's own words say what is new ("那碳纤维呢？"): they weigh more than the carried
    // topic, and the evidence must mention them — a passage on 不锈钢 does not answer for 碳纤维.
    for (const part of question.parts) {
      for (const t of part.terms) {
        if (!normalizedText.includes(t.text) || t.weight <= 0) continue;
        t.weight *= FOLLOW_UP_FOCUS;
        if (!t.unknown && followUp.reason === 'continuation') t.anchor = true;
      }
    }
  }
  return question;
}

function analyseStandalone(text: string, standalone: string, lexicon: Lexicon, english: boolean, script: Question['script'], followUp: Question['followUp']): Question {
  const normalized = normalizeForIndex(standalone);
  // English is read from the text as written: capitals tell names (Paris, Jinbo) from words.
  const groups = english && !followUp ? clausesOf(standalone.trim(), true) : clausesOf(normalized, english && !followUp);
  const context = groups.context;
  const contextTerms = context.map((c) => termsOf(c, lexicon, { factor: CONTEXT_FACTOR }));
  const englishReading = english ? lexicon.readEnglish(standalone) : undefined;

  const parts: QuestionPart[] = groups.parts.map((p) => {
    const own = english
      ? englishTerms(p.ask, lexicon)
      : mergeTerms([termsOf(p.ask, lexicon), ...p.lead.map((l) => termsOf(l, lexicon, { factor: LEAD_FACTOR }))]);
    const clause = [...p.lead, p.ask].join(english ? ' ' : '');
    return { text: clause, normalized: normalizeForIndex(clause), asked: askedOf(english ? p.ask.toLowerCase() : p.ask, english), terms: own };
  });
  // Later parts speak of the first part's subject ("借了多少钱？利息按多少算的？", "比2018年涨了多少？"):
  // its words are carried at a lower weight; its anchors (第一批, 晶科) still scope a part that names
  // none of its own, and give way to the part's own ("太原有几个？大同呢？").
  const first = parts[0];
  for (const part of parts.slice(1)) {
    if (!first) continue;
    const scoped = part.terms.some((t) => t.anchor);
    const carried = first.terms
      .filter((t) => !part.terms.some((o) => o.text === t.text))
      .map((t) => ({ ...t, anchor: t.anchor && !scoped, weight: t.weight * CARRIED_FACTOR }));
    part.terms = mergeTerms([part.terms, carried]);
  }
  for (const part of parts) part.terms = mergeTerms([part.terms, ...contextTerms]);

  const terms = mergeTerms(parts.map((p) => p.terms));
  // English is searched by the documents' Chinese terms for it (read once, above).
  const search = englishReading ? lexicon.englishSearch(standalone, englishReading) : searchText(normalized, terms);
  return {
    text,
    script,
    language: english ? 'en' : 'zh',
    standalone,
    normalized,
    context,
    terms,
    entities: terms.filter((t) => t.anchor && !/^\d/.test(t.text)).map((t) => t.text),
    years: yearsIn(normalized),
    figures: figuresIn(normalized).filter((f) => f.kind !== 'year'),
    asked: parts[0]?.asked ?? { kind: 'fact' },
    parts,
    ...(followUp ? { followUp } : {}),
    search,
  };
}

/**
 * The text retrieval searches: the question without its frame words (they only add noise to
 * BM25), typo-corrected spellings added, and an English question's Chinese terms appended.
 */
function searchText(normalized: string, terms: Term[]): string {
  const alternatives = terms.flatMap((t) => t.alternatives);
  return [withoutFrameWords(normalized), ...alternatives].filter(Boolean).join(' ');
}

/** An English clause's terms: the Chinese of its concepts; names it could not map are unknown anchors. */
function englishTerms(clause: string, lexicon: Lexicon): Term[] {
  const reading = lexicon.readEnglish(clause);
  const terms: Term[] = reading.concepts.map((c) => {
    const [head = c.english, ...rest] = c.terms.map((t) => normalizeForIndex(t));
    const weight = Math.max(...[head, ...rest].map((t) => lexicon.weight(t)), 1);
    // Names spelt in pinyin and places (Datong → 大同) scope the question as Chinese ones do.
    const anchor = Boolean(c.name) || [head, ...rest].some((t) => isPlace(t) && !HOME_PROVINCE.includes(t));
    return { text: head, alternatives: rest, weight: c.name ? weight * 1.5 : weight, anchor, unknown: false };
  });
  for (const year of yearsIn(clause)) terms.push({ text: String(year), alternatives: [], weight: 2, anchor: true, unknown: false });
  for (const name of reading.unresolved) terms.push({ text: name.toLowerCase(), alternatives: [], weight: 2, anchor: true, unknown: true });
  return mergeTerms([terms]);
}
