/**
 * The real Chinese PDFs need no labels: their arithmetic is the ground truth. Per document: which families were
 * found, the share of row identities that hold (within rounding), and the share of 合计 rows equal to the sum of
 * their rows (within rounding).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FINAL_ACCOUNT_TABLES, type TableType } from '../../src/model/index.js';
import { extractFile } from '../../src/pipeline/index.js';
import { collectIdentities, evaluate } from '../../src/validate/index.js';
import { CORPUS_DIR } from '../../test/support/shared.js';

export const CORPUS = CORPUS_DIR;

export const FINAL_ACCOUNTS = FINAL_ACCOUNT_TABLES;

export interface ArithmeticFigures {
  readonly file: string;
  readonly pages: number;
  readonly kind: string;
  readonly families: readonly TableType[];
  readonly missingFinal: readonly TableType[];
  readonly unknownTables: number;
  readonly rowIdentities: { holds: number; total: number };
  readonly sums: { holds: number; total: number };
  readonly crossTable: { holds: number; total: number };
  /** Rows that carry at least one figure (0 for a blank template). */
  readonly dataRows: number;
  readonly errors: number;
}

export function corpusPdfs(): string[] {
  const out: string[] = [];
  for (const dir of ['decision', 'budget-jiangsu']) {
    const d = join(CORPUS, dir);
    if (!existsSync(d)) continue;
    for (const f of readdirSync(d).sort()) if (f.endsWith('.pdf')) out.push(join(d, f));
  }
  return out;
}

export async function arithmeticOf(file: string): Promise<ArithmeticFigures> {
  const r = await extractFile(file, { ocr: 'off' });
  const identities = collectIdentities(r.tables);
  const tally = (rules: readonly string[]): { holds: number; total: number } => {
    let holds = 0;
    let total = 0;
    for (const i of identities.filter((x) => rules.includes(x.rule))) {
      const e = evaluate(i);
      if (!e) continue;
      total++;
      if (e.state !== 'fails') holds++;
    }
    return { holds, total };
  };
  const families = [...new Set(r.tables.map((t) => t.type))].filter(
    (t): t is Exclude<TableType, 'unknown'> => t !== 'unknown',
  );
  return {
    file,
    pages: r.source.pages ?? 0,
    kind: r.meta.kind,
    families,
    missingFinal:
      r.meta.kind === 'final_accounts'
        ? FINAL_ACCOUNTS.filter((f) => !(families as readonly TableType[]).includes(f))
        : [],
    unknownTables: r.tables.filter((t) => t.type === 'unknown').length,
    rowIdentities: tally(['row_identity']),
    sums: tally(['column_sum', 'hierarchy_sum']),
    crossTable: tally(['cross_table']),
    dataRows: r.tables.flatMap((t) => {
      const amounts = new Set(t.columns.filter((c) => c.kind === 'amount').map((c) => c.key));
      return t.rows.filter((row) =>
        Object.entries(row.cells).some(([k, c]) => amounts.has(k) && c.value !== null && c.value !== 0),
      );
    }).length,
    errors: r.anomalies.filter((a) => a.severity === 'error').length,
  };
}
