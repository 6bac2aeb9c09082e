import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureIo } from '../../test/setup/cli-io.js';
import { openSqliteStore } from '../store/index.js';
import { sha256File } from '../util/hash.js';
import { exportCommand } from './export.js';
import { ingestCommand } from './ingest.js';
import { Progress } from './progress.js';
import { statusCommand } from './status.js';

/** Seed 004's nine 决算 tables as a text export, from the repository's samples/. */
const SAMPLE = join(import.meta.dirname, '..', '..', 'samples', '004-final-accounts-2023-tables.txt');
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tally-cli-'));
  mkdirSync(join(dir, 'in'));
  copyFileSync(SAMPLE, join(dir, 'in', 'zhuzhou.txt'));
  copyFileSync(SAMPLE, join(dir, 'in', 'zhuzhou-copy.txt'));
  writeFileSync(join(dir, 'in', 'broken.txt'), '');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('tally ingest / status / export', () => {
  it('ingests a folder with the real pipeline, summarises, and exits non-zero on a failed file', async () => {
    const io = captureIo(dir);
    const code = await ingestCommand.run(['in'], io);
    expect(code).toBe(1);
    expect(io.out()).toMatch(/processed 1, skipped \(already done\) 1, failed 1/);
    expect(io.out()).toMatch(/failed: .*broken\.txt: .*empty/);
    expect(io.out()).toMatch(/anomalies in processed documents: error \d+/);
    // Not a terminal: plain progress lines.
    expect(io.err()).toMatch(/files 3\/3 · /);
    expect(existsSync(join(dir, '.tally', 'tally.db'))).toBe(true);

    // Resumed: nothing is done twice.
    const again = captureIo(dir);
    await ingestCommand.run(['in'], again);
    expect(again.out()).toMatch(/processed 0, skipped \(already done\) 2, failed 1/);

    const st = captureIo(dir);
    expect(await statusCommand.run([], st)).toBe(0);
    expect(st.out()).toMatch(/documents: queued 0, processing 0, done 1, failed 1/);
    expect(st.out()).toMatch(/open anomalies: error \d+/);
    expect(st.out()).toMatch(/failed [0-9a-f]{12} .*broken\.txt/);
    const js = captureIo(dir);
    await statusCommand.run(['--json'], js);
    expect(JSON.parse(js.out())).toMatchObject({ documents: { done: 1, failed: 1 } });
  });

  it('exports the tidy table as csv, json, xlsx and sqlite with corrections applied and the audit trail', async () => {
    const storePath = join(dir, 'custom.db');
    await ingestCommand.run(['--store', storePath, join('in', 'zhuzhou.txt')], captureIo(dir));
    const sha = await sha256File(join(dir, 'in', 'zhuzhou.txt'));
    const store = openSqliteStore(storePath);
    const target = [...store.iterateCells({ sha256: sha })].find(
      (c) => c.value !== null && c.rowRole === 'data',
    );
    expect(target).toBeDefined();
    store.applyCorrection({
      sha256: sha,
      kind: 'edit',
      table: target!.tableId,
      row: target!.rowId,
      column: target!.columnKey,
      value: 424242,
      seen: target!.value,
      reason: '核对原件',
      reviewer: 'tester',
    });
    const total = [...store.iterateCells()].length;
    store.close();

    const env = { TALLY_STORE: storePath };
    const csvIo = captureIo(dir, env);
    expect(await exportCommand.run(['--format', 'csv'], csvIo)).toBe(0);
    const csv = csvIo.out();
    expect(csv.startsWith('\uFEFFsha256,path,department,year,table_id')).toBe(true);
    expect(csv.trim().split('\r\n')).toHaveLength(total + 1);
    const corrected = csv.split('\r\n').find((l) => l.includes(',424242,'));
    expect(corrected).toMatch(/,true,/);

    await exportCommand.run(['--format', 'csv', '--audit', '--out', 'x.csv'], captureIo(dir, env));
    expect(readFileSync(join(dir, 'x.audit.csv'), 'utf8')).toMatch(/核对原件,tester/);

    const jsonIo = captureIo(dir, env);
    await exportCommand.run(['--format', 'json', '--audit', '--table', target!.tableType], jsonIo);
    const json = JSON.parse(jsonIo.out()) as { cells: Record<string, unknown>[]; corrections: unknown[] };
    expect(json.cells.every((c) => c['table_type'] === target!.tableType)).toBe(true);
    expect(json.cells.find((c) => c['value'] === 424242)).toMatchObject({
      corrected: true,
      original_value: target!.value,
    });
    expect(json.corrections).toHaveLength(1);

    const none = captureIo(dir, env);
    await exportCommand.run(['--format', 'json', '--year', '1999'], none);
    expect((JSON.parse(none.out()) as { cells: unknown[] }).cells).toHaveLength(0);

    await exportCommand.run(['--format', 'sqlite', '--out', 'x.sqlite', '--audit'], captureIo(dir, env));
    const db = new Database(join(dir, 'x.sqlite'), { readonly: true });
    expect((db.prepare('SELECT COUNT(*) AS n FROM cells').get() as { n: number }).n).toBe(total);
    expect(db.prepare('SELECT value, corrected FROM cells WHERE value = 424242').get()).toEqual({
      value: 424242,
      corrected: 1,
    });
    expect((db.prepare('SELECT COUNT(*) AS n FROM corrections').get() as { n: number }).n).toBe(1);
    db.close();

    await exportCommand.run(['--format', 'xlsx', '--out', 'x.xlsx', '--audit'], captureIo(dir, env));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'x.xlsx'));
    const names = wb.worksheets.map((w) => w.name);
    expect(names[0]).toBe('cells');
    expect(names).toContain('审核记录');
    expect(names.length).toBeGreaterThan(3);
    expect(wb.getWorksheet('cells')?.rowCount).toBe(total + 1);
  });

  it('rejects bad options as usage errors (exit 2, the allowed values) and a missing input with one line', async () => {
    const bad = captureIo(dir);
    expect(await exportCommand.run(['--format', 'pdf'], bad)).toBe(2);
    expect(bad.err()).toMatch(
      /tally export: option '--format <f>' argument 'pdf' is invalid\. Allowed choices are csv, xlsx, json, sqlite/,
    );
    await expect(ingestCommand.run(['nowhere'], captureIo(dir))).rejects.toThrow(/nowhere: not found/);
  });

  it('on a terminal draws a cli-progress bar with the line; off a terminal, plain lines with an ETA from the rate', () => {
    let t = 0;
    let out = '';
    const sink = (isTTY: boolean) =>
      Object.assign(
        new Writable({
          write(chunk: Buffer, _e, cb) {
            out += chunk.toString();
            cb();
          },
        }),
        { isTTY, columns: 200 },
      );
    const processed = {
      kind: 'processed',
      path: 'a',
      sha256: 'x',
      pages: 3,
      status: 'ok',
      anomalies: { error: 0, warning: 0, info: 0 },
    } as const;
    const plain = new Progress({ stream: sink(false), total: 4, now: () => t, intervalMs: 0 });
    t = 1000;
    plain.add(processed);
    expect(out).toBe('files 1/4 · pages 3 · 1.0 files/s · 3.0 pages/s · elapsed 0:01 · ETA 0:03\n');
    plain.finish();

    out = '';
    t = 0;
    const bar = new Progress({ stream: sink(true), total: 4, now: () => t });
    t = 1000;
    bar.add(processed);
    bar.finish();
    expect(out).toMatch(/█+░+ 25% · files 1\/4 · pages 3 · .* · ETA 0:03/);
  });

  it('moves with page events inside a file: the ETA comes from pages done, not only from finished files', () => {
    let t = 0;
    let out = '';
    const stream = new Writable({
      write(chunk: Buffer, _e, cb) {
        out += chunk.toString();
        cb();
      },
    });
    // One 40-page OCR file: 10 pages in 20 s is a quarter of the work, so 60 s remain.
    const p = new Progress({ stream, total: 1, now: () => t, intervalMs: 5000 });
    for (let page = 1; page <= 10; page++) {
      t = page * 2000;
      p.page({ path: 'scan.pdf', page, pages: 40 });
    }
    const lines = out.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(3); // alive during the file, not only when it ends
    expect(lines.at(-1)).toMatch(/^files 0\/1 · pages 9 · .* · elapsed 0:18 · ETA 1:02$/);
    expect(p.line()).toBe('files 0/1 · pages 10 · 0.0 files/s · 0.5 pages/s · elapsed 0:20 · ETA 1:00');
    p.finish();
  });

  it('a scan read, then recognised: the page count never goes back and recognition moves the bar', () => {
    let t = 0;
    const stream = new Writable({ write: (_c: Buffer, _e, cb) => cb() });
    const p = new Progress({ stream, total: 1, now: () => t, intervalMs: 5000 });
    for (let page = 1; page <= 4; page++) p.page({ path: 'scan.pdf', page, pages: 4, stage: 'read' });
    t = 1000;
    const afterRead = p.line();
    expect(afterRead).toMatch(/pages 4 /);
    p.page({ path: 'scan.pdf', page: 1, pages: 4, stage: 'ocr' });
    t = 11_000;
    const during = p.line();
    expect(during).toMatch(/pages 4 /);
    // A quarter recognised after 11 s: most of the file is still to do, and the ETA says so.
    const eta = /ETA (\d+):(\d+)/.exec(during);
    expect(Number(eta?.[1]) * 60 + Number(eta?.[2])).toBeGreaterThan(20);
    p.finish();
  });
});
