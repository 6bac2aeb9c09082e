import type { Block, Grid, Provenance, TextBlock } from '../model/index.js';
import { matchFamilyTitle, looksLikeTitle, type FamilySpec } from './families.js';
import { GridView } from './grid-view.js';
import { compact, oneLine } from './text.js';
import { findUnitDeclaration, type UnitDeclaration } from './units.js';

/** A stretch of a grid that holds one table, with what was printed around it. */
export interface TableCandidate {
  readonly view: GridView;
  /** Row indices of the table body (header + data), preamble rows removed. */
  readonly rows: readonly number[];
  readonly title: string;
  readonly titleSource: Provenance;
  /** "公开03表", "附表2" as printed. */
  readonly label?: string;
  readonly unit?: UnitDeclaration;
  /** Department named next to the table (部门：…, 填报单位：…). */
  readonly department?: string;
  readonly family?: FamilySpec;
}

const LABEL = /^(公开\s*\d+\s*表|附表\s*\d+|表\s*[一二三四五六七八九十\d]+|附件\s*\d+)$/u;
const DEPARTMENT =
  /^(?:部门(?:名称)?|填报单位|单位名称|预算单位|编制单位)\s*[:：]\s*(?:[（(]盖章[)）])?\s*(.*)$/u;

const LABEL_ANYWHERE = /(公开\s*\d+\s*表|附表\s*\d+)/u;

/**
 * One row of a grid's preamble (or one text line around a table) and what it tells. A page header may print
 * it all on one line ("支出决算表 公开03表 单位：万元"): the title is what remains once the form number, the
 * unit and the department are taken out.
 */
function readCaption(text: string): {
  title?: string;
  label?: string;
  unit?: UnitDeclaration;
  department?: string;
} {
  const t = oneLine(text);
  const out: { title?: string; label?: string; unit?: UnitDeclaration; department?: string } = {};
  const c = compact(t);
  if (LABEL.test(c)) out.label = c;
  const unit = findUnitDeclaration(t);
  if (unit) out.unit = unit;
  const dep = DEPARTMENT.exec(t.replace(/\s+/g, ' '));
  if (dep) {
    const name = (dep[1] ?? '')
      .replace(/(金额)?单位[:：].*$/u, '')
      .replace(/金额[:：].*$/u, '')
      .trim();
    if (name) out.department = name;
  }
  if (!out.label && !dep) {
    const label = LABEL_ANYWHERE.exec(t);
    const rest = t
      .replace(LABEL_ANYWHERE, ' ')
      .replace(/(金额)?单位\s*[:：]\s*(万元|亿元|元)|金额\s*[:：]\s*(万元|亿元|元)/u, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    if (rest && (matchFamilyTitle(rest) || looksLikeTitle(rest))) {
      out.title = rest;
      if (label?.[1]) out.label = compact(label[1]);
    }
  }
  // "填报单位：（盖章）" with the name left blank is still caption material, not table body.
  if (dep && !out.department) out.department = '';
  return out;
}

/** A row that is only caption material: 附表N, a title, 填报单位, 单位：万元 (one or two filled cells). */
function captionRow(view: GridView, r: number): ReturnType<typeof readCaption> | undefined {
  const filled = view.filled(r);
  if (filled.length === 0) return {};
  if (filled.length > 3) return undefined;
  const parts = filled.map(readCaption);
  if (parts.some((p) => Object.keys(p).length === 0)) return undefined;
  return Object.assign({}, ...parts) as ReturnType<typeof readCaption>;
}

/** The last title-like text among the texts printed since the previous table, and the other captions there. */
function captionFromTexts(texts: readonly TextBlock[]): {
  title?: string;
  titleSource?: Provenance;
  label?: string;
  unit?: UnitDeclaration;
  department?: string;
} {
  const out: ReturnType<typeof captionFromTexts> = {};
  // Only the few lines right above the table belong to it; a table of contents further up does not.
  const near = texts.slice(-6);
  for (const [i, block] of near.entries()) {
    const cap = readCaption(block.text);
    if (cap.title) {
      out.title = cap.title;
      out.titleSource = block.source;
      // A title printed over two lines ("…政府采购（资产配置、购买服务）" / "预算表（不含上年结转）"): the line above
      // joins it when only the two together name the family.
      const prev = near[i - 1];
      const joined = prev ? `${oneLine(prev.text)}${cap.title}` : '';
      const family = prev ? matchFamilyTitle(joined) : undefined;
      if (
        prev &&
        family &&
        family !== matchFamilyTitle(cap.title) &&
        prev.source.page === block.source.page &&
        !/[。；;，,]|表$/.test(compact(prev.text)) &&
        Object.keys(readCaption(prev.text)).length === 0
      ) {
        out.title = joined;
        out.titleSource = prev.source;
      }
    }
    if (cap.label) out.label = cap.label;
    if (cap.unit) out.unit = cap.unit;
    if (cap.department) out.department = cap.department;
  }
  return out;
}

/**
 * Split the document's grids into table candidates. A grid may hold several tables (a Word export puts 附表1,
 * 附表2 and 附表3 in one table): it is cut where a row holds nothing but a table title or 附表N.
 */
export function segmentTables(blocks: readonly Block[]): {
  candidates: TableCandidate[];
  texts: TextBlock[];
} {
  const candidates: TableCandidate[] = [];
  const texts: TextBlock[] = [];
  let recent: TextBlock[] = [];
  for (const block of blocks) {
    if (block.kind === 'text') {
      texts.push(block);
      recent.push(block);
      continue;
    }
    candidates.push(...splitGrid(block.grid, captionFromTexts(recent)));
    recent = [];
  }
  return { candidates, texts };
}

function splitGrid(grid: Grid, outside: ReturnType<typeof captionFromTexts>): TableCandidate[] {
  const view = new GridView(grid);
  const out: TableCandidate[] = [];
  let caption: ReturnType<typeof captionFromTexts> = { ...outside };
  let body: number[] = [];
  let inPreamble = true;

  const flush = (): void => {
    if (body.length === 0) return;
    const title = caption.title ?? '';
    const family = title ? matchFamilyTitle(title) : undefined;
    out.push({
      view,
      rows: body,
      title,
      titleSource: caption.titleSource ?? view.source(body[0] ?? 0, 0),
      ...(caption.label ? { label: caption.label } : {}),
      ...(caption.unit ? { unit: caption.unit } : {}),
      ...(caption.department ? { department: caption.department } : {}),
      ...(family ? { family } : {}),
    });
    body = [];
  };

  for (let r = 0; r < view.nRows; r++) {
    const cap = captionRow(view, r);
    const startsNew =
      cap !== undefined && (cap.title !== undefined || cap.label !== undefined) && !inPreamble;
    if (startsNew) {
      flush();
      caption = {};
      inPreamble = true;
    }
    if (inPreamble && cap !== undefined) {
      if (cap.title) {
        caption.title = cap.title;
        caption.titleSource = view.source(r, 0);
      }
      if (cap.label) caption.label = cap.label;
      if (cap.unit) caption.unit = cap.unit;
      if (cap.department) caption.department = cap.department;
      continue;
    }
    inPreamble = false;
    body.push(r);
  }
  flush();
  return out;
}
