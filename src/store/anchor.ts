/**
 * Stable keys for reviewer corrections. Table ids ("t3") and positional row ids ("r12") change when an upgraded
 * pipeline finds one more table or one more row; the family, the row's code or label, and the column key do
 * not. A correction records its anchor when written, and a re-extraction re-applies it wherever the anchor
 * points in the new result (or reports it when it points nowhere). Pure.
 */

/** The part of a normalized table an anchor needs. */
export interface AnchorTable {
  readonly id: string;
  readonly type: string;
  readonly title: string;
  readonly rows: readonly AnchorRow[];
}
export interface AnchorRow {
  readonly id: string;
  readonly code?: string | undefined;
  readonly label: string;
}

export interface CellAnchor {
  /** Table family (NormalizedTable.type). */
  readonly family: string;
  /** 0-based rank among the document's tables of that family (most families appear once). */
  readonly nth: number;
  /** The title as printed, for messages and as a tie-break. */
  readonly title: string;
  /** A row id that carries meaning ("income:opening_balance", "c2010401"), when it is not positional. */
  readonly rowId?: string;
  readonly code?: string;
  readonly label: string;
  /** 0-based rank among rows of the table with the same label (and code), for repeated labels. */
  readonly labelNth: number;
  readonly column: string;
  /** For anomaly-keyed corrections (accept, dismiss): the rule the anomaly was raised by. */
  readonly rule?: string;
}

/** Ids made of a position only ("r12", "r3b") say nothing about the row and are never used to find it again. */
const POSITIONAL = /^r\d+[a-z]?$/;

const compactLabel = (s: string): string => s.normalize('NFKC').replace(/\s+/g, '');

export function anchorOf(
  tables: readonly AnchorTable[],
  tableId: string,
  rowId: string,
  column: string,
): CellAnchor | undefined {
  const t = tables.find((x) => x.id === tableId);
  if (!t) return undefined;
  const nth = tables.filter((x) => x.type === t.type).indexOf(t);
  const ri = t.rows.findIndex((r) => r.id === rowId);
  const row = t.rows[ri];
  if (!row) return undefined;
  const label = compactLabel(row.label);
  const labelNth = t.rows
    .slice(0, ri)
    .filter((r) => compactLabel(r.label) === label && r.code === row.code).length;
  return {
    family: t.type,
    nth,
    title: t.title,
    ...(POSITIONAL.test(row.id) ? {} : { rowId: row.id }),
    ...(row.code !== undefined ? { code: row.code } : {}),
    label,
    labelNth,
    column,
  };
}

/** Where the anchor points in `tables`: table, row and column ids, or undefined when the cell is gone. */
export function resolveAnchor(
  tables: readonly AnchorTable[],
  a: CellAnchor,
  hasColumn: (table: AnchorTable, row: AnchorRow, column: string) => boolean,
): { table: string; row: string; column: string } | undefined {
  const same = tables.filter((t) => t.type === a.family);
  // The nth of the family first; when the count of that family changed, the one with the same title.
  const candidates = [
    same[a.nth],
    ...same.filter((t) => t.title === a.title),
    ...(same.length === 1 ? same : []),
  ];
  for (const t of candidates) {
    if (!t) continue;
    const row =
      (a.rowId !== undefined ? t.rows.find((r) => r.id === a.rowId) : undefined) ??
      (a.code !== undefined ? byCode(t.rows, a) : undefined) ??
      t.rows.filter((r) => compactLabel(r.label) === a.label && r.code === a.code)[a.labelNth];
    if (row && hasColumn(t, row, a.column)) return { table: t.id, row: row.id, column: a.column };
  }
  return undefined;
}

/** A coded row: the one with that code (and the same label when the code repeats). */
function byCode(rows: readonly AnchorRow[], a: CellAnchor): AnchorRow | undefined {
  const coded = rows.filter((r) => r.code === a.code);
  return coded.length === 1 ? coded[0] : coded.filter((r) => compactLabel(r.label) === a.label)[a.labelNth];
}

/** "支出决算表 / 合计 / total" for messages. */
export function describeAnchor(a: CellAnchor): string {
  return `${a.title || a.family} / ${a.code ? `${a.code} ` : ''}${a.label} / ${a.column}`;
}
