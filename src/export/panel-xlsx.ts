import ExcelJS from 'exceljs';
import type { Correction } from '../store/index.js';
import { PANEL_COLUMNS, panelRow, wideSheets, type PanelRecord } from './panel.js';
import { AUDIT_COLUMNS } from './tidy.js';

const NUM_FMT = '#,##0.00';
/** Characters Excel refuses in sheet names. */
const BAD_SHEET = /[[\]:*?/\\]/g;

/**
 * The panel as analysts open it: sheet 面板 (the tidy long table, Chinese headers), then one wide sheet per
 * family with years side by side; every sheet with a frozen, filtered header, column widths and number
 * formats. Streaming writer for the long sheet; the wide sheets are gathered in memory (values only). With
 * `audit`, a last sheet 审核记录: the corrections trail, undone and orphaned ones included.
 */
export async function writePanelXlsx(
  path: string,
  records: Iterable<PanelRecord>,
  audit?: readonly Correction[],
): Promise<number> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useStyles: true,
    useSharedStrings: true,
  });
  const sheet = (name: string, widths: readonly number[], formats: readonly (string | undefined)[]) => {
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = widths.map((width, i) => ({
      width,
      ...(formats[i] ? { style: { numFmt: formats[i] } } : {}),
    }));
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: widths.length } };
    return ws;
  };
  const long = sheet(
    '面板',
    PANEL_COLUMNS.map((c) => c.width),
    PANEL_COLUMNS.map((c) => c.numFmt),
  );
  const header = long.addRow(PANEL_COLUMNS.map((c) => c.header));
  header.font = { bold: true };
  header.commit();
  const kept: PanelRecord[] = [];
  let n = 0;
  for (const r of records) {
    long.addRow(panelRow(r)).commit();
    kept.push(r);
    n++;
  }
  long.commit();
  const used = new Set(['面板']);
  for (const w of wideSheets(kept)) {
    let name = w.name.replace(BAD_SHEET, '').slice(0, 31);
    for (let i = 2; used.has(name); i++) name = `${w.name.replace(BAD_SHEET, '').slice(0, 28)}_${i}`;
    used.add(name);
    const numeric = new Set(w.numeric);
    const ws = sheet(
      name,
      w.header.map((h, i) =>
        i === 0 ? 28 : i === 2 ? 30 : numeric.has(i) ? Math.max(12, Math.min(30, h.length * 2)) : 10,
      ),
      w.header.map((_, i) => (numeric.has(i) ? NUM_FMT : undefined)),
    );
    const h = ws.addRow([...w.header]);
    h.font = { bold: true };
    h.commit();
    for (const row of w.rows) ws.addRow(row).commit();
    ws.commit();
  }
  if (audit) {
    const ws = sheet(
      '审核记录',
      AUDIT_COLUMNS.map((c) =>
        c.key === 'sha256' || c.key === 'anomaly_id' || c.key === 'reason' ? 30 : 14,
      ),
      AUDIT_COLUMNS.map(() => undefined),
    );
    const h = ws.addRow(AUDIT_COLUMNS.map((c) => c.header));
    h.font = { bold: true };
    h.commit();
    for (const c of audit) ws.addRow(AUDIT_COLUMNS.map((col) => col.get(c))).commit();
    ws.commit();
  }
  await wb.commit();
  return n;
}
