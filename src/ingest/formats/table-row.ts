/**
 * A table row as one line of text. Chinese rows are joined with a full-width bar, which cleaning
 * leaves as it is ("太原氢能产业园｜120亿元｜2023-2025"), where spaces next to Chinese would be
 * dropped on one side only; Latin rows with " | ". Either way the line never reads as a heading.
 */
const HAN = /\p{Script=Han}/u;

export const CELL_SEPARATOR = ' | ';

export function tableRow(cells: string[]): string {
  const kept = cells.map((c) => c.trim()).filter(Boolean);
  return kept.join(kept.some((c) => HAN.test(c)) ? '｜' : CELL_SEPARATOR);
}
