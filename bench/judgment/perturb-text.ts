/**
 * Part D, text rewrites beside narrative_paraphrase (perturb.ts): the running text printed as other publishers print
 * the same claims and years. Each rewrite keeps every claim true at the precision it prints; perturb.ts judges the
 * rewritten run against the unaltered one and re-judges plants on the rewritten text (the same plant drawn on the
 * unaltered text, then the same rewrite applied to the planted document).
 *
 *   narrative_units  amounts of 万元 restated: in 亿元 (≥ 1亿, two decimals), in 元 with separators and 分
 *                    ("12,345,678.90元", the exact figure of a table printed in 元 that the amount rounds), rounded to fewer decimals ("约1235万元", "1234.6万元"), with separators and
 *                    a space ("1,234.56 万元") — every figure of the running text, one way chosen per figure;
 *   year_format      every year of the running text, headings and cover as other publishers print it: 二〇二四年 /
 *                    二○二四年, full-width ２０２４年, "2024 年", 2024年度 — one way for the headings and cover, another
 *                    for the sentences, per document;
 *   narrative_shapes the same claims in other sentence shapes: a change's rate in brackets ("增加X万元（增长Y%）") or
 *                    after a comma ("增加X万元，增长Y%"), a share in brackets ("基本支出X万元（占Y%）") or after a
 *                    comma, the reason in brackets ("（主要原因是…）") — each one way round, whichever the text shows.
 *
 * Deterministic: the choices come from the seeded rng of the context.
 */
import type { BBox, ExtractedDocument } from '../../src/model/index.js';
import { BOUND_AFTER, gridBoxesByPage, inside, spanLines, type PlantContext } from './plants.js';

/** A printed line of the document being rewritten: its spans (by index on the page) in reading order. */
interface TextLine {
  readonly page: number;
  readonly text: string;
  readonly parts: readonly { readonly index: number; readonly start: number; readonly end: number }[];
  /** Outside every table's grid of the unaltered run. */
  readonly running: boolean;
  /** Short and without sentence punctuation: a heading, a cover line or a title. */
  readonly heading: boolean;
}

/**
 * The lines of `doc` (which may already carry a plant: its spans are read as they are, never through the unaltered
 * document's indices), with the unaltered run's table grids telling running text from tables.
 */
export function textLines(ctx: PlantContext, doc: ExtractedDocument): TextLine[] {
  const grids = gridBoxesByPage(ctx);
  const out: TextLine[] = [];
  for (const p of doc.pages) {
    const boxes = grids.get(p.number) ?? [];
    for (const { spans: g, text, parts } of spanLines(p.spans)) {
      const c = text.replace(/\s+/gu, '');
      out.push({
        page: p.number,
        text,
        parts,
        running: !g.some(({ s }) => boxes.some((b) => inside(s.bbox, b, 2))),
        heading: c.length <= 48 && !/[，,。；;]/u.test(c),
      });
    }
  }
  return out;
}

/** A replacement of [a, b) of a line's text. */
export interface LineEdit {
  readonly a: number;
  readonly b: number;
  readonly text: string;
}

/**
 * `doc` with each line's edits applied to its spans: an edit within one span changes that span; one across spans
 * gives the first touched span the new text, the others lose the part it covers. Boxes are kept.
 */
export function applyLineEdits(
  doc: ExtractedDocument,
  edits: ReadonlyArray<{ readonly line: TextLine; readonly edits: readonly LineEdit[] }>,
): ExtractedDocument {
  const byPage = new Map<number, Map<number, string>>();
  /** A span that takes the text of the spans after it takes their place too (no gap left where they were). */
  const boxes = new Map<number, Map<number, BBox>>();
  for (const { line, edits: es } of edits) {
    const page = doc.pages.find((p) => p.number === line.page);
    if (!page) continue;
    const texts = byPage.get(line.page) ?? new Map<number, string>();
    byPage.set(line.page, texts);
    const cur = new Map(
      line.parts.map((p) => [p.index, texts.get(p.index) ?? page.spans[p.index]?.text ?? '']),
    );
    // Right to left: the offsets of the edits still to apply stay valid.
    for (const e of [...es].sort((x, y) => y.a - x.a)) {
      const touched = line.parts.filter((p) => p.start < e.b && p.end > e.a);
      touched.forEach((p, k) => {
        const s = cur.get(p.index) ?? '';
        const from = Math.max(e.a, p.start) - p.start;
        const to = Math.min(e.b, p.end) - p.start;
        cur.set(p.index, s.slice(0, from) + (k === 0 ? e.text : '') + s.slice(to));
      });
      const first = touched[0];
      if (first && touched.length > 1) {
        const pageBoxes = boxes.get(line.page) ?? new Map<number, BBox>();
        boxes.set(line.page, pageBoxes);
        const all = touched
          .map((p) => pageBoxes.get(p.index) ?? page.spans[p.index]?.bbox)
          .filter((b): b is BBox => !!b);
        pageBoxes.set(first.index, {
          x0: Math.min(...all.map((b) => b.x0)),
          y0: Math.min(...all.map((b) => b.y0)),
          x1: Math.max(...all.map((b) => b.x1)),
          y1: Math.max(...all.map((b) => b.y1)),
        });
      }
    }
    for (const [i, t] of cur) texts.set(i, t);
  }
  return {
    ...doc,
    pages: doc.pages.map((p) => {
      const texts = byPage.get(p.number);
      if (!texts) return p;
      const bx = boxes.get(p.number);
      return {
        ...p,
        spans: p.spans.flatMap((s, i) => {
          const t = texts.get(i);
          if (t === undefined) return [s];
          const bbox = bx?.get(i) ?? s.bbox;
          return t === '' ? [] : [{ ...s, text: t, bbox }];
        }),
      };
    }),
  };
}

/** Every match of `re` on the running lines (and headings, when asked), turned into edits by `to`. */
function rewriteLines(
  ctx: PlantContext,
  doc: ExtractedDocument,
  re: RegExp,
  to: (m: RegExpMatchArray, line: TextLine) => string | undefined,
  where: (line: TextLine) => boolean = (l) => l.running,
): { document: ExtractedDocument; count: number } {
  const all: { line: TextLine; edits: LineEdit[] }[] = [];
  let count = 0;
  for (const line of textLines(ctx, doc)) {
    if (!where(line)) continue;
    const edits: LineEdit[] = [];
    for (const m of line.text.matchAll(re)) {
      const text = to(m, line);
      if (text === undefined || text === m[0]) continue;
      edits.push({ a: m.index, b: m.index + m[0].length, text });
    }
    if (edits.length) {
      all.push({ line, edits });
      count += edits.length;
    }
  }
  return { document: count ? applyLineEdits(doc, all) : doc, count };
}

const group3 = (int: string): string => int.replace(/\B(?=(\d{3})+(?!\d))/gu, ',');

// ---------------------------------------------------------------------------------------------------------------
// narrative_units

/** An amount of 万元 of the running text (not glued to a digit, a code or a date before it). */
const WAN = /(?<![\d,.A-Za-z])(约)?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(\s*)万元/gu;

export type UnitWay = 'yi' | 'yuan' | 'round_int' | 'round_1' | 'separators';

/**
 * One amount of 万元 restated (`way`), the same amount at the precision the new print gives; undefined where the way
 * does not apply (亿元 below 1亿, rounding a figure with no decimals to drop, 元 without an exact figure in 元).
 * `yuan` is the figure in 元 that the 万元 amount rounds (a table of the document printed in 元): an amount of 万元
 * times 10000 would claim a precision the print never had ("1.5万元" is not "15,000.00元").
 */
export function restateWan(raw: string, way: UnitWay, yuan?: number): string | undefined {
  const v = Number(raw.replace(/,/gu, ''));
  const decimals = /\.(\d+)/u.exec(raw)?.[1]?.length ?? 0;
  if (!Number.isFinite(v) || v === 0) return undefined;
  switch (way) {
    case 'yi':
      return v >= 10000 ? `${(v / 10000).toFixed(2)}亿元` : undefined;
    case 'yuan': {
      if (yuan === undefined) return undefined;
      const [int = '', frac = ''] = yuan.toFixed(2).split('.');
      return `${group3(int)}.${frac}元`;
    }
    // Rounded where the figure is large enough for it (a small one rounded to 0 is another claim: 0.3万元 is not 约0万元).
    case 'round_int':
      return decimals > 0 && v >= 10 ? `约${Math.round(v)}万元` : undefined;
    case 'round_1':
      return decimals > 1 && v >= 1 ? `${v.toFixed(1)}万元` : undefined;
    case 'separators': {
      const [int = '', frac] = raw.replace(/,/gu, '').split('.');
      if (int.length < 4) return undefined;
      return `${group3(int)}${frac !== undefined ? `.${frac}` : ''} 万元`;
    }
  }
}

const UNIT_WAYS: readonly UnitWay[] = ['yi', 'yuan', 'round_int', 'round_1', 'separators'];

/** The figures of the document's tables printed in 元 (to restate an amount of 万元 in 元 exactly). */
function yuanFigures(ctx: PlantContext): number[] {
  const out = new Set<number>();
  for (const t of ctx.base.tables) {
    if (t.unit !== 'yuan' || t.template) continue;
    for (const r of t.rows)
      for (const c of Object.values(r.cells))
        if (c.value !== null && !c.percent && c.value >= 100) out.add(c.value);
  }
  return [...out];
}

/** narrative_units on `doc`: every amount of 万元 of the running text restated one way, chosen per figure. */
export function restateUnits(
  ctx: PlantContext,
  doc: ExtractedDocument,
): { document: ExtractedDocument; changes: string[] } | undefined {
  const counts = new Map<UnitWay, number>();
  const yuan = yuanFigures(ctx);
  const { document, count } = rewriteLines(ctx, doc, WAN, (m, line) => {
    // Draw for every figure (the same draws whatever the figure): a plant changes no choice after it.
    const r = ctx.rng();
    if (m[1]) return undefined;
    const after = line.text.slice((m.index ?? 0) + m[0].length - 2);
    if (BOUND_AFTER.test(after)) return undefined;
    const raw = m[2] ?? '';
    const v = Number(raw.replace(/,/gu, ''));
    const d = /\.(\d+)/u.exec(raw)?.[1]?.length ?? 0;
    // The figure in 元 it is the rounding of, when the tables print exactly one.
    const exact = [...new Set(yuan.filter((y) => (y / 10000).toFixed(d) === v.toFixed(d)))];
    const start = Math.floor(r * UNIT_WAYS.length);
    for (let k = 0; k < UNIT_WAYS.length; k++) {
      const way = UNIT_WAYS[(start + k) % UNIT_WAYS.length] as UnitWay;
      const out = restateWan(raw, way, exact.length === 1 ? exact[0] : undefined);
      if (out) {
        counts.set(way, (counts.get(way) ?? 0) + 1);
        return out;
      }
    }
    return undefined;
  });
  if (count === 0) return undefined;
  return {
    document,
    changes: [`${count} figure(s): ${[...counts].map(([w, n]) => `${w} ×${n}`).join(', ')}`],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// year_format

export type YearWay = 'cn_ling' | 'cn_circle' | 'full_width' | 'space' | 'du';

const CN_DIGITS = '〇一二三四五六七八九';

/** A year as printed in `way` ("2024年" → "二〇二四年", "２０２４年", "2024 年", "2024年度"). */
export function formatYear(year: string, du: string, way: YearWay): string {
  switch (way) {
    case 'cn_ling':
      return `${[...year].map((d) => CN_DIGITS[Number(d)]).join('')}年${du}`;
    case 'cn_circle':
      return `${[...year].map((d) => (d === '0' ? '○' : CN_DIGITS[Number(d)])).join('')}年${du}`;
    case 'full_width':
      return `${[...year].map((d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)).join('')}年${du}`;
    case 'space':
      return `${year} 年${du}`;
    case 'du':
      return `${year}年度`;
  }
}

/**
 * A year of the text: four digits and 年 (not a date's 年 before a month or day, nor 年初 / 年底 / 年末, whose 度
 * would be wrong).
 */
const YEAR_IN_TEXT = /(?<![\d０-９])(20\d\d)\s*年(度?)(?![\d０-９]|月)/gu;
const YEAR_WAYS: readonly YearWay[] = ['cn_ling', 'cn_circle', 'full_width', 'space', 'du'];

/** year_format on `doc`: the headings and cover one way, the sentences another (per document, seeded). */
export function restateYears(
  ctx: PlantContext,
  doc: ExtractedDocument,
): { document: ExtractedDocument; changes: string[] } | undefined {
  const headingWay = YEAR_WAYS[Math.floor(ctx.rng() * YEAR_WAYS.length)] as YearWay;
  const textWay = YEAR_WAYS[Math.floor(ctx.rng() * YEAR_WAYS.length)] as YearWay;
  let headings = 0;
  let sentences = 0;
  const { document, count } = rewriteLines(ctx, doc, YEAR_IN_TEXT, (m, line) => {
    const way = line.heading ? headingWay : textWay;
    const next = line.text.charAt((m.index ?? 0) + m[0].length);
    if (way === 'du' && (m[2] || /[初底末中内前后]/u.test(next))) return undefined;
    const out = formatYear(m[1] ?? '', m[2] ?? '', way);
    if (line.heading) headings++;
    else sentences++;
    return out;
  });
  if (count === 0) return undefined;
  return {
    document,
    changes: [`${headings} heading year(s) ${headingWay}, ${sentences} text year(s) ${textWay}`],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// narrative_shapes

const FIG_WAN = '\\d[\\d,]*(?:\\.\\d+)?\\s*万元';
const PCT = '\\d+(?:\\.\\d+)?\\s*[%％]';
/**
 * A shape printed either way round: group 1 the figure, group 2 what follows it after a comma, group 3 what follows
 * it in brackets. The rewrite turns each site the other way.
 */
const SHAPES: ReadonlyArray<{ readonly what: string; readonly re: RegExp }> = [
  // The rate of a change: "增加X万元，增长Y%" ↔ "增加X万元（增长Y%）".
  {
    what: 'change rate',
    re: new RegExp(
      `((?:增加|减少|增长|下降)\\s*${FIG_WAN})(?:[，,]\\s*((?:增长|下降|增幅|降幅)\\s*(?:为)?\\s*${PCT})(?=[，,。；;])|[（(]\\s*((?:增长|下降|增幅|降幅)\\s*(?:为)?\\s*${PCT})\\s*[)）])`,
      'gu',
    ),
  },
  // A share of a listed part: "基本支出X万元，占Y%" ↔ "基本支出X万元（占Y%）".
  {
    what: 'share',
    re: new RegExp(
      `(${FIG_WAN})(?:[，,]\\s*(占[^，,。；;（()）%％]{0,20}?${PCT})(?=[，,。；;])|[（(]\\s*(占[^，,。；;（()）%％]{0,20}?${PCT})\\s*[)）])`,
      'gu',
    ),
  },
];
/** The reason of a change after a comma, to the end of its sentence on the line: "，主要原因是…。" → "（主要原因是…）。". */
const REASON_COMMA =
  /[，,]\s*((?:增加|减少|增长|下降)?(?:的)?主要原因(?:是|为)[^。；;（()）]{2,60})(?=[。；;])/gu;

/** narrative_shapes on `doc`: each shape printed the other way round from how the text prints it. */
export function reshapeSentences(
  ctx: PlantContext,
  doc: ExtractedDocument,
): { document: ExtractedDocument; changes: string[] } | undefined {
  const counts: string[] = [];
  let cur = doc;
  for (const { what, re } of SHAPES) {
    const r = rewriteLines(ctx, cur, re, (m) =>
      m[2] !== undefined ? `${m[1] ?? ''}（${m[2]}）` : `${m[1] ?? ''}，${m[3] ?? ''}`,
    );
    if (r.count) counts.push(`${what} ×${r.count}`);
    cur = r.document;
  }
  const r = rewriteLines(ctx, cur, REASON_COMMA, (m) => `（${m[1] ?? ''}）`);
  if (r.count) counts.push(`reason in brackets ×${r.count}`);
  cur = r.document;
  if (counts.length === 0) return undefined;
  return { document: cur, changes: [counts.join(', ')] };
}
