import type { Comparator, MoneyUnit } from '../model/index.js';
import { toHalfWidth } from './text.js';

/** A cell's text read as a number, with what the text said about it. */
export interface ParsedNumber {
  /** The number as written (before any unit conversion); null when the text is not a number. */
  readonly value: number | null;
  /** The text was empty (after trimming). */
  readonly blank: boolean;
  /** A placeholder such as "-", "—", "/", "无" stood where a number belongs. */
  readonly placeholder: boolean;
  readonly comparator?: Comparator;
  readonly percent: boolean;
  /** A unit written after the number ("万元", "家", "%"), as printed. */
  readonly unitText?: string;
  /** The money unit that suffix names, when it names one. */
  readonly money?: MoneyUnit;
  /** Digits after the decimal point as written ("10.618" → 3). */
  readonly decimals: number;
  /**
   * The text is written as a number but has more than MAX_NUMBER_DIGITS digits: kept as text (value null), so
   * the checks report it as a figure that does not parse instead of carrying Infinity or a rounded value.
   */
  readonly tooLong?: boolean;
}

/**
 * Most digits (integer and fraction together) a figure may have. A double holds 15–17 significant digits, and
 * the largest amount a disclosure prints (a province's 元 total, 2 decimals) has about 16; past 20 the value
 * could only be rounded or overflow to Infinity (a 400-digit "number" does), which must never reach the store.
 */
export const MAX_NUMBER_DIGITS = 20;

const PLACEHOLDERS = new Set(['-', '--', '—', '——', '–', '/', '无', '－', '…', '……', 'N/A', 'n/a', '\\']);

const COMPARATORS: ReadonlyArray<[RegExp, Comparator]> = [
  [/^(≥|≧|>=|＞=|不低于|不少于|大于等于)/u, '>='],
  [/^(≤|≦|<=|＜=|不高于|不超过|不多于|小于等于)/u, '<='],
  [/^(>|＞|大于|高于|超过)/u, '>'],
  [/^(<|＜|小于|低于)/u, '<'],
  [/^(=|＝|等于)/u, '='],
];

const MONEY_SUFFIX: ReadonlyArray<[RegExp, MoneyUnit]> = [
  [/^万元?$/u, 'wan_yuan'],
  [/^亿元?$/u, 'yi_yuan'],
  [/^元$/u, 'yuan'],
];

/**
 * Thousands separators as printed: regular (1,234,567) or only before the last group(s) of three (上海's 收支预算总表
 * in 元: "120258,600", the same figure its 说明 states as 12,026万元); never a group of other than three digits after a
 * comma ("12,34" is no figure).
 */
const NUMBER = /^([+-]?)(\d+(?:,\d{3})+|\d+)?(?:\.(\d+))?$/;

/**
 * Read the text of a cell as a number. Handles thousands separators, full-width digits, a leading comparator
 * (≥ ≤ ≦ ＞ …), a trailing percent sign or unit ("0.8万元", "≥600家"), negative numbers written "-3" or "(3)",
 * and placeholders. Never guesses: "2023年12月前" is not a number.
 */
export function parseNumber(text: string): ParsedNumber {
  let s = toHalfWidth(text)
    .replace(/[\s\u00a0]+/g, '')
    .replace(/，/g, ',')
    .replace(/[;；。,]+$/u, '');
  const base = { blank: false, placeholder: false, percent: false, decimals: 0 } as const;
  if (s === '') return { ...base, value: null, blank: true };
  if (PLACEHOLDERS.has(s)) return { ...base, value: null, placeholder: true };

  let comparator: Comparator | undefined;
  for (const [re, c] of COMPARATORS) {
    const m = re.exec(s);
    if (m) {
      comparator = c;
      s = s.slice(m[0].length);
      break;
    }
  }
  // Trailing words that qualify without changing the number ("以上", "以内", "左右").
  s = s.replace(/(以上|以下|以内|左右|及以上|及以下)[;；。]?$/u, '');
  let percent = false;
  let unitText: string | undefined;
  const pct = /%$/.exec(s);
  if (pct) {
    percent = true;
    unitText = '%';
    s = s.slice(0, -1);
  } else {
    const m = /^([+\-(]?[\d.,]+\)?)([\u4e00-\u9fffA-Za-z]{1,4})[;；。]?$/u.exec(s);
    if (m?.[1] && m[2]) {
      s = m[1];
      unitText = m[2];
    }
  }
  let negative = false;
  const paren = /^\((.+)\)$/.exec(s);
  if (paren?.[1]) {
    negative = true;
    s = paren[1];
  }
  s = s.replace(/[;；。]$/u, '');
  const m = NUMBER.exec(s);
  if (!m || (m[2] === undefined && m[3] === undefined)) {
    return { ...base, value: null };
  }
  const digits = (m[2] ?? '0').replace(/,/g, '') + (m[3] !== undefined ? `.${m[3]}` : '');
  let value = Number(digits);
  if (digits.length - (m[3] !== undefined ? 1 : 0) > MAX_NUMBER_DIGITS || !Number.isFinite(value)) {
    return { ...base, value: null, decimals: m[3]?.length ?? 0, tooLong: true };
  }
  if (m[1] === '-' || negative) value = -value;
  const money = unitText ? MONEY_SUFFIX.find(([re]) => re.test(unitText ?? ''))?.[1] : undefined;
  return {
    value,
    blank: false,
    placeholder: false,
    percent,
    decimals: m[3]?.length ?? 0,
    ...(comparator ? { comparator } : {}),
    ...(unitText !== undefined ? { unitText } : {}),
    ...(money ? { money } : {}),
  };
}

const UNIT_FACTOR: Record<MoneyUnit, number> = { yuan: 1, wan_yuan: 10_000, yi_yuan: 100_000_000 };

/** Convert an amount between money units, rounding away binary noise (to 1e-9 of the result's unit). */
export function convertMoney(value: number, from: MoneyUnit, to: MoneyUnit): number {
  if (from === to) return value;
  const v = (value * UNIT_FACTOR[from]) / UNIT_FACTOR[to];
  return Math.round(v * 1e9) / 1e9;
}

/** Round to n decimals, the way the documents round (half away from zero). */
export function roundTo(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return (Math.sign(value) * Math.round(Math.abs(value) * f + 1e-9)) / f;
}

/** Format a number the way a reviewer reads it: up to the given decimals, no trailing zeros beyond 2. */
export function formatAmount(value: number, decimals = 2): string {
  const r = roundTo(value, Math.max(decimals, 0));
  return r.toFixed(Math.max(decimals, 0)).replace(/(\.\d\d\d*?)0+$/, '$1');
}
