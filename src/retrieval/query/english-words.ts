/**
 * The English side of cross-language lookup: one key form for dictionary glosses and question words
 * (lower case, no diacritics, hyphens as spaces, no leading "to"/"a"/"the"), the words that only
 * frame a question, and the base forms an inflected word may have in a dictionary.
 */

/** Words that frame a question or glue it together; they carry nothing a passage could mention. */
const FRAMING = new Set(
  (
    'a an the of in on at to for from by with about as into onto over under after before between during per via than then so such ' +
    'this that these those there here it its they them their theirs he she his her hers we us our you your i me my mine ' +
    'what which who whom whose when where why how whats whos whens wheres hows ' +
    'is are was were be been being am do does did done doing have has had having can could will would shall should may might must ' +
    'not no yes and or but if also just only very more most less least some any all each every both either neither other another ' +
    'own same up down out off again further once now still ever even yet already currently today exactly actually really roughly ' +
    'approximately around nearly almost about please tell know like say says said saying according mentioned mention mentions ' +
    'report reported reports article document documents figure figures number numbers amount much many lot lots thing things kind ' +
    'get gets got go goes went make makes made come comes came give gives given want wants anything something one ones ' +
    'far since until while whether though although because due way ways year years time times ok okay hey hi pls ' +
    'through throughout never always often usually also too else'
  ).split(/\s+/),
);

export function isFramingWord(word: string): boolean {
  return FRAMING.has(word);
}

/** Dictionary key form of a gloss or a run of question words: "To Invest" → "invest", "Lüliang" → "luliang". */
export function dictionaryKey(text: string): string {
  const words = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/'s\b/g, '')
    .replace(/[^a-z0-9&'.%+ -]+/g, ' ')
    .replace(/(^|\s)['.-]+|['.-]+(?=\s|$)/g, ' ')
    .replace(/-/g, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  while (words.length > 1 && ['to', 'a', 'an', 'the', "one's", 'sb', 'sth'].includes(words[0]!)) words.shift();
  return words.join(' ');
}

const IRREGULAR: Record<string, string> = {
  built: 'build', made: 'make', won: 'win', went: 'go', spent: 'spend', sold: 'sell', grew: 'grow', grown: 'grow', got: 'get',
  led: 'lead', brought: 'bring', bought: 'buy', held: 'hold', began: 'begin', begun: 'begin', paid: 'pay', taken: 'take',
  took: 'take', chosen: 'choose', chose: 'choose', set: 'set', cut: 'cut', put: 'put', kept: 'keep', lost: 'lose', met: 'meet',
  left: 'leave', saw: 'see', seen: 'see', drew: 'draw', drawn: 'draw', fell: 'fall', rose: 'rise', risen: 'rise', shut: 'shut',
  children: 'child', people: 'person', men: 'man', women: 'woman', data: 'data', media: 'media', criteria: 'criterion',
};

/**
 * The forms a word may take in a dictionary, the word itself first: plural and inflected forms
 * lose their endings ("companies" → company, "invested" → invest, "producing" → produce).
 */
export function baseForms(word: string): string[] {
  const forms = [word];
  const add = (f: string) => {
    if (f.length >= 2 && !forms.includes(f)) forms.push(f);
  };
  if (IRREGULAR[word]) add(IRREGULAR[word]);
  if (word.length <= 3) return forms;
  if (word.endsWith('ies')) add(`${word.slice(0, -3)}y`);
  if (word.endsWith('ves')) add(`${word.slice(0, -3)}f`);
  if (word.endsWith('es')) add(word.slice(0, -2));
  if (word.endsWith('s') && !word.endsWith('ss')) add(word.slice(0, -1));
  if (word.endsWith('ied')) add(`${word.slice(0, -3)}y`);
  if (word.endsWith('ed')) {
    add(word.slice(0, -2));
    add(word.slice(0, -1));
    if (/([b-df-hj-np-tv-z])\1ed$/.test(word)) add(word.slice(0, -3));
  }
  if (word.endsWith('ing') && word.length > 5) {
    add(word.slice(0, -3));
    add(`${word.slice(0, -3)}e`);
    if (/([b-df-hj-np-tv-z])\1ing$/.test(word)) add(word.slice(0, -4));
  }
  if (word.endsWith('er') && word.length > 5) add(word.slice(0, -2));
  if (word.endsWith('est') && word.length > 6) add(word.slice(0, -3));
  if (word.endsWith('ly') && word.length > 5) add(word.slice(0, -2));
  return forms;
}
