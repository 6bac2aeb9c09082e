import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { pipeline } from 'node:stream/promises';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import {
  AUDIT_COLUMNS,
  PANEL_COLUMNS,
  PANEL_UNITS,
  TIDY_COLUMNS,
  panelRecords,
  panelRow,
  writePanelXlsx,
  type PanelUnit,
  auditRecord,
  tidyRecord,
  writeCsv,
  writeXlsx,
} from '../export/index.js';
import { BadInputError, TableType } from '../model/index.js';
import {
  writeSqliteTables,
  type CellFilter,
  type ExportTable,
  type Store,
  type TidyCell,
} from '../store/index.js';
import { Option, command, openExistingStore, parseCommand, storeOption, wholeNumber } from './args.js';
import type { CliIo, Command } from './command.js';

const FORMATS = ['csv', 'xlsx', 'json', 'sqlite'] as const;
type Format = (typeof FORMATS)[number];

const HELP = `Export every value of the done documents as a tidy long table (one row per cell), corrections applied:
document, path, department, year, table, row code/label, column key/label, value (corrected when a
reviewer corrected it, with the original and a 'corrected' flag), raw text, unit, anomaly rules and
severities on that cell, and provenance (page, bbox in PDF points, text line, source cell).
XLSX adds one wide sheet per table family. --out - writes any format to stdout.
The store must exist (a mistyped --store is an error, not an empty export).

--panel exports the panel instead: department (identity across years) × year × family × row × column, value
cells only (行次/栏次/序号 are not values), amounts in --unit with the printed figure and unit beside them; XLSX
adds a wide sheet per family with years side by side (JSON Schema: docs/panel-export.schema.json).`;

interface ExportOptions {
  format: Format;
  out?: string;
  year?: number;
  department?: string;
  table?: TableType;
  audit?: boolean;
  panel?: boolean;
  unit: PanelUnit;
  store?: string;
}

const define = () =>
  command('export', 'export values (corrections applied) as csv, xlsx, json or sqlite', HELP)
    .addOption(new Option('--format <f>', 'output format').choices(FORMATS).default('csv'))
    .option(
      '--out <path>',
      'output file, - for stdout (csv/json default to stdout; xlsx/sqlite to tally-export.<ext>)',
    )
    .option('--year <yyyy>', 'only documents of this fiscal year', wholeNumber)
    .option('--department <s>', 'only departments whose name contains s')
    .addOption(
      new Option('--table <type>', 'only tables of this family (e.g. expenditure, three_public)').choices(
        TableType.options,
      ),
    )
    .option('--audit', 'add the corrections trail (csv: a second file <out>.audit.csv)')
    .option('--panel', 'the panel: department × year × family × row × column (see below)')
    .addOption(new Option('--unit <u>', 'unit of panel amounts').choices(PANEL_UNITS).default('wan_yuan'))
    .addOption(storeOption());

/** Copy a finished file to stdout (xlsx and sqlite are written to a file first: neither streams). */
async function copyToStdout(path: string, out: NodeJS.WritableStream): Promise<void> {
  await pipeline(createReadStream(path), out, { end: false });
}

function* rows(cells: Iterable<TidyCell>): Generator<(string | number | boolean | null)[]> {
  for (const c of cells) yield TIDY_COLUMNS.map((col) => col.get(c));
}

async function closeStream(out: NodeJS.WritableStream): Promise<void> {
  out.end();
  await once(out, 'finish');
}

async function writeJson(
  out: NodeJS.WritableStream,
  store: Store,
  filter: CellFilter,
  audit: boolean,
): Promise<number> {
  let n = 0;
  const write = async (s: string): Promise<void> => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write(
    `{"format":"tally-tidy/1","columns":${JSON.stringify(TIDY_COLUMNS.map((c) => c.key))},"cells":[`,
  );
  for (const c of store.iterateCells(filter)) {
    await write(`${n === 0 ? '\n' : ',\n'}${JSON.stringify(tidyRecord(c))}`);
    n++;
  }
  await write('\n]');
  if (audit)
    await write(
      `,"corrections":${JSON.stringify(store.listCorrections({ includeUndone: true }).map(auditRecord))}`,
    );
  await write('}\n');
  return n;
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'export values (corrections applied) as csv, xlsx, json or sqlite',
  async run(argv, io: CliIo): Promise<number> {
    const p = parseCommand<ExportOptions>(define(), argv, io);
    if ('exit' in p) return p.exit;
    const values = p.opts;
    const format = values.format;
    const year = values.year;
    const tableType = values.table;
    const filter: CellFilter = {
      ...(year !== undefined ? { year } : {}),
      ...(values.department !== undefined ? { department: values.department } : {}),
      ...(tableType !== undefined ? { tableType } : {}),
    };
    const audit = values.audit === true;
    const toStdout = values.out === '-';
    const outPath = values.out !== undefined && !toStdout ? resolve(io.cwd, values.out) : undefined;
    if (audit && format === 'csv' && outPath === undefined) {
      throw new BadInputError('export: --audit with csv writes a second file; give --out <path>');
    }
    const store = openExistingStore(values.store, io);
    try {
      if (values.panel === true)
        return await exportPanel(store, filter, format, values.unit, audit, outPath, io);
      let n: number;
      if (format === 'xlsx' || format === 'sqlite') {
        const ext = format === 'xlsx' ? 'xlsx' : 'sqlite';
        const tmpDir = toStdout ? await mkdtemp(join(tmpdir(), 'tally-export-')) : undefined;
        const path = tmpDir
          ? join(tmpDir, `export.${ext}`)
          : (outPath ?? resolve(io.cwd, `tally-export.${ext}`));
        const trail = audit ? store.listCorrections({ includeUndone: true }) : undefined;
        if (format === 'xlsx') n = await writeXlsx(path, store.iterateCells(filter), trail);
        else {
          const tables: ExportTable[] = [
            {
              name: 'cells',
              columns: TIDY_COLUMNS.map((c) => c.key),
              rows: rows(store.iterateCells(filter)),
            },
          ];
          if (trail)
            tables.push({
              name: 'corrections',
              columns: AUDIT_COLUMNS.map((c) => c.key),
              rows: trail.map((c) => AUDIT_COLUMNS.map((col) => col.get(c))),
            });
          n = writeSqliteTables(path, tables) - (trail?.length ?? 0);
        }
        if (tmpDir) {
          try {
            await copyToStdout(path, io.stdout);
          } finally {
            await rm(tmpDir, { recursive: true, force: true });
          }
        } else io.stderr.write(`tally: wrote ${n} values to ${path}\n`);
        return 0;
      }
      const out: NodeJS.WritableStream = outPath ? createWriteStream(outPath) : io.stdout;
      n =
        format === 'json'
          ? await writeJson(out, store, filter, audit)
          : await writeCsv(
              out,
              TIDY_COLUMNS.map((c) => c.key),
              rows(store.iterateCells(filter)),
            );
      if (outPath) await closeStream(out);
      if (audit && format === 'csv' && outPath) {
        const auditPath = outPath.replace(/\.csv$/i, '') + '.audit.csv';
        const a = createWriteStream(auditPath);
        await writeCsv(
          a,
          AUDIT_COLUMNS.map((c) => c.key),
          store.listCorrections({ includeUndone: true }).map((c) => AUDIT_COLUMNS.map((col) => col.get(c))),
        );
        await closeStream(a);
      }
      if (outPath) io.stderr.write(`tally: wrote ${n} values to ${outPath}\n`);
      return 0;
    } finally {
      store.close();
    }
  },
};

/** `--panel`: the panel in the chosen format (the corrections trail beside it with --audit: a sheet, a table, a key or a file). */
async function exportPanel(
  store: Store,
  filter: CellFilter,
  format: Format,
  unit: PanelUnit,
  audit: boolean,
  outPath: string | undefined,
  io: CliIo,
): Promise<number> {
  const records = () => panelRecords(store.iterateCells(filter), unit);
  const trail = audit ? store.listCorrections({ includeUndone: true }) : undefined;
  let n = 0;
  if (format === 'xlsx' || format === 'sqlite') {
    const path = outPath ?? resolve(io.cwd, `tally-panel.${format}`);
    if (format === 'xlsx') n = await writePanelXlsx(path, records(), trail);
    else {
      const tables: ExportTable[] = [
        {
          name: 'panel',
          columns: PANEL_COLUMNS.map((c) => c.key),
          types: PANEL_COLUMNS.map((c) => c.type),
          rows: (function* () {
            for (const r of records()) {
              n++;
              yield panelRow(r);
            }
          })(),
        },
      ];
      if (trail)
        tables.push({
          name: 'corrections',
          columns: AUDIT_COLUMNS.map((c) => c.key),
          rows: trail.map((c) => AUDIT_COLUMNS.map((col) => col.get(c))),
        });
      writeSqliteTables(path, tables);
    }
    io.stderr.write(`tally: wrote ${n} panel values to ${path}\n`);
    return 0;
  }
  if (audit && format === 'csv' && outPath === undefined) {
    throw new BadInputError('export: --audit with csv writes a second file; give --out <path>');
  }
  const out: NodeJS.WritableStream = outPath ? createWriteStream(outPath) : io.stdout;
  if (format === 'json') {
    const write = async (s: string): Promise<void> => {
      if (!out.write(s)) await once(out, 'drain');
    };
    await write(
      `{"format":"tally-panel/1","unit":${JSON.stringify(unit === 'yuan' ? '元' : '万元')},"columns":${JSON.stringify(PANEL_COLUMNS.map((c) => c.key))},"records":[`,
    );
    for (const r of records()) await write(`${n++ === 0 ? '\n' : ',\n'}${JSON.stringify(r)}`);
    await write('\n]');
    if (trail) await write(`,"corrections":${JSON.stringify(trail.map(auditRecord))}`);
    await write('}\n');
  } else {
    n = await writeCsv(
      out,
      PANEL_COLUMNS.map((c) => c.key),
      (function* () {
        for (const r of records()) yield panelRow(r);
      })(),
    );
  }
  if (outPath) await closeStream(out);
  if (trail && format === 'csv' && outPath) {
    const a = createWriteStream(outPath.replace(/\.csv$/i, '') + '.audit.csv');
    await writeCsv(
      a,
      AUDIT_COLUMNS.map((c) => c.key),
      trail.map((c) => AUDIT_COLUMNS.map((col) => col.get(c))),
    );
    await closeStream(a);
  }
  if (outPath) io.stderr.write(`tally: wrote ${n} panel values to ${outPath}\n`);
  return 0;
}
