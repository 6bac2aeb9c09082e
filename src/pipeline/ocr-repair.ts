import {
  BadInputError,
  type Anomaly,
  type BBox,
  type Cell,
  type NormalizedTable,
  type Page,
  type Suggestion,
} from '../model/index.js';
import { parseNumber } from '../normalize/index.js';
import { NO_SKEW, toOriginal } from '../readers/render/deskew.js';
import {
  collectIdentities,
  evaluate,
  rankCandidates,
  type CandidateValue,
  type Identity,
  type RankedCandidate,
} from '../validate/index.js';

/**
 * Re-reads one cell's crop (digits only, one line); readings best first. The box is on the page as scanned (cell
 * boxes are). The pipeline binds `rereadCell`.
 */
export type CellRereader = (
  page: Page,
  bbox: BBox,
) => Promise<readonly { text: string; confidence: number; engine?: string }[]>;

export interface OcrReviewInput {
  readonly tables: readonly NormalizedTable[];
  readonly anomalies: readonly Anomaly[];
  /** The document's pages after OCR: spans with origin "ocr" mark the cells that were recognized. */
  readonly pages: readonly Page[];
  /** Alternative readings of a misread number (the OCR module's `ocrVariants`). */
  readonly variants: (raw: string) => string[];
  /** Absent: candidates come from the variants alone. */
  readonly reread?: CellRereader;
  /** Most cells re-read per document (each costs two small recognitions). Default 24. */
  readonly maxRereads?: number;
  /** Cells below this OCR confidence get a second look even when their identities hold. Default 0.75. */
  readonly lowConfidence?: number;
}

export interface OcrReviewResult {
  /** The tables with `ocrConfidence` on every cell read by OCR; values are never changed. */
  readonly tables: NormalizedTable[];
  /** The anomalies, with OCR suggestions added where the arithmetic supports a re-reading. */
  readonly anomalies: Anomaly[];
  /** Cells that got a second look, and how many were re-read from their crop. */
  readonly reviewed: number;
  readonly reread: number;
}

interface Target {
  readonly table: NormalizedTable;
  readonly row?: string;
  readonly column: string;
  readonly cell: Cell;
  readonly page: Page;
  readonly bbox: BBox;
  readonly name: string;
  readonly broken: number;
  /** amount, or number (栏次, counts): the validator checks only amounts for parsing. */
  readonly kind: 'amount' | 'number';
}

interface Proposal {
  readonly target: Target;
  readonly candidate: RankedCandidate;
  /** The crop re-read gave this very value. */
  readonly byReread: boolean;
}

const fmt = (v: number): string => String(Math.round(v * 1e6) / 1e6);

/**
 * A second look at the numbers of OCR'd pages. Each cell read from pixels learns its OCR confidence; a numeric
 * cell that breaks an identity, does not parse, or was read with low confidence gets candidate readings (the
 * OCR confusion variants of its text, and its crop read again alone as digits), ranked by the identities each
 * restores without breaking any that held. The best becomes the anomaly's suggestion, never a silent
 * overwrite. A unique arithmetic repair is kept; where the OCR candidate agrees with it, the message says so.
 * Documents without OCR text come back unchanged.
 */
export async function reviewOcrNumbers(input: OcrReviewInput): Promise<OcrReviewResult> {
  const pages = new Map(input.pages.map((p) => [p.number, p]));
  const ocrPages = new Set(
    input.pages.filter((p) => p.spans.some((s) => s.origin === 'ocr')).map((p) => p.number),
  );
  if (ocrPages.size === 0)
    return { tables: [...input.tables], anomalies: [...input.anomalies], reviewed: 0, reread: 0 };

  const withConfidence = (cell: Cell): Cell => {
    const page = cell.source.page !== undefined ? pages.get(cell.source.page) : undefined;
    const box = cell.source.bbox;
    if (!page || !box || !ocrPages.has(page.number) || cell.blank) return cell;
    const confidence = ocrConfidence(page, box);
    return confidence === undefined ? cell : { ...cell, ocrConfidence: confidence };
  };
  const tables = input.tables.map((t) => ({
    ...t,
    rows: t.rows.map((r) => ({
      ...r,
      cells: Object.fromEntries(Object.entries(r.cells).map(([k, c]) => [k, withConfidence(c)])),
    })),
    ...(t.fields
      ? { fields: Object.fromEntries(Object.entries(t.fields).map(([k, c]) => [k, withConfidence(c)])) }
      : {}),
  }));

  const identities = collectIdentities(tables);
  const low = input.lowConfidence ?? 0.75;
  const targets = findTargets(tables, identities, pages, low);

  const proposals: Proposal[] = [];
  const disagreements: { target: Target; readings: string[] }[] = [];
  let budget = input.maxRereads ?? 24;
  let reread = 0;
  for (const target of targets) {
    const candidates: CandidateValue[] = [];
    const rereadValues = new Set<number>();
    const rereadTexts: string[] = [];
    // Only cells with digits are re-read: a label in an amount column is a table-structure fault, not a misread.
    if (input.reread && budget > 0 && /\d/.test(target.cell.raw)) {
      budget--;
      reread++;
      try {
        for (const r of await input.reread(target.page, target.bbox)) {
          const v = plainNumber(r.text);
          if (v === undefined) continue;
          rereadValues.add(v);
          rereadTexts.push(r.engine ? `${r.engine} 读作 ${r.text}` : r.text);
          candidates.push({ value: v, text: r.text, origin: 'reread' });
        }
      } catch (e) {
        // A crop that cannot be cut (box off the page) leaves the variants; it is no failure of the document.
        // Anything else (an abort, a dead worker) is.
        if (!(e instanceof BadInputError)) throw e;
      }
    }
    const stripped = target.cell.raw.replace(/^[^\d-]+|[^\d]+$/g, '');
    for (const text of [stripped, ...input.variants(target.cell.raw)]) {
      const v = plainNumber(text);
      if (v !== undefined) candidates.push({ value: v, text, origin: 'variant' });
    }
    const current = target.cell.value;
    const ranking = rankCandidates(
      tables,
      {
        table: target.table.id,
        ...(target.row !== undefined ? { row: target.row } : {}),
        column: target.column,
      },
      candidates.filter((c) => c.value !== current),
      identities,
    );
    if (ranking.best) {
      proposals.push({ target, candidate: ranking.best, byReread: rereadValues.has(ranking.best.value) });
    } else if (
      current !== null &&
      [...rereadValues].some((v) => v !== current) &&
      !confirmed(identities, target)
    ) {
      // The cell re-read (by both engines) gives another figure and no identity tells which is right.
      disagreements.push({ target, readings: rereadTexts });
    } else if (current === null && ranking.ranked.length === 0) {
      // A figure that does not parse and that no identity can check: its digits with stray marks at the ends
      // dropped ("0[", "22.53|": a cell border read as a glyph), marked unconfirmed. A re-read alone is not
      // enough here: on a cell cut at the wrong place it reads a neighbour's digits just as confidently.
      const plain = candidates.find((c) => c.origin === 'variant' && c.text === stripped);
      if (plain)
        proposals.push({
          target,
          candidate: { ...plain, restores: [], confirmedBy: [], exact: 0 },
          byReread: rereadValues.has(plain.value),
        });
    }
  }

  // The validator checks amounts for parsing; on OCR'd pages a 栏次 or count that does not parse is a misread too.
  const anchored = new Set(input.anomalies.map((a) => `${a.table}|${a.row ?? ''}|${a.column ?? ''}`));
  const unread: Anomaly[] = targets
    .filter(
      (t) =>
        t.kind === 'number' &&
        t.cell.value === null &&
        !anchored.has(`${t.table.id}|${t.row ?? ''}|${t.column}`),
    )
    .map((t) => ({
      id: `parse_error:${t.table.id}:${t.row ?? '@'}:${t.column}`,
      rule: 'parse_error',
      severity: 'warning',
      table: t.table.id,
      ...(t.row !== undefined ? { row: t.row } : {}),
      column: t.column,
      found: t.cell.raw,
      message: `${t.table.title || t.table.type}「${t.name}」OCR 识别为“${t.cell.raw}”，不是数字（识别置信度 ${Math.round((t.cell.ocrConfidence ?? 0) * 100)}%）。`,
      related: [],
      source: t.cell.source,
    }));
  const disputed: Anomaly[] = disagreements.map(({ target: t, readings }) => ({
    id: `ocr_disagreement:${t.table.id}:${t.row ?? '@'}:${t.column}`,
    rule: 'ocr_disagreement',
    severity: 'warning',
    table: t.table.id,
    ...(t.row !== undefined ? { row: t.row } : {}),
    column: t.column,
    found: t.cell.raw,
    message: `${t.table.title || t.table.type}「${t.name}」OCR 读数不一致：原识别 ${t.cell.raw}（识别置信度 ${Math.round((t.cell.ocrConfidence ?? 0) * 100)}%），单元格重新识别：${readings.join('；')}。无等式可判定，请人工核对。`,
    related: [],
    source: t.cell.source,
  }));
  const rank = { error: 0, warning: 1, info: 2 } as const;
  const anomalies = [...input.anomalies, ...unread, ...disputed]
    .map((a) => attach(a, proposals))
    .sort((a, b) => rank[a.severity] - rank[b.severity]);
  return { tables, anomalies, reviewed: targets.length, reread };
}

/** Confidence of the least certain OCR word whose centre lies in the box (on the scan); undefined when none does. */
function ocrConfidence(page: Page, box: BBox): number | undefined {
  let min: number | undefined;
  for (const s of page.spans) {
    if (s.origin !== 'ocr') continue;
    // Spans are on the levelled page; cell boxes were mapped back onto the scan (blocksOnScannedPages).
    const { x: cx, y: cy } = toOriginal(
      page.deskew ?? NO_SKEW,
      (s.bbox.x0 + s.bbox.x1) / 2,
      (s.bbox.y0 + s.bbox.y1) / 2,
    );
    if (cx < box.x0 - 1 || cx > box.x1 + 1 || cy < box.y0 - 1 || cy > box.y1 + 1) continue;
    min = min === undefined ? s.confidence : Math.min(min, s.confidence);
  }
  return min;
}

/** Amount cells read by OCR that break an identity, do not parse, or were read with low confidence; worst first. */
function findTargets(
  tables: readonly NormalizedTable[],
  identities: readonly Identity[],
  pages: ReadonlyMap<number, Page>,
  low: number,
): Target[] {
  const broken = new Map<string, number>();
  for (const i of identities) {
    // Unevaluable (a figure does not parse) counts as broken for the cells that do not parse.
    const state = evaluate(i)?.state;
    if (state !== 'fails' && state !== undefined) continue;
    for (const t of [i.lhs, ...i.rhs]) {
      if (state === undefined && (t.cell.value !== null || t.cell.blank || t.cell.placeholder)) continue;
      const k = `${t.table.id}|${t.row ?? '@'}|${t.column}`;
      broken.set(k, (broken.get(k) ?? 0) + 1);
    }
  }
  const out: Target[] = [];
  for (const table of tables) {
    if (table.template) continue;
    const kinds = new Map(table.columns.map((c) => [c.key, c.kind]));
    const visit = (
      row: string | undefined,
      column: string,
      cell: Cell,
      name: string,
      kind: 'amount' | 'number',
    ): void => {
      if (cell.ocrConfidence === undefined || cell.blank || cell.placeholder) return;
      const page = cell.source.page !== undefined ? pages.get(cell.source.page) : undefined;
      if (!page || !cell.source.bbox) return;
      const n = broken.get(`${table.id}|${row ?? '@'}|${column}`) ?? 0;
      if (n === 0 && cell.value !== null && (cell.ocrConfidence >= low || kind === 'number')) return;
      out.push({
        table,
        ...(row !== undefined ? { row } : {}),
        column,
        cell,
        page,
        bbox: cell.source.bbox,
        name,
        broken: n,
        kind,
      });
    };
    for (const row of table.rows) {
      for (const [column, cell] of Object.entries(row.cells)) {
        const kind = kinds.get(column);
        if (kind === 'amount' || kind === 'number')
          visit(
            row.id,
            column,
            cell,
            `${[row.code, row.label].filter(Boolean).join(' ') || row.id}·${columnName(table, column)}`,
            kind,
          );
      }
    }
  }
  // Unparsed first, then the cells in most broken identities, then the least certain.
  return out.sort(
    (a, b) =>
      Number(a.cell.value !== null) - Number(b.cell.value !== null) ||
      b.broken - a.broken ||
      (a.cell.ocrConfidence ?? 1) - (b.cell.ocrConfidence ?? 1),
  );
}

/** An identity that holds (within rounding) with the cell as read takes in the cell: its reading is confirmed. */
function confirmed(identities: readonly Identity[], target: Target): boolean {
  return identities.some((i) => {
    const inIt = [i.lhs, ...i.rhs].some(
      (t) => t.table.id === target.table.id && t.row === target.row && t.column === target.column,
    );
    const state = inIt ? evaluate(i)?.state : undefined;
    return state === 'holds' || state === 'rounding';
  });
}

function columnName(table: NormalizedTable, key: string): string {
  const label = table.columns.find((c) => c.key === key)?.label ?? key;
  return label.split(' / ').pop() ?? label;
}

/** A plain number ("17.37", "2,940.05", "-3"); undefined for anything else (two numbers, letters). */
function plainNumber(text: string): number | undefined {
  const s = text.trim();
  if (!/^-?[\d,]*\d(\.\d+)?$/.test(s)) return undefined;
  const p = parseNumber(s);
  return p.value ?? undefined;
}

function attach(anomaly: Anomaly, proposals: readonly Proposal[]): Anomaly {
  const forCell = (p: Proposal): boolean =>
    p.target.table.id === anomaly.table && p.target.row === anomaly.row && p.target.column === anomaly.column;
  const relevant = proposals.filter(
    (p) => p.candidate.restores.includes(anomaly.id) || (anomaly.rule === 'parse_error' && forCell(p)),
  );
  if (relevant.length === 0) return anomaly;
  // The proposal restoring most identities; one tied with another cell's is no proposal at all.
  relevant.sort(
    (a, b) =>
      b.candidate.restores.length - a.candidate.restores.length || Number(b.byReread) - Number(a.byReread),
  );
  const [best, second] = relevant;
  if (!best) return anomaly;
  if (
    second &&
    second.candidate.restores.length === best.candidate.restores.length &&
    second.byReread === best.byReread
  ) {
    return {
      ...anomaly,
      message: `${anomaly.message}OCR 复核：本式有多处读数可使其成立（${relevant.map(describe).join('、')}），无法确定，请人工核对。`,
    };
  }
  const { target, candidate } = best;
  const reading = `OCR 复核：${fmt(candidate.value)}（原识别 ${target.cell.raw}${best.byReread ? '，单元格重新识别' : ''}）`;
  const existing = anomaly.suggestion;
  const sameCell = (s: Suggestion): boolean =>
    s.table === target.table.id &&
    s.row === (target.row ?? '') &&
    s.column === (target.row === undefined ? `@${target.column}` : target.column);
  if (existing) {
    if (sameCell(existing) && Math.abs(existing.value - candidate.value) < 1e-9) {
      return {
        ...anomaly,
        suggestion: { ...existing, derivation: `${existing.derivation}；${reading}，与算术推导一致` },
        message: `${anomaly.message}${reading}，与算术推导一致。`,
      };
    }
    // The arithmetic's unique repair stands; the OCR reading is said beside it.
    return {
      ...anomaly,
      message: `${anomaly.message}另：“${target.name}”${reading}，与算术推导不一致，请人工核对。`,
    };
  }
  const restored = candidate.restores.length;
  return {
    ...anomaly,
    suggestion: {
      table: target.table.id,
      row: target.row ?? '',
      column: target.row === undefined ? `@${target.column}` : target.column,
      value: candidate.value,
      derivation: reading,
      restores: candidate.restores,
      confirmedBy: candidate.confirmedBy,
    },
    message:
      `${anomaly.message}${reading}：建议将“${target.name}”由 ${target.cell.raw} 改为 ${fmt(candidate.value)}` +
      (restored > 0 ? `，可使 ${restored} 个等式成立。` : '，无等式可印证，请人工核对。'),
  };
}

function describe(p: Proposal): string {
  return `“${p.target.name}”${p.target.cell.raw}→${fmt(p.candidate.value)}`;
}
