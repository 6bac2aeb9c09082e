import type { Cell, MoneyUnit, Provenance } from '../model/index.js';
import { convertMoney, parseNumber } from './numbers.js';
import type { GridView } from './grid-view.js';

/** The parts of a Cell that come from reading its text; `value` is decided by the caller. */
function cellFrom(raw: string, source: Provenance, value: number | null): Cell {
  const p = parseNumber(raw);
  return {
    raw,
    value,
    blank: p.blank,
    ...(p.placeholder ? { placeholder: true } : {}),
    ...(p.comparator ? { comparator: p.comparator } : {}),
    ...(p.percent ? { percent: true } : {}),
    ...(p.unitText !== undefined ? { unitText: p.unitText } : {}),
    source,
  };
}

/** A numeric cell from raw text: amounts written with their own unit ("0.8万元") are converted to the table's. */
export function numericCell(raw: string, source: Provenance, tableUnit: MoneyUnit | null): Cell {
  const p = parseNumber(raw);
  let value = p.value;
  if (value !== null && p.money && tableUnit && p.money !== tableUnit)
    value = convertMoney(value, p.money, tableUnit);
  return cellFrom(raw, source, value);
}

/** A text cell (labels, indicator names, targets that are not numbers). Numbers inside are still parsed. */
export function textCell(raw: string, source: Provenance): Cell {
  const p = parseNumber(raw);
  // "2023年底前", "1年": dates and durations are text, not figures.
  const temporal = /^(年|月|日|天|季度|期|周|年度)/u.test(p.unitText ?? '');
  return cellFrom(raw, source, temporal ? null : p.value);
}

/**
 * One character of a wrapped label fallen into the figure's cell before the figure (西安: "出 2,022.39", "助 4.82",
 * "入⏎0.00", "） 104.31" — the end of "…支出", "…补助", "…收入", "…（一）"): the figure is read, the raw text kept as
 * printed.
 */
const SPILLED_LABEL_TAIL = /^(?:\p{Script=Han}|[)）])\s+(?=[-\d.,]+$)/u;

export function numericAt(view: GridView, r: number, c: number, unit: MoneyUnit | null): Cell {
  const raw = view.text(r, c);
  const tail = SPILLED_LABEL_TAIL.exec(raw);
  if (tail) {
    const figure = numericCell(raw.slice(tail[0].length), view.source(r, c), unit);
    if (figure.value !== null) return { ...figure, raw };
  }
  return numericCell(raw, view.source(r, c), unit);
}

/**
 * A 行次 / 序号 column whose header was not read (OCR, or printed in a merged cell): its figures are small whole numbers that mostly count up by one.
 */
export function lineNumbersByData(view: GridView, rows: readonly number[], c: number): boolean {
  const values = rows.map((r) => parseNumber(view.text(r, c)).value).filter((v): v is number => v !== null);
  if (values.length < 4 || values.some((v) => !Number.isInteger(v) || v < 0 || v > 99)) return false;
  let steps = 0;
  for (let i = 1; i < values.length; i++) if (values[i] === (values[i - 1] ?? NaN) + 1) steps++;
  return steps >= 0.6 * (values.length - 1);
}
