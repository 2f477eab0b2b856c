/**
 * Citation markers in a model's answer: markers that point at no passage are removed, the rest
 * renumbered 1..m in order of first use.
 */

/** [1], [1, 2], [1][2], ［1］, 【1】 and the like. */
const MARKER = /[[［【]\s*(\d+(?:\s*[,，、]\s*\d+)*)\s*[\]］】]/g;

export interface CheckedCitations {
  /** The answer with only valid markers, renumbered. */
  text: string;
  /** For each new number (index + 1), the 1-based number of the passage it points at. */
  cited: number[];
  /** Markers removed because they pointed at no passage. */
  removed: number;
}

export function checkCitations(answer: string, passageCount: number): CheckedCitations {
  const cited: number[] = [];
  let removed = 0;
  const text = answer.replace(MARKER, (_whole, list: string) => {
    const numbers = list.split(/\s*[,，、]\s*/).map(Number);
    const valid = [...new Set(numbers.filter((n) => Number.isInteger(n) && n >= 1 && n <= passageCount))];
    removed += numbers.length - valid.length;
    return valid
      .map((n) => {
        if (!cited.includes(n)) cited.push(n);
        return `[${cited.indexOf(n) + 1}]`;
      })
      .join('');
  });
  return { text: text.replace(/[ \t]+\n/g, '\n').trim(), cited, removed };
}
