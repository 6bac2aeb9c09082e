import { existsSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';

type Scalar = string | number | boolean | null;

export interface ExportTable {
  /** Table name, [a-z_]+. */
  readonly name: string;
  readonly columns: readonly string[];
  /** SQLite column types (TEXT, INTEGER, REAL), one per column; untyped when omitted. */
  readonly types?: readonly ('TEXT' | 'INTEGER' | 'REAL')[];
  readonly rows: Iterable<readonly Scalar[]>;
}

/**
 * Write plain tables to a fresh SQLite file (the `--format sqlite` export). Lives in the store module
 * because only the store speaks SQL; the exporter decides the columns. Replaces an existing file.
 */
export function writeSqliteTables(path: string, tables: readonly ExportTable[]): number {
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(path + suffix)) rmSync(path + suffix);
  const db = new Database(path);
  let n = 0;
  try {
    db.transaction(() => {
      for (const t of tables) {
        if (!/^[a-z_]+$/.test(t.name)) throw new Error(`bad export table name ${t.name}`);
        const cols = t.columns.map(
          (c, i) => `"${c.replace(/"/g, '""')}"${t.types?.[i] ? ` ${t.types[i]}` : ''}`,
        );
        db.exec(`CREATE TABLE ${t.name} (${cols.join(', ')})`);
        const ins = db.prepare(`INSERT INTO ${t.name} VALUES (${t.columns.map(() => '?').join(', ')})`);
        for (const r of t.rows) {
          ins.run(...r.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v)));
          n++;
        }
      }
    })();
  } finally {
    db.close();
  }
  return n;
}
