import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleResult } from '../../test/store/fixtures.js';
import { REPO_ROOT } from '../../test/support/shared.js';
import { InternalError, type ExtractionResult } from '../model/index.js';
import { extractBytes, extractFile } from '../pipeline/index.js';
import { openSqliteStore } from './sqlite-store.js';
import type { Store } from './store.js';

let dir: string;
let store: Store;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tally-store-checks-'));
  store = openSqliteStore(join(dir, 'tally.db'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** sampleResult with its first cell's value replaced. */
function withValue(seed: string, value: number): ExtractionResult {
  const r = sampleResult({ seed });
  const row = r.tables[0]?.rows[0];
  const key = Object.keys(row?.cells ?? {})[0];
  if (!row || key === undefined) throw new Error('fixture has no cell');
  const cell = row.cells[key];
  if (cell) cell.value = value;
  return r;
}

describe('the store checks a result before saving it', () => {
  it('refuses a result holding Infinity, with the reason, and writes nothing', () => {
    const bad = withValue('bad', Infinity);
    store.registerDocument({ sha256: bad.source.sha256, path: bad.source.path, bytes: 1 });
    expect(() => store.saveResult(bad)).toThrow(InternalError);
    expect(() => store.saveResult(bad)).toThrow(
      /breaks the schema, not saved: tables\.0\.rows\.0\.cells\.\w+\.value/,
    );
    expect(store.getDocument(bad.source.sha256)?.status).toBe('queued');
    expect(store.getResult(bad.source.sha256)).toBeUndefined();
    expect([...store.iterateCells()]).toEqual([]);
    // NaN is refused the same way.
    expect(() => store.saveResult(withValue('nan', NaN))).toThrow(/breaks the schema/);
  });

  it('refuses two anomalies with one id instead of keeping one of them', () => {
    const r = sampleResult();
    const a = r.anomalies[0];
    if (!a) throw new Error('fixture has no anomaly');
    r.anomalies.push({ ...a, message: '另一条' }, { ...a, message: '第三条' });
    expect(() => store.saveResult(r)).toThrow(/has 3 anomalies with the id column_sum:t0:total:total/);
    expect(store.listAnomalies(r.source.sha256)).toEqual([]);
    store.saveResult(sampleResult());
    expect(() => store.replaceAnomalies(r.source.sha256, [a, a])).toThrow(/two anomalies with the id/);
    expect(store.listAnomalies(r.source.sha256)).toHaveLength(1);
  });

  it('still exports every other document when one stored by an older tally breaks the schema', () => {
    const good = sampleResult({ seed: 'good' });
    const old = sampleResult({ seed: 'old' });
    store.saveResult(good);
    store.saveResult(old);
    const before = [...store.iterateCells()].length;
    // What an older tally wrote for a 400-digit figure: Infinity became null in the JSON.
    const db = new Database(store.location);
    const row = db.prepare('SELECT json FROM anomalies WHERE sha256 = ?').get(old.source.sha256) as {
      json: string;
    };
    const json = JSON.parse(row.json) as Record<string, unknown>;
    db.prepare('UPDATE anomalies SET json = ? WHERE sha256 = ?').run(
      JSON.stringify({ ...json, expected: null, difference: null }),
      old.source.sha256,
    );
    db.close();
    const cells = [...store.iterateCells()];
    expect(cells).toHaveLength(before);
    expect(store.getResult(good.source.sha256)).toBeDefined();
    expect(
      cells.filter((c) => c.sha256 === old.source.sha256 && c.anomalyRules.includes('column_sum')).length,
    ).toBeGreaterThan(0);
  });

  it('stores a 400-digit figure as text with a parse_error, never as Infinity', async () => {
    const huge = '9'.repeat(400);
    const text = [
      '2023年度产业发展局部门决算',
      '支出决算表',
      '单位：万元',
      '功能分类科目编码\t科目名称\t本年支出合计\t基本支出\t项目支出',
      `201\t一般公共服务支出\t${huge}\t10\t20`,
      '208\t社会保障和就业支出\t21\t21\t0',
      `\t合计\t51\t31\t20`,
    ].join('\n');
    const result = await extractBytes('/in/huge.txt', new TextEncoder().encode(text));
    expect(JSON.stringify(result)).not.toMatch(/Infinity|e\+\d{3}/);
    const cell = result.tables
      .flatMap((t) => t.rows.flatMap((r) => Object.values(r.cells)))
      .find((c) => c.raw.includes(huge));
    expect(cell).toMatchObject({ value: null, raw: huge });
    const anomaly = result.anomalies.find((a) => a.rule === 'parse_error' && a.found === huge);
    expect(anomaly?.severity).toBe('warning');
    expect(anomaly?.message).toContain('不是数字');
    store.saveResult(result);
    expect(store.getResult(result.source.sha256)?.anomalies).toHaveLength(result.anomalies.length);
    expect([...store.iterateCells()].some((c) => c.raw === huge && c.value === null)).toBe(true);
  });
});

const SAMPLES = join(REPO_ROOT, 'samples');
const sampleFiles = [
  ...readdirSync(SAMPLES, { withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.endsWith('.md'))
    .map((e) => join(SAMPLES, e.name)),
  ...readdirSync(join(SAMPLES, 'scanned'))
    .filter((n) => !n.endsWith('.json'))
    .map((n) => join(SAMPLES, 'scanned', n)),
];

describe('every anomaly of every sample is stored', () => {
  it.each(sampleFiles.map((f) => [f.slice(SAMPLES.length + 1), f]))(
    '%s',
    async (_name, file) => {
      // Scans are read with OCR off here: OCR costs minutes and the store's keying does not depend on it.
      const result = await extractFile(file, file.includes('/scanned/') ? { ocr: 'off' } : {});
      store.saveResult(result);
      const stored = store.listAnomalies(result.source.sha256);
      expect(stored.map((s) => s.anomaly.id).sort()).toEqual(result.anomalies.map((a) => a.id).sort());
      expect(store.getResult(result.source.sha256)?.anomalies).toHaveLength(result.anomalies.length);
    },
    120_000,
  );
});
