/**
 * Cleaning of extracted text lines: page furniture out, OCR spaces and OCR line breaks inside
 * Chinese sentences removed. The result is still in the document's own script and punctuation.
 */
import { removeCjkSpaces } from '../text/normalize.js';

/** Lines that are page furniture, not content. Matched against a line with spaces removed. */
const FURNITURE: RegExp[] = [
  /^!\[[^\]]*\]\([^)]*\)$/, // markdown image placeholder "![]()"
  /长按(上图|二维码|识别)|長按(上圖|二維碼|識別)/,
  /^(点击|點擊)(上方|下方|关注|關注)/,
  /^(发布评论|發布評論|发表评论|發表評論|阅读原文|閱讀原文|分享到.*|返回搜狐.*|责任编辑.*|責任編輯.*)$/,
  /^(特别声明|特別聲明)[:：]/,
  /^Notice:Thecontentabove/i,
  /仅提供信息存储服务|僅提供信息存儲服務/,
  /^[(（]下转[A-Z]?\d*版[)）]$|^[(（]上接[A-Z]?\d*版[)）]$/,
  /^(统筹策划|統籌策劃|视觉设计|視覺設計)[|｜]/,
  /^▲/, // photo caption
  /^.{0,40}(摄|攝|供图|供圖|受访者提供|受訪者提供)$/, // photo credit line
  /^受访者提供/,
];

/** Space-separated groups of 1–4 Han characters: bylines ("侯海宏 李京益 李青") or OCR debris ("原 宝 藏"). */
const NAME_LIST = /^\p{Script=Han}{1,4}(?:[ \u3000]+\p{Script=Han}{1,4})+$/u;

export function isFurniture(line: string): boolean {
  const compact = line.replace(/\s+/g, '');
  if (compact.length === 0) return true;
  if (/^(目录|目錄)$/.test(compact)) return false; // the table of contents is handled by structure()
  if (FURNITURE.some((re) => re.test(compact))) return true;
  if (NAME_LIST.test(line.trim()) && compact.length <= 12) return true;
  // Fragments of up to three characters ("发 X", a lone byline "马永亮") carry no content.
  if ([...compact].length <= 3 && !/^(\d+|#.*)$/.test(compact)) return true;
  return false;
}

/** Sentence-final punctuation, optionally followed by a closing quote or bracket. */
const TERMINAL = /[。！？!?；;…:：](?:[”’」』"')）】]*)$|[。！？!?][”’」』"')）]$/;
const PROSE_PUNCTUATION = /[，,；;]|——/;
/** A next line that starts with a one- or two-character fragment of a clause ("径,太原…"). */
const BROKEN_START = /^[^，,。；;、：:)）”"\s]{1,2}[，,。；;、)）]/;
const NUMBERED = /^(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百\d]+[)）]|\d{1,2}[.．、](?!\d)|第[一二三四五六七八九十百]+[章节部分篇条])/;

export function endsSentence(line: string): boolean {
  return TERMINAL.test(line);
}

export function startsNumbered(line: string): boolean {
  return NUMBERED.test(line);
}

/**
 * OCR and page layout break sentences across lines ("…的路" / "径,太原将…"). A line is joined to
 * the next when it does not end a sentence, reads as prose (has clause punctuation) and the next
 * line does not start a numbered item.
 */
function continuesOnNextLine(line: string, next: string): boolean {
  if (endsSentence(line) || startsNumbered(next) || /^[-*•∙◆#]/.test(next)) return false;
  if (/^#{1,6}(?!.*#)/.test(line)) return false; // a Markdown heading (and a DOCX one) is a line of its own, commas or not
  if (startsNumbered(line) && [...line].length <= 40) return false; // a numbered heading line
  return (PROSE_PUNCTUATION.test(line) && [...line].length >= 12) || BROKEN_START.test(next);
}

/** Raw lines → cleaned paragraphs (one per line), furniture removed, broken sentences rejoined. */
export function cleanLines(rawLines: string[]): string[] {
  const lines = rawLines
    .map((line) => line.replace(/\r/g, '').replace(/[\u200b\ufeff]/g, '').trim())
    .filter((line) => !isFurniture(line))
    .map((line) => removeCjkSpaces(line).replace(/[ \t\u00a0]{2,}/g, ' '));

  const paragraphs: string[] = [];
  for (const line of lines) {
    const last = paragraphs[paragraphs.length - 1];
    if (last !== undefined && continuesOnNextLine(last, line)) {
      paragraphs[paragraphs.length - 1] = removeCjkSpaces(`${last}${/[A-Za-z0-9]$/.test(last) && /^[A-Za-z0-9]/.test(line) ? ' ' : ''}${line}`);
    } else {
      paragraphs.push(line);
    }
  }
  return paragraphs;
}
