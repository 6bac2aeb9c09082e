import { family } from '../catalog/index.js';
import type { Cell, Column, MoneyUnit, Row, TableType } from '../model/index.js';
import { parseCode, parentCode, splitCodeFromLabel } from './codes.js';
import {
  AMOUNT_COLUMNS,
  CODE_HEADER,
  LINE_NO_HEADER,
  NAME_HEADER,
  TEXT_HEADER,
  matchColumn,
  matchJoinedLevels,
  uniqueKey,
} from './columns.js';
import { lineNumbersByData, numericAt, textCell } from './cells.js';
import type { GridView } from './grid-view.js';
import { isColumnNumberTexts } from '../tables/text-lines.js';
import { parseNumber } from './numbers.js';
import { compact, oneLine } from './text.js';

export interface BodyResult {
  readonly columns: Column[];
  readonly rows: Row[];
}

const TOTAL_LABEL = /^(合计|总计|本年收入合计|本年支出合计|收入合计|支出合计)$/;
const SUBTOTAL_LABEL = /^小计$/;
const NOTE = /^(注|说明|备注)[:：\d]/u;

/** Header texts of column c over the header rows, top to bottom, merged headers repeated, duplicates removed. */
export function headerPath(view: GridView, headerRows: readonly number[], c: number): string[] {
  const out: string[] = [];
  for (const r of headerRows) {
    const t = oneLine(view.spanText(r, c));
    if (t && out[out.length - 1] !== t) out.push(t);
  }
  return out;
}

/**
 * A 栏次 row: labelled so, or printing nothing but the column numbers 1, 2, 3 … (isColumnNumberRun), or the same
 * row as OCR misreads it (misreadColumnNumbers).
 */
export function isColumnNumbersRow(view: GridView, r: number): boolean {
  if (isColumnNumberTexts(view.filled(r).map(compact))) return true;
  return misreadColumnNumbers(view.rowTexts(r));
}

/**
 * The same row as OCR reads it: the marks come out as words ("**" as "米米", "炒米", "冰"), a "1" is lost or read
 * "!" and "11" "!!". What still tells it: four or more numbers that follow the cells (each number less its cell's
 * place the same, a cell between left empty or unreadable), and nothing else in the row but a few short
 * leftovers, no total or subtotal label. Read as data it would be a row of the column numbers, and every uncoded
 * row below would take the id of the row under it.
 */
function misreadColumnNumbers(texts: readonly string[]): boolean {
  const numbered = texts.flatMap((t, i) =>
    /^\d{1,2}$/.test(compact(t)) ? [{ i, n: Number(compact(t)) }] : [],
  );
  if (numbered.length < 4) return false;
  const offset = numbered[0]!.n - numbered[0]!.i;
  if (offset > 1 || numbered.some((x) => x.n - x.i !== offset)) return false;
  const first = numbered[0]!.i;
  const others = texts.flatMap((t, i) =>
    t !== '' && !numbered.some((x) => x.i === i) ? [{ i, t: compact(t) }] : [],
  );
  return (
    others.every((o) => o.t.length <= 2 && !TOTAL_LABEL.test(o.t) && !SUBTOTAL_LABEL.test(o.t)) &&
    others.filter((o) => o.i > first).length <= Math.floor(numbered.length / 4)
  );
}

/** The row is data: it has a code, a total label, or a number outside the label columns. */
function isDataRow(view: GridView, r: number, labelCols: number): boolean {
  if (isColumnNumbersRow(view, r)) return false;
  const texts = Array.from({ length: view.nCols }, (_, c) => view.text(r, c));
  if (texts.slice(0, 3).some((t) => parseCode(t) !== undefined || splitCodeFromLabel(t) !== undefined))
    return true;
  const numeric = texts.slice(labelCols).some((t) => t !== '' && parseNumber(t).value !== null);
  // "合计" also heads a column (国有资本经营表's 本年支出 / 合计): a total row is one with figures or blanks, no header words.
  if (texts.slice(0, 2).some((t) => TOTAL_LABEL.test(compact(t)))) {
    return numeric || texts.slice(labelCols).every((t) => t === '');
  }
  return numeric;
}

/**
 * Tables whose rows are classification codes with amounts (收入决算表, 支出决算表, 一般公共预算财政拨款支出决算表,
 * 政府性基金表, 国有资本经营表 and their 预算 siblings). Codes may sit in one column or be split over 类/款/项.
 */
/** A column whose data cells are mostly classification codes is a code column, whatever its header says. */
function codeColumnByData(view: GridView, dataRows: readonly number[], c: number): boolean {
  const texts = dataRows.map((r) => view.text(r, c)).filter((t) => t !== '');
  if (texts.length < 2) return false;
  return texts.filter((t) => parseCode(t) !== undefined).length >= 0.6 * texts.length;
}

/** A column printing whole codes of its own (301, 30101), not the 类 part of codes split over 类/款/项 columns. */
function wholeCodeColumn(view: GridView, dataRows: readonly number[], c: number): boolean {
  const texts = dataRows.map((r) => view.text(r, c)).filter((t) => t !== '');
  const codes = texts.map((t) => parseCode(t)).filter((x) => x !== undefined);
  return texts.length >= 2 && codes.length >= 0.6 * texts.length && codes.some((x) => x.code.length >= 5);
}

/** A column of Chinese labels (科目名称), recognised by its data where its header is unreadable. */
function labelColumnByData(view: GridView, dataRows: readonly number[], c: number): boolean {
  const texts = dataRows.map((r) => view.text(r, c)).filter((t) => t !== '');
  if (texts.length < 2) return false;
  return (
    texts.filter((t) => parseNumber(t).value === null && /[\u4e00-\u9fff]{2}/u.test(t)).length >=
    0.6 * texts.length
  );
}

export function normalizeCoded(
  view: GridView,
  body: readonly number[],
  unit: MoneyUnit | null,
  type?: TableType,
): BodyResult {
  // Header rows: everything above the first data row; the label columns are found in them.
  let firstData = body.findIndex((r) => isDataRow(view, r, 2));
  if (firstData < 0) firstData = body.length;
  const headerRows = body.slice(0, firstData).filter((r) => !isColumnNumbersRow(view, r));
  const dataRows = body.slice(firstData);

  const codeCols: number[] = [];
  let nameCol: number | undefined;
  const columns: Column[] = [];
  const amountCols: { col: number; key: string }[] = [];
  const textCols: { col: number; key: string }[] = [];
  const codeTextCols: { cols: number[]; key: string }[] = [];
  const used = new Set<string>(['code', 'label']);
  for (let c = 0; c < view.nCols; c++) {
    const path = headerPath(view, headerRows, c);
    // A column with no header and nothing in any row (the frame 北京's 预算03表 draws left of its first column) is
    // no column: taken for the name column, it left the real one, and so every code, unread.
    if (path.length === 0 && dataRows.every((r) => view.text(r, c) === '')) continue;
    const deepest = path[path.length - 1] ?? '';
    const leaf = compact(deepest);
    // A "合计" under a code or name header is the total row's label merged into the header, not a column name.
    const named = path.filter((p) => !/^合计$/.test(compact(p)));
    // 类 | 款 | 项 printed on the 合计 row (上海's 支出决算表): the code columns' last header level, in the first data row.
    const partOnTotalRow =
      dataRows[0] !== undefined && /^(类|款|项)$/.test(compact(view.text(dataRows[0], c)));
    // The levels joined: a header wrapped over lines that an unruled table reads as levels ("单位编" / "码").
    const joined = named.map(compact).join('');
    if (
      ((named.some((p) => CODE_HEADER.test(compact(p))) || CODE_HEADER.test(joined) || partOnTotalRow) &&
        !named.some((p) => matchColumn(p, AMOUNT_COLUMNS))) ||
      (c < 3 && codeColumnByData(view, dataRows, c))
    ) {
      // A second classification printed beside the first (西安: 部门经济科目编码 | 名称 | 政府经济科目编码 | 名称),
      // each column with whole codes, or any code column right of the first one's name (烟台: 类 | 款 | 名称 | 类 |
      // 款 | 名称): the row's code is the first; the other is kept as a column of codes (its 类 | 款 parts joined),
      // not read as the 款/项 part of one code (30101 + 50101 is no code, and the rows lost their place under 301).
      const second = codeTextCols[codeTextCols.length - 1];
      if (second && second.cols[second.cols.length - 1] === c - 1) {
        second.cols.push(c);
        const col = columns.find((x) => x.key === second.key);
        if (col) col.label = [...new Set([...col.label.split(' / '), ...path])].join(' / ');
        continue;
      }
      if (
        (wholeCodeColumn(view, dataRows, c) && codeCols.some((k) => wholeCodeColumn(view, dataRows, k))) ||
        (codeCols.length > 0 && nameCol !== undefined && c > nameCol)
      ) {
        const key = uniqueKey('code', used);
        columns.push({ key, label: path.join(' / '), kind: 'code' });
        codeTextCols.push({ cols: [c], key });
        continue;
      }
      codeCols.push(c);
      continue;
    }
    if (
      nameCol === undefined &&
      (named.some((p) => NAME_HEADER.test(compact(p))) ||
        NAME_HEADER.test(joined) ||
        (c <= 1 && path.length === 0 && amountCols.length === 0) ||
        (c <= 3 && amountCols.length === 0 && labelColumnByData(view, dataRows, c)))
    ) {
      nameCol = c;
      continue;
    }
    if (TEXT_HEADER.test(leaf)) {
      columns.push({ key: uniqueKey('note', used), label: path.join(' / '), kind: 'text' });
      textCols.push({ col: c, key: columns[columns.length - 1]?.key ?? 'note' });
      continue;
    }
    if (LINE_NO_HEADER.test(leaf) || (amountCols.length === 0 && lineNumbersByData(view, dataRows, c))) {
      columns.push({ key: uniqueKey('line_no', used), label: path.join(' / '), kind: 'number' });
      amountCols.push({ col: c, key: columns[columns.length - 1]?.key ?? 'line_no' });
      continue;
    }
    // "财政拨款收入 / 小计", "基本支出 / 小计": the subtotal of a group is the group's own figure (合计 or 总计 alike:
    // "一般公共预算支出 / 总计" is 一般公共预算支出 as "… / 合计" is).
    const groupTotal =
      path.length > 1 && /^(小计|合计|总计)$/.test(leaf)
        ? [...path.slice(0, -1)]
            .reverse()
            .map((p) => matchColumn(p, AMOUNT_COLUMNS))
            // "本年支出 / 小计" is the table's own total, not a group of it.
            .find((x) => x !== undefined && !/^(total|current_income|current_expenditure)$/.test(x.key))
        : undefined;
    const joinedLevels =
      groupTotal || matchColumn(deepest, AMOUNT_COLUMNS)?.labels.includes(leaf)
        ? undefined
        : matchJoinedLevels(path, AMOUNT_COLUMNS);
    const spec =
      groupTotal ??
      joinedLevels?.spec ??
      matchColumn(deepest, AMOUNT_COLUMNS) ??
      [...path]
        .reverse()
        .map((p) => matchColumn(p, AMOUNT_COLUMNS))
        .find(Boolean);
    const key = uniqueKey(spec?.key ?? `col_${c + 1}`, used);
    // The pieces of a wrapped header are one level of its label, as printed in one cell ("政府性基金拨款").
    const printed = joinedLevels
      ? [
          ...path.slice(0, joinedLevels.from),
          path.slice(joinedLevels.from, joinedLevels.to + 1).join(''),
          ...path.slice(joinedLevels.to + 1),
        ]
      : path;
    columns.push({ key, label: printed.join(' / ') || `第${c + 1}列`, kind: 'amount' });
    amountCols.push({ col: c, key });
  }
  if (codeCols.length === 0 && nameCol === undefined) nameCol = 0;
  // Headers nobody could read: take the standard form's order when the count of amount columns matches it.
  const canonical = type ? family(type)?.canonicalColumns : undefined;
  const amounts = columns.filter((x) => x.kind === 'amount');
  if (canonical && amounts.length === canonical.length && amounts.some((x) => /^col_\d+$/.test(x.key))) {
    const agrees = amounts.every((x, i) => /^col_\d+$/.test(x.key) || x.key === canonical[i]);
    if (agrees) {
      amounts.forEach((x, i) => {
        const key = canonical[i];
        if (!key || !/^col_\d+$/.test(x.key)) return;
        const slot = amountCols.find((a) => a.key === x.key);
        if (slot) slot.key = key;
        x.key = key;
      });
    }
  }

  const rows: Row[] = [];
  const ids = new Set<string>();
  // The last code read: 类/款/项 columns often print only the new part ("01" under 223 is 22301).
  let context = '';
  // The header printed again on each page of a long table: its rows carry nothing but header words.
  const headerWords = new Set(
    headerRows.flatMap((r) => view.filled(r).map((t) => compact(t))).filter((t) => t !== ''),
  );
  const repeatsHeader = (texts: readonly string[]): boolean => {
    const filled = texts.map((t) => compact(t)).filter((t) => t !== '');
    return (
      filled.length > 0 && filled.every((t) => headerWords.has(t) || /^(其中|金额单位|单位)[:：]?/.test(t))
    );
  };
  for (const r of dataRows) {
    const texts = Array.from({ length: view.nCols }, (_, c) => view.text(r, c));
    if (headerWords.size > 0 && repeatsHeader(texts)) continue;
    const first = texts.find((t) => t !== '') ?? '';
    if (NOTE.test(first)) break;
    if (texts.every((t) => t === '')) continue;
    const codeTexts = codeCols.map((c) => texts[c] ?? '');
    let code = parseCode(...codeTexts) ?? carriedCode(codeTexts, context);
    if (code) context = code.code;
    let label = oneLine(nameCol !== undefined ? (texts[nameCol] ?? '') : '');
    if (!code) {
      const fromLabel = splitCodeFromLabel(label) ?? splitCodeFromLabel(codeTexts.join(''));
      if (fromLabel) {
        code = fromLabel.code;
        label = oneLine(fromLabel.rest);
      }
    }
    if (!label) label = oneLine(codeTexts.filter((t) => parseCode(t) === undefined).join(''));
    // A row with neither code nor name whose only words are "合计" in another column (北京's 预算06表 prints it under
    // the 部门经济分类 column, beside the empty 政府经济分类 one) is the table's total, not a nameless data row.
    if (!code && !label) {
      const mark = texts.find((t) => TOTAL_LABEL.test(compact(t)) || SUBTOTAL_LABEL.test(compact(t)));
      if (mark && texts.every((t) => t === '' || t === mark || parseNumber(t).value !== null))
        label = oneLine(mark);
    }
    const cells: Record<string, Cell> = {};
    for (const { col, key } of amountCols) cells[key] = numericAt(view, r, col, unit);
    for (const { col, key } of textCols) cells[key] = textCell(view.text(r, col), view.source(r, col));
    for (const { cols, key } of codeTextCols) {
      const text = cols
        .map((col) => view.text(r, col))
        .filter((t) => t !== '')
        .join(' ');
      cells[key] = { ...textCell(text, view.cellsSource(r, cols)), value: null };
    }
    if (!code && !label && Object.values(cells).every((c) => c.blank)) continue;
    const c = compact(label);
    const role = isColumnNumbersRow(view, r)
      ? 'column_numbers'
      : TOTAL_LABEL.test(c)
        ? 'total'
        : SUBTOTAL_LABEL.test(c)
          ? 'subtotal'
          : 'data';
    if (role === 'column_numbers') continue;
    let id = code ? `c${code.code}` : role === 'total' ? 'total' : `r${rows.length + 1}`;
    for (let i = 2; ids.has(id); i++) id = `${code ? `c${code.code}` : 'r'}_${i}`;
    ids.add(id);
    rows.push({
      id,
      ...(code ? { code: code.code, codeLevel: code.level } : {}),
      label,
      role,
      cells,
      source: view.rowSource(r),
    });
  }
  linkCodeParents(rows);
  textColumnsByData(columns, rows);
  return { columns, rows };
}

/**
 * A code printed over 类 | 款 | 项 columns with only its own part: "01" in the 款 column under 类 223 is 22301, "07"
 * in the 项 column under 款 22301 is 2230107. Undefined unless the parts are two-digit and a context exists.
 */
function carriedCode(codeTexts: readonly string[], context: string): ReturnType<typeof parseCode> {
  if (codeTexts.length < 2 || !context) return undefined;
  const parts = codeTexts.map((t) => t.replace(/\s+/g, ''));
  const first = parts.findIndex((t) => t !== '');
  if (first < 1 || parts.slice(first).some((t) => t !== '' && !/^\d{2}$/.test(t))) return undefined;
  const prefix = context.slice(0, first === 1 ? 3 : 5);
  if (prefix.length !== (first === 1 ? 3 : 5)) return undefined;
  return parseCode(prefix + parts.slice(first).join(''));
}

/**
 * A column whose header named no known figure and whose cells are mostly words (北京's 部门经济分类 column beside
 * the 政府经济分类 one: "30101-基本工资") holds text, not amounts.
 */
function textColumnsByData(columns: Column[], rows: readonly Row[]): void {
  for (const col of columns) {
    if (col.kind !== 'amount' || !/^col_\d+$/.test(col.key)) continue;
    const cells = rows.map((r) => r.cells[col.key]).filter((c): c is Cell => c !== undefined && !c.blank);
    const words = cells.filter((c) => c.value === null && !c.placeholder).length;
    if (cells.length === 0 || words < 0.5 * cells.length) continue;
    col.kind = 'text';
    for (const r of rows) {
      const c = r.cells[col.key];
      if (c) r.cells[col.key] = { ...c, value: null };
    }
  }
}

/** Point each coded row at the nearest ancestor code present in the table (项 → 款, or → 类 when 款 is absent). */
export function linkCodeParents(rows: Row[]): void {
  const byCode = new Map(rows.flatMap((r) => (r.code ? [[r.code, r.id] as const] : [])));
  // Where codes repeat (a 汇总 block, then one block per unit), a row belongs to the nearest ancestor above it.
  const above = new Map<string, string>();
  // A row printed with a name but no code under a 类 (西安: "行政事业单位离退休" between 208 and 2080505) is the 款
  // of the 项 rows below it whose own 款 is not printed.
  let lastLei: Row | undefined;
  let pendingKuan: Row | undefined;
  for (const row of rows) {
    if (!row.code) {
      if (row.role === 'data' && lastLei) pendingKuan = row;
      continue;
    }
    const kuan = row.code.length === 7 ? row.code.slice(0, 5) : undefined;
    if (
      kuan &&
      !above.has(kuan) &&
      !byCode.has(kuan) &&
      pendingKuan &&
      lastLei?.code === row.code.slice(0, 3)
    ) {
      row.parent = pendingKuan.id;
      pendingKuan.parent ??= lastLei.id;
    } else {
      let p = parentCode(row.code);
      while (p && !above.has(p) && !byCode.has(p)) p = parentCode(p);
      const parent = p ? (above.get(p) ?? byCode.get(p)) : undefined;
      if (parent) row.parent = parent;
    }
    if (row.code.length === 3) lastLei = row;
    if (row.code.length !== 7) pendingKuan = undefined;
    above.set(row.code, row.id);
  }
}
