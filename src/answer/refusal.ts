/** The honest "the documents don't say", in the asker's script, naming the closest documents. */
import type { SearchHit } from '../retrieval/query/search.js';
import type { Script } from '../text/script.js';
import { inScript } from './sentences.js';
import type { Answer } from './types.js';

const REFUSAL: Record<Script, string> = {
  simplified: '资料中没有找到能回答这个问题的内容。',
  traditional: '資料中沒有找到能回答這個問題的內容。',
  latin: 'The documents do not answer this question.',
};
const CLOSEST: Record<Script, string> = { simplified: '最相关的文件', traditional: '最相關的文件', latin: 'Closest documents' };
/** Said with a refusal when the judge knows what is missing ("二期" is never mentioned). */
const NOT_MENTIONED: Record<Script, (what: string) => string> = {
  simplified: (w) => `文件中没有提到「${w}」。`,
  traditional: (w) => `文件中沒有提到「${w}」。`,
  latin: (w) => `The documents do not mention "${w}".`,
};

export function refusal(script: Script, hits: SearchHit[], mode: Answer['mode'] = 'extractive', missing: string[] = []): Answer {
  const closest = [...new Set(hits.slice(0, 3).map((h) => h.document.meta.title))];
  const hint = closest.length > 0 ? `${CLOSEST[script]}: ${closest.map((t) => `《${inScript(t, script)}》`).join('、')}` : '';
  const lines = [REFUSAL[script], ...missing.slice(0, 2).map((m) => NOT_MENTIONED[script](inScript(m, script))), hint];
  return { text: lines.filter(Boolean).join('\n'), citations: [], outcome: 'refused', refused: true, mode, notices: [] };
}
