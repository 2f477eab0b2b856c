/**
 * Latin abbreviations Chinese policy text spells out (GDP → 地区生产总值). General economic and
 * technical vocabulary, not tied to any question: a passage that says 生产总值 answers a question
 * that says GDP.
 */
const ALIASES: Record<string, string[]> = {
  gdp: ['生产总值', '经济总量'],
  grp: ['生产总值'],
  cpi: ['居民消费价格'],
  ppi: ['工业生产者出厂价格'],
  'r&d': ['研发', '研究与试验发展'],
  rd: ['研发'],
  ai: ['人工智能'],
  iot: ['物联网'],
  ev: ['新能源汽车', '电动汽车'],
  nev: ['新能源汽车'],
  pv: ['光伏'],
  ipo: ['上市'],
  fdi: ['外商直接投资', '外资'],
  sme: ['中小企业'],
  smes: ['中小企业'],
  soe: ['国有企业', '国企'],
  soes: ['国有企业', '国企'],
  ccus: ['碳捕集'],
  it: ['信息技术'],
};

/** Chinese forms of a Latin abbreviation (normalised, lower case), if it is a known one. */
export function spelledOut(word: string): string[] {
  return ALIASES[word] ?? [];
}
