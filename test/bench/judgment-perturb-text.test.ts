/**
 * bench:judgment part D's text rewrites (bench/judgment/perturb-text.ts): amounts restated in other units and
 * precisions, years printed as other publishers print them, claims in other sentence shapes — each keeping every
 * claim true, so the pipeline finds and resolves the same claims and reads the same year. On the generated
 * samples/004-final-accounts-2023.pdf.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExtractedDocument, ExtractionResult } from '../../src/model/index.js';
import { PERTURBERS, TEXT_REWRITES, type PerturbKind } from '../../bench/judgment/perturb.js';
import { applyLineEdits, formatYear, restateWan } from '../../bench/judgment/perturb-text.js';
import { seededRng } from '../../bench/judgment/plants.js';
import { loadDoc, runPipeline } from '../../bench/judgment/run.js';
import { REPO_ROOT } from '../support/shared.js';

const SAMPLE = { path: '004-final-accounts-2023.pdf', sha: '', kind: 'final_accounts', year: 2023 } as const;

const texts = (d: ExtractedDocument): string[] => d.pages.flatMap((p) => p.spans.map((s) => s.text));
const errors = (r: ExtractionResult): string[] =>
  r.anomalies.filter((a) => a.severity === 'error').map((a) => `${a.rule} ${a.message}`);

describe('narrative_units: one amount of 万元 restated', () => {
  it('in 亿元 (≥ 1亿), in 元 to the 分 (from a figure in 元), rounded, with separators — the same amount at the new precision', () => {
    expect(restateWan('12345.67', 'yi')).toBe('1.23亿元');
    expect(restateWan('2518.06', 'yi')).toBeUndefined();
    // In 元 only from the exact figure in 元 it rounds: 2518.06万元 times 10000 would claim a precision never printed.
    expect(restateWan('1,234.57', 'yuan', 12345678.9)).toBe('12,345,678.90元');
    expect(restateWan('2518.06', 'yuan')).toBeUndefined();
    expect(restateWan('1234.56', 'round_int')).toBe('约1235万元');
    expect(restateWan('1234', 'round_int')).toBeUndefined();
    expect(restateWan('0.3', 'round_int')).toBeUndefined();
    expect(restateWan('1234.56', 'round_1')).toBe('1234.6万元');
    expect(restateWan('1234.56', 'separators')).toBe('1,234.56 万元');
    expect(restateWan('123.56', 'separators')).toBeUndefined();
  });
});

describe('a rewrite across spans', () => {
  it('gives the first span the new text and the place of the spans it takes (no gap left in the line)', () => {
    const span = (text: string, x0: number, x1: number) => ({
      text,
      bbox: { x0, y0: 500, x1, y1: 516 },
      fontSize: 16,
    });
    const doc = {
      pages: [
        {
          number: 1,
          width: 600,
          height: 800,
          spans: [
            span('支出', 400, 420),
            span('751', 423, 447),
            span('.77', 447, 471),
            span('万元', 476, 509),
            span('，', 509, 525),
          ],
        },
      ],
    } as unknown as ExtractedDocument;
    const line = {
      page: 1,
      text: '支出751.77万元，',
      parts: [
        { index: 0, start: 0, end: 2 },
        { index: 1, start: 2, end: 5 },
        { index: 2, start: 5, end: 8 },
        { index: 3, start: 8, end: 10 },
        { index: 4, start: 10, end: 11 },
      ],
      running: true,
      heading: false,
    };
    const out = applyLineEdits(doc, [{ line, edits: [{ a: 2, b: 10, text: '约752万元' }] }]);
    expect(out.pages[0]!.spans.map((s) => [s.text, s.bbox.x0, s.bbox.x1])).toEqual([
      ['支出', 400, 420],
      ['约752万元', 423, 509],
      ['，', 509, 525],
    ]);
  });
});

describe('year_format: one year as other publishers print it', () => {
  it('二〇二四年, 二○二四年, full-width, with a space, 年度', () => {
    expect(formatYear('2024', '度', 'cn_ling')).toBe('二〇二四年度');
    expect(formatYear('2024', '', 'cn_circle')).toBe('二○二四年');
    expect(formatYear('2024', '', 'full_width')).toBe('２０２４年');
    expect(formatYear('2024', '度', 'space')).toBe('2024 年度');
    expect(formatYear('2024', '', 'du')).toBe('2024年度');
  });
});

describe('text rewrites on the generated 决算 sample', async () => {
  const loaded = await loadDoc(SAMPLE, join(REPO_ROOT, 'samples'));
  const base = await runPipeline(loaded);

  const rewrite = (kind: PerturbKind, seed = 7) => {
    const [p] = PERTURBERS[kind]({ read: loaded.read, base, rng: seededRng(seed) });
    if (!p) throw new Error(`${kind}: nothing to rewrite`);
    return p;
  };

  it('each is deterministic and registered with the plants it re-judges', () => {
    for (const kind of ['narrative_units', 'year_format', 'narrative_shapes'] as const) {
      expect(texts(rewrite(kind).document)).toEqual(texts(rewrite(kind).document));
      expect(TEXT_REWRITES[kind]?.plants.length).toBeGreaterThan(0);
    }
    expect(TEXT_REWRITES.year_format?.plants).toEqual(['wrong_year']);
  });

  // The sample's text carries faults of its own: a figure rounded may hide one (约493 for 492.87 beside 494.50 is
  // within rounding), so only the claims read and the errors are compared.
  it('narrative_units restates the amounts, and the same claims are found and resolved', async () => {
    const p = rewrite('narrative_units');
    const before = texts(loaded.read).join('');
    const after = texts(p.document).join('');
    expect(after).not.toEqual(before);
    expect(/约\d+万元/u.test(after)).toBe(true);
    const altered = await runPipeline(loaded, p.document);
    expect(altered.checks?.claims).toEqual(base.checks?.claims);
    expect(errors(altered)).toEqual(errors(base));
  });

  it('year_format prints the years another way and the year read, the claims and the findings stay', async () => {
    for (const seed of [1, 2, 3, 4, 5, 7]) {
      const p = rewrite('year_format', seed);
      expect(texts(p.document).join('')).not.toEqual(texts(loaded.read).join(''));
      const altered = await runPipeline(loaded, p.document);
      expect(altered.meta.year).toBe(base.meta.year);
      expect(altered.checks?.claims).toEqual(base.checks?.claims);
      expect(errors(altered)).toEqual(errors(base));
    }
  });

  it('narrative_shapes turns brackets and commas round, and the same claims are found and resolved', async () => {
    const p = rewrite('narrative_shapes');
    expect(p.changes.join(' ')).toMatch(/×\d/u);
    const altered = await runPipeline(loaded, p.document);
    expect(altered.checks?.claims).toEqual(base.checks?.claims);
    expect(errors(altered)).toEqual(errors(base));
  });
});
