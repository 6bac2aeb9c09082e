/**
 * The document model above the tables: what kind of disclosure a document is, its fiscal year, department,
 * scope (部门 / 单位) and reporting unit, each with the evidence it was read from. The cover and the document's
 * own title decide first, then the headings, then the majority of the table families; a file name (or a PDF
 * title that is one) only when nothing else speaks. Data (patterns, words) is in src/catalog/documents.ts.
 */
import {
  COVER_BLOCKS,
  COVER_NOISE,
  DEPARTMENT_FOLDS,
  DEPARTMENT_STRIP,
  DOCUMENT_KINDS,
  DOCUMENT_TITLE,
  ENTRY_NUMBER,
  ORGANISATION,
  SCOPE_WORDS,
  TOC_HEADING,
  TOC_LEADER,
  UNIT_LABEL,
  UNIT_LINE,
  YEAR,
} from '../catalog/documents.js';
import type {
  DocumentKind,
  DocumentMeta,
  MoneyUnit,
  NormalizedTable,
  Provenance,
  TableType,
  TextBlock,
} from '../model/index.js';
import { matchFamilyTitle } from './families.js';
import { compact, oneLine } from './text.js';

export { YEAR };

export type Evidence = NonNullable<DocumentMeta['evidence']>[number];

/** What the document model reads: the document's texts in reading order and its tables. */
export interface MetaInput {
  /** The source's own title (PDF metadata, HTML <title>): often a file name, so trusted last. */
  readonly title?: string;
  /** The file's name: often wrong about year and kind, so read only when the content says nothing. */
  readonly fileName?: string;
  readonly texts: readonly TextBlock[];
  readonly tables: readonly NormalizedTable[];
  /** Department printed next to each table (部门：…, 填报单位：…), with the table's title source. */
  readonly tableDepartments?: readonly { readonly name: string; readonly source: Provenance }[];
}

/** A claim of a year or a department somewhere in the document, for the consistency check. */
export interface MetaClaim {
  readonly field: 'year' | 'department';
  readonly value: string | number;
  readonly from: Evidence['from'];
  readonly text: string;
  readonly source: Provenance;
}

/** The document's cover: the text blocks before the first 目录 or table, on the first page they are on. */
export function coverBlocks(texts: readonly TextBlock[], tables: readonly NormalizedTable[]): TextBlock[] {
  const firstPage = texts[0]?.source.page;
  const firstTable = Math.min(...tables.map((t) => t.source.page ?? Infinity));
  const out: TextBlock[] = [];
  for (const t of texts.slice(0, COVER_BLOCKS)) {
    const c = compact(t.text);
    if (TOC_HEADING.test(c) || /^目录/.test(c)) break;
    if (firstPage !== undefined && t.source.page !== firstPage) break;
    // A table's own caption on page 1 ("预算01表 收支总表") starts the tables, not a cover.
    if (t.source.page !== undefined && t.source.page >= firstTable && matchFamilyTitle(t.text)) break;
    if (COVER_NOISE.some((re) => re.test(c))) continue;
    out.push(t);
  }
  return out;
}

/** The cover's title: the joined cover lines when they name a document (year and kind word, or kind alone). */
function coverTitle(cover: readonly TextBlock[]): { text: string; blocks: TextBlock[] } | undefined {
  const lines = cover.filter((b) => !UNIT_LINE.test(oneLine(b.text).replace(/\s+/g, ' ')));
  const joined = compact(lines.map((b) => b.text).join(''));
  if (!joined || !DOCUMENT_TITLE.some((re) => re.test(joined))) return undefined;
  return { text: joined, blocks: lines };
}

/** The kind its title names: the first kind of DOCUMENT_KINDS whose title pattern matches. */
export function documentKind(title: string): DocumentKind {
  const c = compact(title);
  return DOCUMENT_KINDS.find((k) => k.title.test(c))?.kind ?? 'unknown';
}

/** A short line that reads as a heading naming the document ("第一部分 2026 年度部门预算情况说明"). */
function isDocumentHeading(text: string, kind: DocumentKind = 'unknown'): boolean {
  const c = compact(text).replace(TOC_LEADER, '');
  if (c.length > 48 || /[。；;，,]/.test(c) || !YEAR.test(c)) return false;
  const own = DOCUMENT_KINDS.find((k) => k.kind === kind)?.headingYear;
  return DOCUMENT_TITLE[0]!.test(c) || (own !== undefined && own.test(c));
}

/**
 * The kind the tables vote for, one vote per distinct title (a table printed over six pages is one table):
 * recognised families, else the words of the title, else of the header (a 绩效目标 form whose title was lost).
 * A 决算 or 预算 set of three or more tables wins over the 绩效 forms a 预算 document also carries.
 */
function kindFromTables(
  tables: readonly NormalizedTable[],
): { kind: DocumentKind; text: string } | undefined {
  const votes = new Map<DocumentKind, Set<string>>();
  for (const t of tables) {
    const title = compact(t.title).replace(/^(20\d{2}年度?)/, '');
    const header = compact(t.columns.map((c) => c.label).join(' '));
    const spec =
      (title ? DOCUMENT_KINDS.find((k) => k.tableTitle.test(title)) : undefined) ??
      DOCUMENT_KINDS.find((k) => k.families.includes(t.type)) ??
      (/绩效(目标|指标)/.test(header)
        ? DOCUMENT_KINDS.find((k) => k.kind === 'performance_targets')
        : undefined);
    if (!spec) continue;
    const set = votes.get(spec.kind) ?? new Set<string>();
    set.add(title || t.type === 'unknown' ? title || header.slice(0, 40) : t.type);
    votes.set(spec.kind, set);
  }
  const size = (k: DocumentKind): number => votes.get(k)?.size ?? 0;
  let best: DocumentKind | undefined;
  if (size('final_accounts') >= 3) best = 'final_accounts';
  else if (size('budget') >= 3) best = 'budget';
  else for (const k of votes.keys()) if (!best || size(k) > size(best)) best = k;
  return best ? { kind: best, text: [...(votes.get(best) ?? [])][0] ?? '' } : undefined;
}

/** Most frequent value, first seen on ties. */
function mode<T>(values: readonly T[]): T | undefined {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: T | undefined;
  let n = 0;
  for (const [v, k] of counts) if (k > n) [best, n] = [v, k];
  return best;
}

/** Ends like an organisation, a trailing bracketed alias aside ("…研究院（上海市统计数据管理中心）"). */
function isOrganisation(name: string): boolean {
  return ORGANISATION.test(compact(name).replace(/\([^()]*\)$/, ''));
}

/** One department name in the form two spellings compare equal in ("中国共产党江苏省委员会办公厅" → "江苏省委办公厅"). */
export function foldDepartment(name: string): string {
  return DEPARTMENT_FOLDS.reduce((s, [re, to]) => s.replace(re, to), compact(name));
}

/** A printed name reduced to the department: kind words, 公开, 年度, （本级）/（汇总） stripped. */
export function cleanDepartment(raw: string): string | undefined {
  let s = compact(raw);
  for (let pass = 0; pass < 3; pass++) for (const re of DEPARTMENT_STRIP) s = s.replace(re, '');
  s = s.replace(/\((本级|汇总)\)/g, '');
  return s.length >= 3 && s.length <= 40 && ORGANISATION.test(s) && !/表$/.test(s) ? s : undefined;
}

/**
 * The department on a cover line: before the year ("上海市普陀区财政局2024年度部门决算") or after it ("2026年深圳市
 * 信访局部门预算", "2023年度 / 株洲经济开发区管理委员会 / 产业发展局部门决算").
 */
export function departmentFromHeadline(title: string): string | undefined {
  const c = compact(title);
  const m = /^(.*?)20\d{2}年度?(.*)$/.exec(c);
  if (!m) return cleanDepartment(c);
  const before = cleanDepartment(m[1] ?? '');
  if (before) return before;
  // "（汇总）" or "（本级）" after a department that ended the line before the year.
  return cleanDepartment(m[2] ?? '');
}

/** Every claim of a year the document makes about itself: cover, headings, table titles. */
export function yearClaims(
  texts: readonly TextBlock[],
  tables: readonly NormalizedTable[],
  kind: DocumentKind = 'unknown',
): MetaClaim[] {
  const out: MetaClaim[] = [];
  const cover = coverTitle(coverBlocks(texts, tables));
  const coverYear = cover ? YEAR.exec(cover.text) : null;
  if (cover && coverYear)
    out.push({
      field: 'year',
      value: Number(coverYear[1]),
      from: 'cover',
      text: cover.text,
      source: cover.blocks[0]!.source,
    });
  const coverSet = new Set(cover?.blocks ?? []);
  for (const t of texts) {
    // A cover line of its own that names another year than the cover's title ("第二部分 2025年度部门预算报表").
    const y = YEAR.exec(compact(t.text));
    if (coverSet.has(t) && (!y || !coverYear || y[1] === coverYear[1])) continue;
    const year = isDocumentHeading(t.text, kind) ? y : titleYear(t.text, true);
    if (year)
      out.push({
        field: 'year',
        value: Number(year[1]),
        from: 'heading',
        text: oneLine(t.text),
        source: t.source,
      });
  }
  for (const t of tables) {
    const y = titleYear(t.title);
    if (y)
      out.push({ field: 'year', value: Number(y[1]), from: 'table_title', text: t.title, source: t.source });
    // A form's bracketed year line, read as its field (预算13表 部门整体支出绩效目标表 "（2026年度）").
    const f = t.fields?.['year'];
    const fy = f?.raw ? YEAR.exec(compact(f.raw)) : null;
    if (f && fy && !y)
      out.push({
        field: 'year',
        value: Number(fy[1]),
        from: 'table_title',
        text: `${t.title}${oneLine(f.raw)}`,
        source: f.source,
      });
  }
  return out;
}

/**
 * The year a table title claims: opening it after its number ("4.2026年…", "表132019年…", "预算01表2026年…") or
 * the department ("广州市生态环境局2026年部门整体…"), or in brackets after it ("…绩效目标表（2026年度）", or that
 * bracket alone on the line under the title). A line of text claims one only when it is a table's title (of a
 * known family, or the bracket): "2025年预算执行情况" in a 预算's text is the previous year by design.
 */
function titleYear(title: string, line = false): RegExpExecArray | null {
  let c = compact(title).replace(TOC_LEADER, '');
  if (line && (c.length > 60 || /[。；;，,]/.test(c))) return null;
  const bracket = /\((20\d{2})年度?\)$/u.exec(c);
  if (bracket && (!line || c === bracket[0] || matchFamilyTitle(c))) return bracket;
  for (let i = 0; i < 3; i++) c = c.replace(ENTRY_NUMBER, '');
  if (line && !matchFamilyTitle(c)) return null;
  return /^[^\d]{0,30}?(20\d{2})年度?/u.exec(c);
}

/** Departments printed beside tables and in forms (部门：…, 部门名称 …). */
export function departmentClaims(input: MetaInput): MetaClaim[] {
  const out: MetaClaim[] = [];
  const seen = new Set<string>();
  const lines = input.texts.flatMap((t) => {
    const m = UNIT_LINE.exec(oneLine(t.text).replace(/\s+/g, ' '));
    return m?.[1] && !UNIT_LABEL.test(compact(t.text)) ? [{ name: m[1], source: t.source }] : [];
  });
  for (const d of [...(input.tableDepartments ?? []), ...lines]) {
    const key = `${d.source.page ?? ''}:${compact(d.name)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const name = cleanDepartment(d.name) ?? (isOrganisation(d.name) ? compact(d.name) : undefined);
    if (name)
      out.push({ field: 'department', value: name, from: 'table_header', text: d.name, source: d.source });
  }
  for (const t of input.tables) {
    const f = t.fields?.['department_name'];
    const name = f?.raw ? compact(oneLine(f.raw)) : '';
    if (name && isOrganisation(name))
      out.push({
        field: 'department',
        value: name,
        from: 'table_header',
        text: oneLine(f?.raw ?? ''),
        source: f!.source,
      });
  }
  return out;
}

function ev(
  field: Evidence['field'],
  value: string | number,
  from: Evidence['from'],
  text: string,
  source?: Provenance,
): Evidence {
  return { field, value, from, text: oneLine(text).slice(0, 200), ...(source ? { source } : {}) };
}

/** The document model: kind, year, department, scope, unit name and where each was read. */
export function documentMeta(input: MetaInput): DocumentMeta {
  const { texts, tables } = input;
  const evidence: Evidence[] = [];
  const cover = coverBlocks(texts, tables);
  const title = coverTitle(cover);
  const coverSource = title?.blocks[0]?.source;

  // Kind: the cover's title, then headings, then the tables, then the source's own title.
  let kind: DocumentKind = 'unknown';
  if (title) {
    kind = documentKind(title.text);
    if (kind !== 'unknown') evidence.push(ev('kind', kind, 'cover', title.text, coverSource));
  }
  if (kind === 'unknown') {
    const headings = texts.filter((t) => isDocumentHeading(t.text));
    const k = mode(headings.map((t) => documentKind(t.text)).filter((x) => x !== 'unknown'));
    const h = headings.find((t) => documentKind(t.text) === k);
    if (k && h) {
      kind = k;
      evidence.push(ev('kind', k, 'heading', h.text, h.source));
    }
  }
  if (kind === 'unknown') {
    const byTables = kindFromTables(tables);
    if (byTables) {
      kind = byTables.kind;
      evidence.push(ev('kind', kind, 'table_title', byTables.text));
    }
  }
  for (const name of [input.title, input.fileName]) {
    if (kind !== 'unknown' || !name) continue;
    kind = documentKind(name);
    if (kind !== 'unknown') evidence.push(ev('kind', kind, 'file_name', name));
  }

  // Year: the cover's, unless three or more titles and headings agree on another (then the cover is the odd
  // one out, and the check says so); else the most frequent among table titles, then among headings.
  const claims = yearClaims(texts, tables, kind);
  let year: number | null = null;
  const coverYear = claims.find((c) => c.from === 'cover');
  const others = claims.filter((c) => c.from !== 'cover');
  const majority = mode(others.map((c) => c.value));
  const agreeing = others.filter((c) => c.value === majority).length;
  const withCover = others.filter((c) => c.value === coverYear?.value).length;
  if (coverYear && !(agreeing >= 3 && agreeing > withCover + 2)) {
    year = Number(coverYear.value);
    evidence.push(ev('year', year, 'cover', coverYear.text, coverYear.source));
  } else {
    for (const from of ['table_title', 'heading'] as const) {
      const ys = claims.filter((c) => c.from === from);
      const y = mode(ys.map((c) => c.value));
      if (typeof y === 'number') {
        year = y;
        const c = ys.find((x) => x.value === y)!;
        evidence.push(ev('year', y, from, c.text, c.source));
        break;
      }
    }
  }
  for (const name of [input.title, input.fileName]) {
    const y = name && year === null ? YEAR.exec(name) : null;
    if (y && name) {
      year = Number(y[1]);
      evidence.push(ev('year', year, 'file_name', name));
    }
  }

  // Department and unit: the cover's title line, the cover's 部门：/预算单位： lines, then the tables' headers.
  let department: string | null = null;
  let unitName: string | null = null;
  const fromTitle = title ? departmentFromHeadline(title.text) : undefined;
  if (fromTitle && title) {
    department = fromTitle;
    evidence.push(ev('department', fromTitle, 'cover', title.text, coverSource));
  }
  for (const b of cover) {
    const line = oneLine(b.text).replace(/\s+/g, ' ');
    const m = UNIT_LINE.exec(line);
    const name = m?.[1] ? compact(m[1]) : '';
    if (!m || !name || !isOrganisation(name)) continue;
    if (UNIT_LABEL.test(compact(line))) {
      unitName ??= name;
      evidence.push(ev('unitName', name, 'cover', line, b.source));
    } else if (!department) {
      department = name;
      evidence.push(ev('department', name, 'cover', line, b.source));
    }
  }
  if (!department) {
    const d = departmentClaims(input)[0];
    if (d) {
      department = String(d.value);
      evidence.push(ev('department', department, d.from, d.text, d.source));
    }
  }
  if (!department && unitName) department = unitName;

  // Scope: the title's wording (单位预算, 部门决算, （本级）, （汇总）, 预算单位：…).
  let scope: 'department' | 'unit' | null = null;
  const scopeTexts = [
    ...(title ? [{ text: title.text, source: coverSource }] : []),
    ...cover.map((b) => ({ text: compact(b.text), source: b.source })),
  ];
  for (const spec of SCOPE_WORDS) {
    const hit = scopeTexts.find((s) => spec.pattern.test(s.text));
    if (hit) {
      scope = spec.scope;
      evidence.push(ev('scope', spec.scope, 'cover', hit.text, hit.source));
      break;
    }
  }

  const units = tables.map((t) => t.unit).filter((u): u is MoneyUnit => u !== null);
  return {
    department: department ? oneLine(department) : null,
    year,
    kind,
    unit: mode(units) ?? null,
    scope,
    unitName,
    evidence,
  };
}

/** The table families a document of this kind requires (per the catalog). */
export function requiredTables(kind: DocumentKind): readonly TableType[] {
  return DOCUMENT_KINDS.find((k) => k.kind === kind)?.required ?? [];
}
