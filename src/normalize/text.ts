/** Text helpers shared by the normalizers. */
import { CHINESE_YEAR, YEAR_NUMERALS } from '../catalog/documents.js';

const FULLWIDTH_OFFSET = 0xfee0;

/** Full-width ASCII (０-９, ．, ，, ％, －, ＞ …) to half-width; ideographic space to space. */
export function toHalfWidth(s: string): string {
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (code >= 0xff01 && code <= 0xff5e) out += String.fromCodePoint(code - FULLWIDTH_OFFSET);
    else if (code === 0x3000) out += ' ';
    else out += ch;
  }
  return out;
}

const CJK = '\\u3400-\\u9fff\\uf900-\\ufaff';
const CJK_PUNCT = '（）()、，。：；“”《》〔〕【】';
const BETWEEN_CJK = new RegExp(`([${CJK}${CJK_PUNCT}])\\s+(?=[${CJK}${CJK_PUNCT}])`, 'gu');

/**
 * Rejoin a label that a line wrap split ("其他资源勘探 工业信息等支出" → "其他资源勘探工业信息等支出"): whitespace
 * between two Chinese characters carries no meaning in these documents. Whitespace next to Latin text or digits
 * is kept as one space.
 */
export function joinWrapped(s: string): string {
  return s
    .replace(BETWEEN_CJK, '$1')
    .replace(/[ \t\u00a0\u3000]+/g, ' ')
    .trim();
}

/**
 * Misreads of OCR that are never words in these documents, folded back: 年未 (末 read as 未: "年未结转和结余"
 * would otherwise be as near to 年初结转和结余 as to 年末结转和结余) and 拔款 (拨款).
 */
const OCR_FOLDS: readonly [RegExp, string][] = [
  [/年未/g, '年末'],
  [/拔款/g, '拨款'],
];

/** A year printed in Chinese numerals ("二〇二四年") in digits ("2024年"), one character for one (offsets kept). */
export function foldYearNumerals(s: string): string {
  return s.replace(CHINESE_YEAR, (y) => [...y].map((c) => YEAR_NUMERALS[c] ?? c).join(''));
}

/**
 * Compact form used to compare headers and titles: half-width, no whitespace, unified brackets and quotes, years in
 * Chinese numerals in digits.
 */
export function compact(s: string): string {
  return (
    OCR_FOLDS.reduce((t, [re, to]) => t.replace(re, to), foldYearNumerals(toHalfWidth(s)))
      .replace(/\s+/g, '')
      .replace(/[“”"「」『』]/g, '"')
      // 〈 〉: how OCR often reads a full-width bracket.
      .replace(/[（(〈]/g, '(')
      .replace(/[）)〉]/g, ')')
      .replace(/[：:]/g, ':')
  );
}

/** One-line form of a multi-line cell: lines rejoined as a wrapped label. */
export function oneLine(s: string): string {
  return joinWrapped(s.replace(/\n+/g, ' '));
}

/** Levenshtein distance, for header typos such as "出指标" for 产出指标. */
export function editDistance(a: string, b: string): number {
  const A = [...a];
  const B = [...b];
  let prev = Array.from({ length: B.length + 1 }, (_, j) => j);
  for (let i = 1; i <= A.length; i++) {
    const cur = [i];
    for (let j = 1; j <= B.length; j++) {
      const cost = A[i - 1] === B[j - 1] ? 0 : 1;
      cur.push(Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = cur;
  }
  return prev[B.length] ?? 0;
}
