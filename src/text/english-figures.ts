/** Chinese figures for English readers: kept as written, with an exact conversion beside them. */
import { figuresIn } from './figures.js';

function grouped(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: 4 });
}

/** "450亿元" → "450亿元 (45 billion yuan)", "3384.5万千瓦" → "3,384.5万千瓦 (33.8 GW)". */
export function figureInEnglish(text: string): string {
  const f = figuresIn(text)[0];
  if (!f) return text;
  if (f.unit === '元') return `${text} (${f.value >= 1e9 ? `${grouped(f.value / 1e9)} billion` : f.value >= 1e6 ? `${grouped(f.value / 1e6)} million` : grouped(f.value)} yuan)`;
  if (f.unit === '千瓦') return `${text} (${grouped(Math.round(f.value / 1e5) / 10)} GW)`;
  if (f.kind === 'percent') return text;
  if (/[万亿]/.test(f.raw)) return `${text} (${grouped(f.value)})`;
  return text;
}
