import type { CodeLevel } from '../model/index.js';
import { toHalfWidth } from './text.js';

/** A classification code read from one or more cells. */
export interface ParsedCode {
  /** Digits only, e.g. "2010401". */
  readonly code: string;
  readonly level: CodeLevel;
}

/**
 * 功能分类 (function classification) codes start with 2 and have 3 (类), 5 (款) or 7 (项) digits.
 * 经济分类 (economic classification) codes start with 3 (部门) or 5 (政府) and have 3 (类) or 5 (款) digits; some
 * regions print 7-digit 部门 sub-items (3010201) under a 款.
 * A code may be printed whole ("2010401"), spaced ("201 04 01") or split over 类/款/项 columns.
 */
export function parseCode(...parts: readonly string[]): ParsedCode | undefined {
  const pieces = parts.map((p) => toHalfWidth(p).replace(/\s+/g, ' ').trim()).filter((p) => p !== '');
  if (pieces.length === 0) return undefined;
  const joined = pieces.join(' ');
  if (!/^\d[\d ]*$/.test(joined)) return undefined;
  const groups = joined.split(' ');
  // Spaced groups must look like 类 款 项 (3, 2, 2 digits) or economic 3 + 2.
  if (groups.length > 1) {
    const [a, ...rest] = groups;
    if (!a || a.length !== 3 || rest.some((g) => g.length !== 2)) return undefined;
  }
  const code = groups.join('');
  return classify(code);
}

function classify(code: string): ParsedCode | undefined {
  const head = code[0];
  if (head === '2') {
    if (code.length === 3) return { code, level: 'lei' };
    if (code.length === 5) return { code, level: 'kuan' };
    if (code.length === 7) return { code, level: 'xiang' };
    return undefined;
  }
  if (head === '3' || head === '5') {
    if (code.length === 3) return { code, level: 'econ_class' };
    if (code.length === 5) return { code, level: 'econ_item' };
    // A region's own sub-item of a 款 (西安: 3010201 津贴补贴 under 30102, printed without its 30102 row).
    if (code.length === 7 && head === '3') return { code, level: 'econ_item' };
  }
  return undefined;
}

/** The parent code one level up (2010401 → 20104 → 201; 30101 → 301), undefined at the top. */
export function parentCode(code: string): string | undefined {
  if (code.length === 7) return code.slice(0, 5);
  if (code.length === 5) return code.slice(0, 3);
  return undefined;
}

/**
 * A row label may start with its code ("2010401 行政运行", "201 一般公共服务支出"); split it off.
 * Returns undefined when the label does not start with a code.
 */
export function splitCodeFromLabel(label: string): { code: ParsedCode; rest: string } | undefined {
  const m = /^\s*(\d{3}(?:\s?\d{2}){0,2})\s*([^\d\s].*)$/su.exec(toHalfWidth(label));
  if (!m?.[1] || m[2] === undefined) return undefined;
  const code = parseCode(m[1]);
  // The name as printed (its full-width brackets kept): toHalfWidth maps character for character.
  return code ? { code, rest: label.slice(label.length - m[2].length).trim() } : undefined;
}
