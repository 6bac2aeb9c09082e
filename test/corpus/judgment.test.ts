/**
 * Faults the judgment bench (bench/judgment) planted and tally missed or misjudged, replayed on the corpus document
 * they were planted in: the pipeline after the reader, OCR off, on the reader's spans with the fault written in.
 * Skips when ../shared/corpus is absent.
 */
import { describe, expect, it } from 'vitest';
import type { ExtractedDocument, ExtractionResult, TextSpan } from '../../src/model/index.js';
import { CORPUS_DOCS } from '../../bench/judgment/corpus.js';
import { editSpans } from '../../bench/judgment/plants.js';
import { loadDoc, runPipeline, type LoadedDoc } from '../../bench/judgment/run.js';
import { hasShared } from '../support/shared.js';

const YANTAI = 'more/yantai/2026年烟台市自然资源和规划局部门预算.pdf';
const SHANGHAI = 'more/shanghai/2026年上海市人力资源和社会保障局_部门预算.pdf';

async function load(path: string): Promise<LoadedDoc> {
  const doc = CORPUS_DOCS.find((d) => d.path === path);
  if (!doc) throw new Error(`not in the corpus list: ${path}`);
  return loadDoc(doc);
}

/** The spans of a page printed on the line of the span whose text is `label`, left to right. */
function lineOf(read: ExtractedDocument, page: number, label: RegExp, nth = 0): TextSpan[] {
  const spans = read.pages.find((p) => p.number === page)?.spans ?? [];
  const anchor = spans.filter((s) => label.test(s.text.trim()))[nth];
  if (!anchor) throw new Error(`no ${String(label)} on p${page}`);
  const mid = (anchor.bbox.y0 + anchor.bbox.y1) / 2;
  return spans.filter((s) => s.bbox.y0 <= mid && s.bbox.y1 >= mid).sort((a, b) => a.bbox.x0 - b.bbox.x0);
}

const errors = (r: ExtractionResult) => r.anomalies.filter((a) => a.severity === 'error');

describe.skipIf(!hasShared(['corpus', ...YANTAI.split('/')]))('烟台 一般公共预算基本支出情况表', () => {
  it('is checked: 合计 = Σ 类, 类 = Σ 款, 小计 = 人员支出 + 日常公用支出, and a changed 小计 is an error', async () => {
    const loaded = await load(YANTAI);
    const base = await runPipeline(loaded);
    expect(errors(base)).toEqual([]);
    // p21: 303 对个人和家庭补助 | 509 对个人和家庭的补助 | 552.84 | 552.84; the 小计's decimal point moved.
    const figures = lineOf(loaded.read, 21, /^对个人和家庭补助$/).filter((s) => s.text.trim() === '552.84');
    expect(figures).toHaveLength(2);
    const changed = editSpans(loaded.read, 21, (s) => (s === figures[0] ? { ...s, text: '55.28' } : s));
    const found = errors(await runPipeline(loaded, changed));
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]).toMatchObject({ found: 55.28, expected: 552.84 });
  });

  it('so a row with its figures removed is an error', async () => {
    const loaded = await load(YANTAI);
    // p20: 302 27 委托业务费 | 502 05 委托业务费 | 30.00 | 30.00, the first 委托业务费 row of the table.
    const figures = lineOf(loaded.read, 20, /^委托业务费$/).filter((s) => s.text.trim() === '30.00');
    expect(figures).toHaveLength(2);
    const blanked = editSpans(loaded.read, 20, (s) => (figures.includes(s) ? null : s));
    const found = errors(await runPipeline(loaded, blanked));
    expect(
      found.some((a) => a.rule === 'hierarchy_sum' && Math.abs(Number(a.expected) - 338.74) < 1e-6),
    ).toBe(true);
  });
});

describe.skipIf(!hasShared(['corpus', ...SHANGHAI.split('/')]))(
  '上海 人社局, figures in 元 as 120258,600',
  () => {
    it('are read, not reported as parse errors, and its tables add up', async () => {
      const r = await runPipeline(await load(SHANGHAI));
      expect(r.anomalies.filter((a) => a.rule === 'parse_error')).toEqual([]);
      const summary = r.tables.find((t) => t.type === 'budget_summary');
      expect(summary?.rows.find((x) => x.id === 'income:grand_total')?.cells['amount']?.value).toBe(
        128138600,
      );
      expect(r.anomalies.filter((a) => a.severity !== 'info')).toEqual([]);
    });
  },
);

const XIAN = 'more/xian/应急管理局_2026年部门预算.pdf';

describe.skipIf(!hasShared(['corpus', ...XIAN.split('/')]))('西安 应急管理局 收支总表', () => {
  it('is checked by 支出用途, and its 支出总计 (not 本年支出合计) is the 支出总表 合计 by source of funds', async () => {
    const r = await runPipeline(await load(XIAN));
    const summary = r.tables.find((t) => t.type === 'budget_summary')!;
    expect(r.anomalies.filter((a) => a.table === summary.id && a.severity !== 'info')).toEqual([]);
    const items = summary.rows.filter((x) => x.section === 'expenditure_use' && x.label.startsWith('('));
    expect(items.length).toBeGreaterThan(10);
    expect(items.every((x) => x.parent !== undefined)).toBe(true);
    expect(errors(r)).toEqual([]);
  });
});
