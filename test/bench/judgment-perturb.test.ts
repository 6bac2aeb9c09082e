/**
 * bench:judgment part D's layout perturbations do what they claim: each rewrites the text layer into the layout
 * variant it names (the code cells, the heading's page, the narrative's words) and leaves the arithmetic as it was,
 * so the pipeline reads the same tables and figures from it. On samples/004-final-accounts-2023.pdf (generated, in
 * the repository), and on a tuned 西安 budget when ../shared is present.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ExtractedDocument, ExtractionResult } from '../../src/model/index.js';
import { CORPUS_DOCS } from '../../bench/judgment/corpus.js';
import { PARAPHRASES, PERTURBERS, runPerturbations, type PerturbKind } from '../../bench/judgment/perturb.js';
import { seededRng } from '../../bench/judgment/plants.js';
import { loadDoc, runPipeline, tableKey, type LoadedDoc } from '../../bench/judgment/run.js';
import { CORPUS_DIR, hasShared, REPO_ROOT } from '../support/shared.js';

const SAMPLE = { path: '004-final-accounts-2023.pdf', sha: '', kind: 'final_accounts', year: 2023 } as const;

function perturb(loaded: LoadedDoc, base: ExtractionResult, kind: PerturbKind) {
  const [p] = PERTURBERS[kind]({ read: loaded.read, base, rng: seededRng(7) });
  if (!p) throw new Error(`${kind}: nothing to perturb`);
  return p;
}

const texts = (d: ExtractedDocument, page?: number): string[] =>
  d.pages
    .filter((p) => page === undefined || p.number === page)
    .flatMap((p) => p.spans.map((s) => s.text.trim()));

/** Every coded row of the finance tables, by table and code, with its figures. */
function codedRows(r: ExtractionResult): string[] {
  return r.tables
    .filter((t) => t.type === 'income' || t.type === 'expenditure')
    .flatMap((t) =>
      t.rows
        .filter((row) => row.code)
        .map(
          (row) =>
            `${tableKey(t)}|${row.code}|${row.label}|${Object.values(row.cells)
              .map((c) => c.value)
              .join(',')}`,
        ),
    );
}

const errors = (r: ExtractionResult): string[] =>
  r.anomalies.filter((a) => a.severity === 'error').map((a) => `${a.rule} ${a.message}`);

describe('bench:judgment perturbations on the generated 决算 sample', async () => {
  const loaded = await loadDoc(SAMPLE, join(REPO_ROOT, 'samples'));
  const base = await runPipeline(loaded);

  it('code_merge prints each code in its name cell ("2150599 其他…"), and the rows keep their codes and figures', async () => {
    const p = perturb(loaded, base, 'code_merge');
    expect(p.tables.length).toBeGreaterThan(0);
    const all = texts(p.document);
    expect(all).not.toContain('2150599');
    expect(all.some((t) => /^2150599 其他/u.test(t))).toBe(true);
    const altered = await runPipeline(loaded, p.document);
    expect(codedRows(altered)).toEqual(codedRows(base));
    expect(errors(altered)).toEqual(errors(base));
  });

  it('code_split prints each code as its 类 款 项 groups ("215" "05" "99"), and the rows keep their codes and figures', async () => {
    const p = perturb(loaded, base, 'code_split');
    const all = texts(p.document);
    expect(all).not.toContain('2150599');
    expect(all).toEqual(expect.arrayContaining(['215', '05', '99']));
    const altered = await runPipeline(loaded, p.document);
    expect(codedRows(altered)).toEqual(codedRows(base));
    expect(errors(altered)).toEqual(errors(base));
  });

  it('narrative_paraphrase rewords the running text and the pipeline finds and resolves the same claims', async () => {
    const p = perturb(loaded, base, 'narrative_paraphrase');
    expect(p.changes[0]).toMatch(/span\(s\)/u);
    expect(p.document).not.toEqual(loaded.read);
    const altered = await runPipeline(loaded, p.document);
    expect(altered.checks?.claims.found).toBe(base.checks?.claims.found);
    expect(altered.checks?.claims.resolved).toBe(base.checks?.claims.resolved);
    expect(errors(altered)).toEqual(errors(base));
  });
});

describe('bench:judgment layout perturbations of producers on the generated 决算 sample', async () => {
  const loaded = await loadDoc(SAMPLE, join(REPO_ROOT, 'samples'));
  const base = await runPipeline(loaded);
  const spans = (d: ExtractedDocument) => d.pages.flatMap((p) => p.spans.filter((s) => s.text.trim() !== ''));
  const judged = async (kind: PerturbKind) => {
    const [o] = await runPerturbations(loaded, base, [kind], 1);
    return { newErrors: o?.newErrors, turnedUnknown: o?.turnedUnknown, checksLost: o?.checksLost };
  };
  const clean = { newErrors: [], turnedUnknown: [], checksLost: [] };

  it('span_chars prints every span glyph by glyph, each within its span and on its line', async () => {
    const p = perturb(loaded, base, 'span_chars');
    expect(spans(p.document).every((s) => [...s.text].length === 1)).toBe(true);
    const before = spans(loaded.read);
    const glyphs = spans(p.document);
    expect(glyphs.length).toBeGreaterThan(before.length * 2);
    const all = before.map((s) => s.text.replace(/\s+/g, '')).join('');
    expect(glyphs.length).toBe([...all].length);
    expect(await judged('span_chars')).toEqual(clean);
  });

  it('span_merge prints the pieces of one cell line as one span (fewer spans, the same text)', async () => {
    const p = perturb(loaded, base, 'span_merge');
    const before = spans(loaded.read);
    const after = spans(p.document);
    expect(after.length).toBeLessThan(before.length);
    const chars = (ss: typeof before) => ss.map((s) => s.text.replace(/\s+/g, '')).join('').length;
    expect(chars(after)).toBe(chars(before));
    expect(await judged('span_merge')).toEqual(clean);
  });

  it('zero_forms prints the zeros and blanks in one zero form, and the figures read the same', async () => {
    const p = perturb(loaded, base, 'zero_forms');
    const form = /printed as "([^"]*)"/u.exec(p.changes[0] ?? '')?.[1];
    expect(form).toBeDefined();
    expect(p.changes.some((c) => /[1-9]\d* (?:zero\(s\)|blank cell\(s\))/u.test(c))).toBe(true);
    const altered = await runPipeline(loaded, p.document);
    const values = (r: ExtractionResult) => codedRows(r).map((row) => row.replace(/(?<=[|,])0(?=,|$)/gu, ''));
    expect(values(altered)).toEqual(values(base));
    expect(await judged('zero_forms')).toEqual(clean);
  });

  it('row_wrap prints long labels on two lines of their row, and the rows keep their labels', async () => {
    const p = perturb(loaded, base, 'row_wrap');
    expect(p.tables.length).toBeGreaterThan(0);
    expect(spans(p.document).length).toBeGreaterThan(spans(loaded.read).length);
    const altered = await runPipeline(loaded, p.document);
    expect(codedRows(altered)).toEqual(codedRows(base));
    expect(await judged('row_wrap')).toEqual(clean);
  });

  it("no_rules removes the rules and shading of the finance tables' pages and nothing else", () => {
    const p = perturb(loaded, base, 'no_rules');
    const pages = new Set(base.tables.filter((t) => p.tables.includes(t.id)).map((t) => t.source.page));
    expect(pages.size).toBeGreaterThan(0);
    for (const pg of p.document.pages) {
      const was = loaded.read.pages.find((x) => x.number === pg.number)!;
      expect(pg.spans).toEqual(was.spans);
      if (pages.has(pg.number)) expect([pg.lines.length, pg.rects.length]).toEqual([0, 0]);
    }
  });

  it('unit_in_title prints the unit after the title instead of on its 单位 line, and the tables keep their unit', async () => {
    const p = perturb(loaded, base, 'unit_in_title');
    expect(p.tables.length).toBeGreaterThan(0);
    expect(texts(p.document).some((t) => /表（单位：(?:万元|元)）$/u.test(t))).toBe(true);
    const decls = (d: ExtractedDocument) => texts(d).filter((t) => /^(?:金额)?单位[:：]/u.test(t)).length;
    expect(decls(p.document)).toBeLessThan(decls(loaded.read));
    const altered = await runPipeline(loaded, p.document);
    const units = (r: ExtractionResult) => r.tables.map((t) => `${tableKey(t)}:${t.unit}`);
    expect(units(altered)).toEqual(units(base));
    expect(await judged('unit_in_title')).toEqual(clean);
  });

  it('header_wrap prints header cells on two lines, and the columns keep their keys', async () => {
    const p = perturb(loaded, base, 'header_wrap');
    expect(p.tables.length).toBeGreaterThan(0);
    const altered = await runPipeline(loaded, p.document);
    const keys = (r: ExtractionResult) =>
      r.tables.map((t) => `${tableKey(t)}:${t.columns.map((c) => c.key).join(',')}`);
    expect(keys(altered)).toEqual(keys(base));
    expect(await judged('header_wrap')).toEqual(clean);
  });
});

describe('narrative_paraphrase wordings', () => {
  const apply = (text: string, seed = 1): string => {
    const rng = seededRng(seed);
    return PARAPHRASES.reduce(
      (t, rule) =>
        t.replace(rule.re, (...args) => rule.to(args.slice(0, -2) as unknown as RegExpExecArray, rng)),
      text,
    );
  };

  it('keeps each claim: the same figures, the same direction', () => {
    const up = apply('收入合计538.88万元，比上年增加12.50万元，增长2.4%。');
    expect(up).toMatch(/(?:较上年|比上年|同比|与上年相比，)(?:增加|增长)/u);
    expect(up).not.toMatch(/减少|下降|降低/u);
    expect(up).toMatch(/(?:增幅|增长幅度为|增长率为)\s*2\.4%/u);
    expect(up).toMatch(/538\.88\s*万元/u);
    expect(up).toMatch(/12\.5\s*万元/u);
    const down = apply('基本支出100.00万元，比上年减少3.00万元，下降2.9%。');
    expect(down).not.toMatch(/增加|增长/u);
    expect(down).toMatch(/(?:降幅|下降幅度为|减幅)\s*2\.9%/u);
    expect(down).toMatch(/100\s*万元/u);
  });

  it('rewords a share without changing its whole, and leaves a bound alone', () => {
    expect(apply('占本年支出合计的比重为64.51%')).toBe('占本年支出合计的64.51%');
    expect(apply('单位价值100万元以上的设备')).toMatch(/100\s*万元以上/u);
  });

  it('never rewrites 收入合计 as 收入总计 (总计 includes the 结转)', () => {
    expect(apply('本年收入合计538.88万元')).toMatch(/本年收入(?:总额|共计)/u);
    expect(apply('本年收入合计538.88万元')).not.toMatch(/总计/u);
  });
});

const XIAN = CORPUS_DOCS.find((d) => d.path === 'more/xian/应急管理局_2026年部门预算.pdf');

describe.skipIf(!XIAN || !hasShared(['corpus', 'more', 'xian']))(
  'perturbations on a tuned 西安 budget (../shared)',
  () => {
    // Read in beforeAll, not while the suite is collected: a skipped suite's body still runs at collection.
    let loaded: LoadedDoc;
    let base: ExtractionResult;
    beforeAll(async () => {
      loaded = await loadDoc(XIAN!, CORPUS_DIR);
      base = await runPipeline(loaded);
    });

    it('heading_previous_page moves the 收支总表 heading to the foot of p2; the table starts there and keeps its rows', async () => {
      const p = perturb(loaded, base, 'heading_previous_page');
      expect(texts(p.document, 2).some((t) => t.includes('部门综合预算收支总表'))).toBe(true);
      expect(texts(p.document, 3).some((t) => t.includes('部门综合预算收支总表'))).toBe(false);
      const altered = await runPipeline(loaded, p.document);
      const before = base.tables.find((t) => t.type === 'budget_summary');
      const after = altered.tables.find((t) => t.type === 'budget_summary');
      expect(after?.source.page).toBe(2);
      expect(after?.rows.length).toBe(before?.rows.length);
      // The judge finds the table where its rows are, not "gone" because its heading moved.
      const [o] = await runPerturbations(loaded, base, ['heading_previous_page'], 1);
      expect(o?.turnedUnknown).toEqual([]);
      expect(o?.newErrors).toEqual([]);
    });

    it('total_row_move moves the 合计 row below the units and leaves the 栏次 row above it in place', () => {
      const p = perturb(loaded, base, 'total_row_move');
      const page = (d: ExtractedDocument) => d.pages.find((x) => x.number === 4);
      const numbers = (d: ExtractedDocument) =>
        page(d)
          ?.spans.filter((s) => s.text.trim() === '13')
          .map((s) => s.bbox.y0);
      expect(numbers(p.document)).toEqual(numbers(loaded.read));
      const total = (d: ExtractedDocument) =>
        page(d)?.spans.find((s) => s.text.trim() === '合计' && s.bbox.x0 < 100)?.bbox.y0 ?? 0;
      const lastUnit = page(p.document)?.spans.find((s) => s.text.includes('援中心'))?.bbox.y0 ?? Infinity;
      expect(total(p.document)).toBeGreaterThan(lastUnit);
    });

    it('swap_columns leaves the 栏次 row out of the 收入总表 (its numbers swapped with their columns)', async () => {
      const p = perturb(loaded, base, 'swap_columns');
      expect(p.changes.some((c) => c.startsWith('budget_income:'))).toBe(true);
      const altered = await runPipeline(loaded, p.document);
      const labels = (r: ExtractionResult) =>
        r.tables.find((t) => t.type === 'budget_income')?.rows.map((row) => row.label);
      expect(labels(altered)).toEqual(labels(base));
      expect(errors(altered)).toEqual(errors(base));
    });
  },
);
