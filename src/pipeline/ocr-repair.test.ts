import { afterAll, describe, expect, it, vi } from 'vitest';
import type { BBox, Block, Page, TextSpan } from '../model/index.js';
import { normalizeDocument } from '../normalize/index.js';
import { ocrVariants } from '../readers/ocr/confusions.js';
import { validateDocument } from '../validate/index.js';
import { titled } from '../../test/support/grids.js';
import { closeOcr } from '../readers/ocr/index.js';
import { extractFile } from './extract.js';
import { blocksOnScannedPages } from './scan-coordinates.js';
import { reviewOcrNumbers, type CellRereader } from './ocr-repair.js';

const PAGE: Page = {
  number: 1,
  width: 900,
  height: 400,
  spans: [],
  lines: [],
  rects: [],
  ocr: { needed: true },
};

/** Where the pipeline puts a levelled box once the tables are built. */
function onScan(box: BBox, deskew: NonNullable<Page['deskew']>): BBox {
  const [mapped] = blocksOnScannedPages(
    [{ kind: 'text', text: '', source: { page: 1, bbox: box } }],
    [{ ...PAGE, deskew }],
  );
  return mapped?.kind === 'text' && mapped.source.bbox ? mapped.source.bbox : box;
}

const boxOf = (row: number, col: number): BBox => ({
  x0: 100 * col + 5,
  y0: 20 * row + 5,
  x1: 100 * col + 95,
  y1: 20 * row + 20,
});

/**
 * A table as the OCR stage leaves it: every cell placed on page 1, and the page holding one OCR word per
 * non-empty cell (origin "ocr", or "native" for a text layer), with the given confidences.
 */
function scanned(
  blocks: Block[],
  origin: 'ocr' | 'native',
  confidence: Record<string, number> = {},
  deskew?: Page['deskew'],
) {
  const spans: TextSpan[] = [];
  const placed = blocks.map((b) => {
    if (b.kind !== 'grid') return b;
    const cells = b.grid.cells.map((c) => {
      const levelled = boxOf(c.row, c.col);
      // Spans stay on the levelled page; cell boxes go back onto the scan, as the pipeline does.
      const bbox = deskew ? onScan(levelled, deskew) : levelled;
      if (c.text !== '')
        spans.push({
          text: c.text,
          page: 1,
          bbox: { x0: levelled.x0 + 2, y0: levelled.y0 + 2, x1: levelled.x1 - 2, y1: levelled.y1 - 2 },
          fontSize: 10,
          confidence: origin === 'ocr' ? (confidence[c.text] ?? 0.9) : 1,
          origin,
        });
      return { ...c, source: { page: 1, bbox } };
    });
    return { ...b, grid: { ...b.grid, cells } };
  });
  const doc = normalizeDocument({ blocks: placed });
  const page: Page = { ...PAGE, spans, ocr: { needed: origin === 'ocr' }, ...(deskew ? { deskew } : {}) };
  return { tables: doc.tables, anomalies: validateDocument(doc), pages: [page] };
}

/** 302 = 30201 + 30202, with 30202 printed 4.33 and read 4133: the arithmetic alone cannot tell 302 from 30202. */
const BASIC = titled('一般公共预算财政拨款基本支出决算明细表', [
  ['经济分类科目编码', '科目名称', '决算数', '经济分类科目编码', '科目名称', '决算数'],
  ['302', '商品和服务支出', '9.33', '301', '工资福利支出', '1.00'],
  ['30201', '办公费', '5.00', '30101', '基本工资', '1.00'],
  ['30202', '印刷费', '4133', '', '', ''],
]);

const EXPENDITURE = titled('支出决算表', [
  ['项目', '', '本年支出合计', '基本支出', '项目支出', '上缴上级支出', '经营支出', '对附属单位补助支出'],
  ['功能分类科目编码', '科目名称', '', '', '', '', '', ''],
  ['', '合计', '29.39', '27.37', '2.02', '0', '0', '0'],
  ['2010401', '行政运行', '10.00', '10.00', '0', '0', '0', '0'],
  ['2159999', '其他资源勘探工业信息等支出', '19.39', '17237', '2.02', '0', '0', '0'],
]);

describe('reviewOcrNumbers', () => {
  it('suggests the OCR reading the identities support where the arithmetic alone has no unique repair', async () => {
    const input = scanned(BASIC, 'ocr', { '4133': 0.61 });
    const before = input.anomalies.find((a) => a.id === 'hierarchy_sum:t0:c302:amount');
    expect(before?.suggestion).toBeUndefined();

    const out = await reviewOcrNumbers({ ...input, variants: ocrVariants });
    const a = out.anomalies.find((x) => x.id === 'hierarchy_sum:t0:c302:amount');
    expect(a?.suggestion).toMatchObject({
      table: 't0',
      row: 'c30202',
      column: 'amount',
      value: 4.33,
      derivation: 'OCR 复核：4.33（原识别 4133）',
    });
    expect(a?.suggestion?.restores).toContain('hierarchy_sum:t0:c302:amount');
    expect(a?.message).toContain('建议将“30202 印刷费·决算数”由 4133 改为 4.33');
    // A suggestion, never an overwrite: the cell keeps what OCR read, and now says how sure OCR was.
    const cell = out.tables[0]?.rows.find((r) => r.id === 'c30202')?.cells.amount;
    expect(cell).toMatchObject({ raw: '4133', value: 4133, ocrConfidence: 0.61 });
  });

  it("finds a cell's OCR words on a tilted scan, where cell boxes are on the scan and words on the levelled page", async () => {
    const input = scanned(BASIC, 'ocr', { '4133': 0.61 }, { angleDeg: 3, cx: 0, cy: 0 });
    const out = await reviewOcrNumbers({ ...input, variants: ocrVariants });
    expect(out.tables[0]?.rows.find((r) => r.id === 'c30202')?.cells.amount?.ocrConfidence).toBe(0.61);
    expect(out.tables[0]?.rows.find((r) => r.id === 'c302')?.cells.amount?.ocrConfidence).toBe(0.9);
  });

  it('leaves documents without OCR text as they were', async () => {
    const input = scanned(BASIC, 'native');
    const out = await reviewOcrNumbers({ ...input, variants: ocrVariants });
    expect(out.tables).toEqual(input.tables);
    expect(out.anomalies).toEqual(input.anomalies);
    expect(out.reviewed).toBe(0);
  });

  it('keeps the unique arithmetic repair and says when the OCR reading agrees with it', async () => {
    const input = scanned(EXPENDITURE, 'ocr');
    const arithmetic = input.anomalies.find((a) => a.id === 'row_identity:t0:c2159999:total')?.suggestion;
    expect(arithmetic).toMatchObject({ value: 17.37, derivation: '19.39 − 2.02' });

    const out = await reviewOcrNumbers({ ...input, variants: ocrVariants });
    const a = out.anomalies.find((x) => x.id === 'row_identity:t0:c2159999:total');
    expect(a?.suggestion).toMatchObject({ row: 'c2159999', column: 'basic', value: 17.37 });
    expect(a?.suggestion?.derivation).toBe('19.39 − 2.02；OCR 复核：17.37（原识别 17237），与算术推导一致');
    expect(a?.message).toContain('与算术推导一致');
  });

  it('re-reads the cell crop and ranks its reading with the variants', async () => {
    // 4.33 read as 4.88: two digits wrong, which no single confusion variant undoes; the crop alone reads right.
    const blocks = titled('一般公共预算财政拨款基本支出决算明细表', [
      ['经济分类科目编码', '科目名称', '决算数', '经济分类科目编码', '科目名称', '决算数'],
      ['302', '商品和服务支出', '9.33', '301', '工资福利支出', '1.00'],
      ['30201', '办公费', '5.00', '30101', '基本工资', '1.00'],
      ['30202', '印刷费', '4.88', '', '', ''],
    ]);
    const input = scanned(blocks, 'ocr', { '4.88': 0.5 });
    const reread = vi.fn<CellRereader>((_page, bbox) =>
      Promise.resolve(
        bbox.y0 === boxOf(3, 2).y0 && bbox.x0 === boxOf(3, 2).x0 ? [{ text: '4.33', confidence: 0.93 }] : [],
      ),
    );
    const withoutCrop = await reviewOcrNumbers({ ...input, variants: ocrVariants });
    expect(
      withoutCrop.anomalies.find((x) => x.id === 'hierarchy_sum:t0:c302:amount')?.suggestion,
    ).toBeUndefined();

    const out = await reviewOcrNumbers({ ...input, variants: ocrVariants, reread });
    expect(reread).toHaveBeenCalledWith(input.pages[0], boxOf(3, 2));
    expect(out.reread).toBeGreaterThan(0);
    const a = out.anomalies.find((x) => x.id === 'hierarchy_sum:t0:c302:amount');
    expect(a?.suggestion).toMatchObject({
      row: 'c30202',
      value: 4.33,
      derivation: 'OCR 复核：4.33（原识别 4.88，单元格重新识别）',
    });
  });
});

describe('two OCR engines reading a figure differently', () => {
  // 30101 read 1.00 by one engine and 7.00 by the other; its parent 301 is blank, so 301 = 30101 fails with
  // either reading and cannot decide.
  const UNCHECKED = titled('一般公共预算财政拨款基本支出决算明细表', [
    ['经济分类科目编码', '科目名称', '决算数', '经济分类科目编码', '科目名称', '决算数'],
    ['302', '商品和服务支出', '9.33', '301', '工资福利支出', ''],
    ['30201', '办公费', '5.00', '30101', '基本工资', '1.00'],
    ['30202', '印刷费', '4.33', '', '', ''],
  ]);
  // The cell the OCR stage marked as disputed (confidence capped, see cell-ocr.ts `agree`).
  const disputed = (bbox: BBox): boolean => bbox.x0 === boxOf(2, 5).x0 && bbox.y0 === boxOf(2, 5).y0;
  const reread = vi.fn<CellRereader>((_page, bbox) =>
    Promise.resolve(
      disputed(bbox)
        ? [
            { text: '1.00', confidence: 0.6, engine: 'tesseract' },
            { text: '7.00', confidence: 0.95, engine: 'ppocr' },
          ]
        : [],
    ),
  );

  it('becomes an anomaly with both readings when no identity decides; the cell keeps what was read', async () => {
    const input = scanned(UNCHECKED, 'ocr', { '1.00': 0.3 });
    const out = await reviewOcrNumbers({ ...input, variants: ocrVariants, reread });
    const a = out.anomalies.find((x) => x.rule === 'ocr_disagreement');
    expect(a).toMatchObject({
      severity: 'warning',
      table: 't0',
      row: 'c30101',
      column: 'amount',
      found: '1.00',
    });
    expect(a?.message).toContain('原识别 1.00');
    expect(a?.message).toContain('ppocr 读作 7.00');
    expect(a?.suggestion).toBeUndefined();
    expect(out.tables[0]?.rows.find((r) => r.id === 'c30101')?.cells.amount).toMatchObject({
      raw: '1.00',
      value: 1,
    });
  });

  it('is settled by an identity that holds with the cell as read: no anomaly', async () => {
    // The same readings, but 301 = 30101 is printed: 1.00 = 1.00 confirms the first engine.
    const checked = UNCHECKED.map((b) =>
      b.kind === 'grid'
        ? {
            ...b,
            grid: {
              ...b.grid,
              cells: b.grid.cells.map((c) => (c.row === 1 && c.col === 5 ? { ...c, text: '1.00' } : c)),
            },
          }
        : b,
    );
    const input = scanned(checked, 'ocr', { '1.00': 0.3 });
    const out = await reviewOcrNumbers({ ...input, variants: ocrVariants, reread });
    expect(out.anomalies.filter((x) => x.rule === 'ocr_disagreement')).toEqual([]);
  });

  it('is settled by the identities when one reading restores them: a suggestion, not an overwrite', async () => {
    // 302 = 30201 + 30202 fails as read (4.88); the other engine's 4.33 restores it.
    const blocks = titled('一般公共预算财政拨款基本支出决算明细表', [
      ['经济分类科目编码', '科目名称', '决算数', '经济分类科目编码', '科目名称', '决算数'],
      ['302', '商品和服务支出', '9.33', '301', '工资福利支出', '1.00'],
      ['30201', '办公费', '5.00', '30101', '基本工资', '1.00'],
      ['30202', '印刷费', '4.88', '', '', ''],
    ]);
    const input = scanned(blocks, 'ocr', { '4.88': 0.3 });
    const both = vi.fn<CellRereader>((_page, bbox) =>
      Promise.resolve(
        bbox.x0 === boxOf(3, 2).x0 && bbox.y0 === boxOf(3, 2).y0
          ? [
              { text: '4.88', confidence: 0.7, engine: 'tesseract' },
              { text: '4.33', confidence: 0.9, engine: 'ppocr' },
            ]
          : [],
      ),
    );
    const out = await reviewOcrNumbers({ ...input, variants: ocrVariants, reread: both });
    expect(out.anomalies.find((x) => x.id === 'hierarchy_sum:t0:c302:amount')?.suggestion).toMatchObject({
      row: 'c30202',
      value: 4.33,
    });
    expect(out.anomalies.filter((x) => x.rule === 'ocr_disagreement')).toEqual([]);
    expect(out.tables[0]?.rows.find((r) => r.id === 'c30202')?.cells.amount?.raw).toBe('4.88');
  });
});

/** Real tesseract on one 200 dpi page: seconds. Skip locally with TALLY_SKIP_SLOW=1 (never in CI). */
describe.skipIf(process.env.TALLY_SKIP_SLOW === '1')(
  "the pipeline takes a second look at OCR'd numbers [slow]",
  () => {
    afterAll(async () => {
      await closeOcr();
    });

    it('marks the cells of a scanned page with their OCR confidence, and those of the digital original with none', async () => {
      const scan = await extractFile('samples/scanned/004-final-accounts-2023-tables.p1.200dpi.png', {
        ocrReview: 'variants',
      });
      const cells = scan.tables
        .flatMap((t) => t.rows.flatMap((r) => Object.values(r.cells)))
        .filter((c) => c.value !== null);
      expect(cells.length).toBeGreaterThan(10);
      expect(cells.filter((c) => c.ocrConfidence !== undefined).length).toBeGreaterThan(cells.length / 2);
      expect(
        cells.every((c) => c.ocrConfidence === undefined || (c.ocrConfidence >= 0 && c.ocrConfidence <= 1)),
      ).toBe(true);

      const digital = await extractFile('samples/004-final-accounts-2023-tables.pdf');
      expect(
        digital.tables
          .flatMap((t) => t.rows.flatMap((r) => Object.values(r.cells)))
          .some((c) => c.ocrConfidence !== undefined),
      ).toBe(false);
    }, 120_000);
  },
);
