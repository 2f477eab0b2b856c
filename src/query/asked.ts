/**
 * What a question asks for — a figure, a date, a person, a list… — and, for figures, the unit the
 * answer must be counted in. The judge checks that the evidence holds an answer of that kind; the
 * composer leads with it.
 */

export type AskedKind = 'figure' | 'date' | 'person' | 'place' | 'list' | 'reason' | 'how' | 'yesno' | 'definition' | 'fact';

export interface Asked {
  kind: AskedKind;
  /** For figures: the unit family the answer is counted in ('元', '%', '千瓦', '家', …), if the question says. */
  unit?: string;
  /**
   * For figures: the noun the figure measures (投资, 产值, 比重…). The answer is the figure that
   * noun introduces, not any figure in the same unit nearby (年产值2000亿元 is no 总投资).
   */
  measure?: string;
  /**
   * Dates and persons: the question asks for a calendar date (哪天, 哪一年) or a named person
   * (作者, 负责人, 哪位), not a moment ("什么时候决定") or an actor ("谁发布了").
   */
  exact?: boolean;
}

/** Measure words after 多少/几 that name the counted unit ("多少亿元" → 元, "几家" → 家). */
const COUNTED = ['万千瓦', '千瓦', '千伏', '亿元', '万元', '元', '亿吨', '万吨', '吨', '万人', '人次', '人', '名', '位', '家', '个', '只', '头', '项', '条', '亩', '座', '户', '台', '辆', '所', '处', '盆', '件', '种', '批', '套', '倍', '平方米', '平方公里', '公里', '年', '天', '月', '小时'];

/** Nouns whose figure is money, so an answer must be in 元 (or 美元). */
const MEASURE = /投资|资金|营收|收入|营业额|产值|利息|金额|总额|销售额|生产总值|增加值|经济总量|利润|税收|进出口|出口额|交易额|贷款|融资|补贴|奖励|预算|造价|成本|费用|占比|比重|比例|增速|增长率|增幅|降幅|产能|产量|装机|面积/;
const MONEY = /投资|资金|营收|收入|营业额|产值|利息|金额|多少钱|钱|总额|销售额|生产总值|gdp|增加值|经济总量|利润|税收|进出口|出口额|交易额|贷款|融资|补贴|奖励|基金|预算|造价|成本|费用/;
/** Nouns whose figure is a share or rate. */
const RATIO = /占比|比重|比例|百分之几|百分比|增速|增长率|增幅|降幅|覆盖率|利用率|渗透率|率是|率为|率有|几成/;

const FIGURE = /多少|几(?![乎天])|多大|多高|多长|多久|多快|多重|多远|规模|产能|数量|总量|几成/;
const DATE = /哪天|哪一天|哪日|什么时候|什么时间|何时|哪年|哪一年|几月|几号|日期|时间是|哪个月|什么日子|多会儿|啥时候/;
const EXACT_DATE = /哪天|哪一天|哪日|哪年|哪一年|几月|几号|日期|哪个月/;
const PERSON = /谁|哪位|何人|什么人|负责人|牵头人|领导是|院士是/;
const EXACT_PERSON = /哪位|何人|什么人|负责人|牵头人|作者|院士|书记|市长|董事长|总经理/;
const PLACE = /哪里|在哪|哪儿|什么地方|哪个地方|哪些地方|哪个城市|哪个县|哪个区|位于|落户哪/;
const LIST = /哪些|哪几|分别|有哪|都有什么|都有啥|包括什么|包括哪|几大|几条|哪[一-龥]{0,2}大|哪[三四五六七八九十]/;
const REASON = /为什么|为何|原因|怎么会|凭什么|为啥|咋会/;
const HOW = /怎么|如何|怎样|怎么样|咋|什么样|哪些措施|做法|举措|途径|办法|方式/;
const YESNO = /吗[？?。!！]*$|是否|是不是|有没有|能不能|可不可以|会不会|算不算/;
const DEFINITION = /指什么|是什么意思|什么是|定义|含义|指的是|是指|啥意思|什么叫/;

const EN_FIGURE = /\bhow (much|many|large|big|high|long)\b|\bwhat(?:'s| is| was| are| were)?\s+(?:the\s+)?(?:[a-z-]+\s+){0,2}(percentage|share|proportion|amount|number|capacity|value|size|scale|investment|output|revenue|gdp|production|output value|count)\b/i;
/** The English noun a figure question measures, in the documents' Chinese. */
const EN_MEASURE: Array<[RegExp, string]> = [
  [/\binvest(ment|ed)?\b/i, '投资'],
  [/\boutput value\b/i, '产值'],
  [/\brevenue|sales\b/i, '收入'],
  [/\bcapacity\b/i, '产能'],
  [/\bgdp\b/i, '生产总值'],
  [/\bshare|proportion|percentage\b/i, '占比'],
];
const EN_DATE = /\bwhen\b|\bwhat (year|date|day|month)\b|\bwhich (year|date|day)\b/i;
const EN_PERSON = /\bwho\b|\bwhom\b/i;
const EN_PLACE = /\bwhere\b|\bwhich (city|county|district|province|place)\b/i;
const EN_LIST = /\bwhich\b.*\b\w+s\b|\bwhat are\b|\blist\b/i;
const EN_REASON = /\bwhy\b/i;
const EN_HOW = /\bhow (does|do|did|is|are|was|were|can|will)\b/i;
const EN_YESNO = /^(is|are|does|do|did|was|were|can|has|have|will)\b/i;
const EN_DEFINITION = /\bwhat (is|are) (meant by|the definition)|\bdefine\b|\bwhat does .* mean\b/i;

const EN_UNIT: Array<[RegExp, string]> = [
  [/\b(yuan|rmb|money|invest|investment|funding|revenue|output value|gdp|cost)\b/i, '元'],
  [/\b(percent|percentage|share|proportion|rate)\b/i, '%'],
  [/\b(kw|kilowatts?|megawatts?|gigawatts?|mw|gw)\b/i, '千瓦'],
  [/\b(tons?|tonnes?)\b/i, '吨'],
  [/\b(companies|enterprises|firms)\b/i, '家'],
  [/\b(mu)\b/i, '亩'],
];

/**
 * "增长多少 / 年均增长多少 / 提高了多少": a change, given as a rate (增长7.8%) as often as an amount
 * (增加120亿元), so the measured noun does not fix the unit.
 */
const CHANGE = /(?:增长|提高|提升|下降|降低|减少|增加)了?(?:多少|几)/;

function figureUnit(text: string): string | undefined {
  const m = /(?:多少|几)(.{1,4})/.exec(text);
  const counted = m ? COUNTED.find((u) => m[1]!.startsWith(u)) : undefined;
  if (counted) return counted.replace(/^[万亿]/, '');
  if (RATIO.test(text)) return '%';
  if (CHANGE.test(text)) return undefined;
  if (MONEY.test(text)) return '元';
  return undefined;
}

/** The kind of answer a (normalised, Simplified) question clause asks for. */
export function askedOf(normalized: string, english: boolean): Asked {
  if (english) {
    // "How many investment projects" counts projects; only "how much" (or a named unit) asks for money.
    const counting = /\bhow many\b/i.test(normalized);
    const unit = counting ? undefined : EN_UNIT.find(([p]) => p.test(normalized))?.[1];
    if (EN_DEFINITION.test(normalized)) return { kind: 'definition' };
    // English "when" asks for a date far more often than Chinese 什么时候 does.
    if (EN_DATE.test(normalized)) return { kind: 'date', exact: true };
    if (EN_FIGURE.test(normalized)) {
      const measure = counting ? undefined : EN_MEASURE.find(([p]) => p.test(normalized))?.[1];
      return { kind: 'figure', ...(unit ? { unit } : {}), ...(measure ? { measure } : {}) };
    }
    if (EN_PERSON.test(normalized)) return { kind: 'person', ...(/\b(author|head|leader|director|chairman|mayor)\b/i.test(normalized) ? { exact: true } : {}) };
    if (EN_PLACE.test(normalized)) return { kind: 'place' };
    if (EN_REASON.test(normalized)) return { kind: 'reason' };
    if (EN_HOW.test(normalized)) return { kind: 'how' };
    if (EN_LIST.test(normalized)) return { kind: 'list' };
    if (EN_YESNO.test(normalized)) return { kind: 'yesno' };
    return { kind: 'fact' };
  }
  if (DEFINITION.test(normalized)) return { kind: 'definition' };
  if (DATE.test(normalized)) return { kind: 'date', ...(EXACT_DATE.test(normalized) ? { exact: true } : {}) };
  if (REASON.test(normalized)) return { kind: 'reason' };
  // "哪几条 / 哪三级 / 几大": a list, even though 几 also asks for a number.
  if (LIST.test(normalized)) return { kind: 'list' };
  if (FIGURE.test(normalized)) {
    const unit = figureUnit(normalized);
    const measure = MEASURE.exec(normalized)?.[0];
    return { kind: 'figure', ...(unit ? { unit } : {}), ...(measure ? { measure } : {}) };
  }
  if (PERSON.test(normalized)) return { kind: 'person', ...(EXACT_PERSON.test(normalized) ? { exact: true } : {}) };
  if (PLACE.test(normalized)) return { kind: 'place' };
  if (HOW.test(normalized)) return { kind: 'how' };
  if (YESNO.test(normalized)) return { kind: 'yesno' };
  return { kind: 'fact' };
}

/** Does a clause ask something (as opposed to giving context: "我们是做充电运营的")? */
export function isQuestionClause(normalized: string, english: boolean): boolean {
  if (/[?？]\s*$/.test(normalized)) return true;
  if (english) return /\b(what|which|who|whom|when|where|why|how)\b/i.test(normalized) || EN_YESNO.test(normalized);
  return (
    /[什哪谁吗呢啥咋]|多少|几(?![乎])|如何|怎|为何|是否|是不是|有没有|多大|多高|多长|多久/.test(normalized) ||
    DATE.test(normalized) ||
    DEFINITION.test(normalized)
  );
}
