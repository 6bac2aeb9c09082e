/**
 * Checks on the whole document rather than on one table: the tables its kind requires are there, its 目录
 * and its body agree, no template placeholder is left in, the years and the department it names agree, an
 * empty table says why it is empty, and a cross-table check that could not run says so. What the checks
 * look for (kinds, patterns, dependencies) is data in src/catalog/documents.ts.
 */
import { family } from '../../catalog/index.js';
import {
  CHECK_DEPENDENCIES,
  DOCUMENT_KINDS,
  EMPTY_ONLY_WITHOUT,
  EMPTY_STATEMENTS,
  ENTRY_NUMBER,
  NEVER_EMPTY,
  NOTHING,
  PLACEHOLDERS,
  TABLES_ELSEWHERE,
  TABLE_NUMBER,
  TABLE_SUBJECTS,
  TOC_ENTRY_TITLE,
  TOC_HEADING,
  TOC_LEADER,
  TOC_PART,
  TITLE_FOLDS,
} from '../../catalog/documents.js';
import type {
  Anomaly,
  DocumentKind,
  DocumentMeta,
  NormalizedTable,
  Row,
  Provenance,
  TableType,
  TextBlock,
} from '../../model/index.js';
import { compact, matchFamilyTitle } from '../../normalize/index.js';
import { isColumnNumberRun } from '../../tables/text-lines.js';
import { COLUMN_NUMBERS_LABEL } from '../../catalog/vocabulary.js';
import { departmentClaims, foldDepartment, yearClaims } from '../../normalize/meta.js';

export interface DocumentCheckInput {
  readonly tables: readonly NormalizedTable[];
  readonly texts: readonly TextBlock[];
  readonly meta?: DocumentMeta;
}

/** A 栏次 row (栏次 | 1 | 2 | 3): the column numbers of a header, not figures (a header left over is no table). */
function columnNumbers(r: Row): boolean {
  const raws = Object.values(r.cells).map((c) => compact(c.raw));
  return raws.some((x) => COLUMN_NUMBERS_LABEL.test(x)) || isColumnNumberRun(raws.filter((x) => x !== ''));
}

const kindName = (kind: DocumentKind): string => DOCUMENT_KINDS.find((k) => k.kind === kind)?.name ?? '文件';

/** A title reduced to what names the table: numbering, department-and-year prefix, leader dots gone. */
/** A unit printed with a title ("…总表（单位：万元）", "…表(万元)"): no part of the table's name. */
const TITLE_UNIT = /\(?(?:金额)?单位:?(?:万元|亿元|元)\)?|\((?:万元|亿元|元)\)$/u;

function tableName(raw: string): string {
  let c = compact(raw).replace(TOC_LEADER, '').replace(TITLE_UNIT, '');
  for (let i = 0; i < 3; i++) c = c.replace(ENTRY_NUMBER, '');
  c = c.replace(/^.{0,40}?20\d{2}年度?/, '');
  c = c.replace(/^(部门|单位)?(综合)?/, '').replace(/[."“”]/g, '');
  return TITLE_FOLDS.reduce((s, [re, to]) => s.replace(re, to), c);
}

/** Longest stretch two strings share. */
function commonStretch(a: string, b: string): number {
  let best = 0;
  for (let i = 0; i < a.length; i++)
    for (let j = 0; j < b.length; j++) {
      let k = 0;
      while (a[i + k] !== undefined && a[i + k] === b[j + k]) k++;
      if (k > best) best = k;
    }
  return best;
}

/** One table entry of the 目录. */
interface TocEntry {
  readonly text: string;
  readonly name: string;
  readonly type: TableType | undefined;
  readonly source: Provenance;
}

/**
 * The 目录's table entries: after each "目录" (a document may have one for its chapters and another, "报表目录", for
 * its tables), the lines up to the first sentence, the first repeated entry (the body starting over) or a page
 * gap. Part headings ("第二部分 …决算表") and chapters (…情况说明) are not tables.
 */
export function tocEntries(texts: readonly TextBlock[], tables: readonly NormalizedTable[] = []): TocEntry[] {
  const out: TocEntry[] = [];
  // The body has begun where a line is the title of a table on its own page (a 目录 runs into the tables when
  // nothing else stops it: 西安's tables with the unit printed after their titles, no "单位：元" line repeated).
  const titles = new Map<number, string[]>();
  for (const t of tables) {
    const page = t.source.page;
    const name = t.title ? tableName(t.title) : '';
    if (page === undefined || !name) continue;
    titles.set(page, [...(titles.get(page) ?? []), name]);
  }
  const names = new Set<string>();
  for (let start = 0; start < texts.length; start++) {
    if (!TOC_HEADING.test(compact(texts[start]!.text))) continue;
    const seen = new Set<string>();
    let page = texts[start]?.source.page;
    for (let j = start + 1; j < texts.length && j < start + 120; j++) {
      const b = texts[j]!;
      const c = compact(b.text);
      if (c.length > 70 || /[。；;]/.test(c) || TOC_HEADING.test(c)) break;
      if (page !== undefined && b.source.page !== undefined && b.source.page > page + 1) break;
      const line = c.replace(TOC_LEADER, '');
      if (seen.has(line)) break;
      const here = b.source.page !== undefined ? titles.get(b.source.page) : undefined;
      if (here?.some((n) => sameName(n, tableName(line)))) break;
      seen.add(line);
      page = b.source.page ?? page;
      const name = tableName(line);
      if (TOC_PART.test(line) || !TOC_ENTRY_TITLE.test(name) || name.length < 4 || names.has(name)) continue;
      names.add(name);
      const printed = b.text.replace(/\s+/g, ' ').trim().replace(TOC_LEADER, '').trim();
      out.push({ text: printed, name, type: matchFamilyTitle(name)?.type, source: b.source });
    }
  }
  return out;
}

/**
 * Two titles name the same table: equal, or one holds the other with little to spare ("一般公共预算支出表" in
 * "一般公共预算支出表按功能分类"); never a short family name inside a longer one ("支出决算表" in
 * "财政拨款三公经费支出决算表").
 */
function sameName(a: string, b: string): boolean {
  if (!a || !b || Math.min(a.length, b.length) < 4) return false;
  if (a === b) return true;
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  return long.includes(short) && short.length >= 0.75 * long.length;
}

/**
 * An untitled table's header (or its row labels: a form prints its fields as rows) names the entry: a stretch
 * of four or more characters of the name, or, for a 绩效 form printed once per project, its 绩效目标/指标 words.
 */
function headerNames(core: string, t: NormalizedTable): boolean {
  const words = compact([...t.columns.map((c) => c.label), ...t.rows.map((r) => r.label)].join(''));
  return (
    commonStretch(core, words.slice(0, 400)) >= 4 || (/绩效/.test(core) && /绩效(目标|指标)/.test(words))
  );
}

/**
 * The body has the entry's table: one titled alike, or of the entry's family, or (a table whose title was
 * lost, e.g. a title repeated on every page and dropped as page furniture) one whose header shares a stretch
 * of four or more characters of the name ("项目支出绩效目标表" and a header "… 绩效目标 绩效指标 …").
 */
function entryInBody(
  e: TocEntry,
  tables: readonly NormalizedTable[],
  required: ReadonlySet<TableType>,
  claimed: ReadonlySet<NormalizedTable>,
  titleLines: ReadonlyMap<string, TableType | undefined>,
  toc: readonly TocEntry[],
  reportedEmpty: ReadonlySet<string>,
): boolean {
  const core = e.name.replace(/表$/, '');
  // A required table has a stable title and family: only its title or family finds it.
  const byHeader = e.type === undefined || !required.has(e.type);
  // A table that may be empty ("本部门无政府性基金预算") is there with its header alone; a 收支总表 with no figure
  // is what is left of a table removed but for its header.
  const emptyable =
    e.type === undefined || (!NEVER_EMPTY.includes(e.type) && !moneyElsewhere(e.type, tables));
  return (
    tables.some(
      (t) =>
        // A table already reported empty (its money shown elsewhere) is there, printed empty: one finding.
        (hasFigures(t) || emptyable || t.template || reportedEmpty.has(t.id)) &&
        (sameName(tableName(t.title), e.name) ||
          // By family or header only a table no entry names: "基本支出总表" is not the "支出总表" the 目录 lists,
          // even where both are read as one family.
          (!claimed.has(t) &&
            ((e.type !== undefined && e.type !== 'unknown' && t.type === e.type) ||
              (byHeader && !t.title && t.type === 'unknown' && headerNames(core, t))))),
    ) ||
    // The title printed in the body as a line of its own, where the table under it was not read as one.
    [...titleLines].some(
      ([name, type]) =>
        sameName(name, e.name) ||
        // By family only a title no entry names (the 经济分类 table is not the 功能分类 one the 目录 lists).
        (e.type !== undefined && type === e.type && !toc.some((x) => sameName(name, x.name))),
    )
  );
}

/**
 * The table has a figure (0 included): a header alone, its words read as rows ("功能分类科目编码", "类 款 项"),
 * is what is left of a table removed but for the header its next page prints again.
 */
function hasFigures(t: NormalizedTable): boolean {
  return t.rows.some((r) => Object.values(r.cells).some((c) => typeof c.value === 'number'));
}

/**
 * Another table shows the money a table of `type` holds (per catalog, EMPTY_ONLY_WITHOUT): a figure other than 0
 * whose row and column are named for it. Then a table of that family with no figure is not there.
 */
function moneyElsewhere(type: TableType, tables: readonly NormalizedTable[]): boolean {
  const words = EMPTY_ONLY_WITHOUT[type];
  if (!words) return false;
  return tables.some(
    (t) =>
      t.type !== type &&
      !t.template &&
      !FORMS.test(t.type) &&
      t.rows.some((r) =>
        Object.entries(r.cells).some(
          ([k, c]) =>
            typeof c.value === 'number' &&
            c.value !== 0 &&
            words.every((w) => w.test(compact(r.label + (t.columns.find((x) => x.key === k)?.label ?? '')))),
        ),
      ),
  );
}

/** A line printed again and again over itself ("表2表2表2…": a PDF that draws each glyph several times), once. */
function unrepeated(c: string): string {
  const m = /^(.{2,}?)\1+$/u.exec(c);
  return m?.[1] ?? c;
}

/** The names (and families) of the table titles printed as lines of their own after the 目录 (not sentences). */
function bodyTitleLines(
  texts: readonly TextBlock[],
  tables: readonly NormalizedTable[],
  toc: readonly TocEntry[],
): Map<string, TableType | undefined> {
  const out = new Map<string, TableType | undefined>();
  const tocPages = new Set(toc.map((e) => e.source.page));
  // Only above a table with figures: a title left over a header alone (its rows the header's words, 类 款 项) is
  // not the table.
  const withRows = new Set(
    tables.filter(hasFigures).flatMap((t) => t.rows.map((r) => r.source.page).concat(t.source.page)),
  );
  for (const t of texts) {
    const c = unrepeated(compact(t.text));
    if (tocPages.has(t.source.page) || !withRows.has(t.source.page) || c.length > 80) continue;
    if (/[。；;，,]/.test(c)) continue;
    if (!TOC_ENTRY_TITLE.test(c)) continue;
    out.set(tableName(c), matchFamilyTitle(c)?.type);
  }
  return out;
}

/** A column of list numbers, not figures. */
const SEQUENCE_COLUMN = /^(序号|编号|行次|栏次)$/;

/** The 绩效 forms' families: not finance tables. */
const FORMS = /^(performance|self_evaluation|special_fund)/;

function tableInToc(t: NormalizedTable, toc: readonly TocEntry[]): boolean {
  const n = tableName(t.title);
  return toc.some((e) => sameName(n, e.name) || (e.type !== undefined && e.type === t.type));
}

function docAnomaly(
  rule: Anomaly['rule'],
  severity: Anomaly['severity'],
  id: string,
  message: string,
  source: Provenance,
  extra: Partial<Anomaly> = {},
): Anomaly {
  return { id: `${rule}:${id}`, rule, severity, table: '', message, related: [], source, ...extra };
}

/** The 目录 against the body, both ways; and the required tables (per catalog) present. */
function tableChecks(
  input: DocumentCheckInput,
  kind: DocumentKind,
  where: Provenance,
  reportedEmpty: ReadonlySet<string> = new Set(),
): Anomaly[] {
  const out: Anomaly[] = [];
  const { tables, texts } = input;
  if (tables.length === 0) return out;
  const toc = tocEntries(texts, tables);
  const required = new Set(DOCUMENT_KINDS.find((k) => k.kind === kind)?.required ?? []);
  const claimed = new Set(tables.filter((t) => toc.some((e) => sameName(tableName(t.title), e.name))));
  const lines = bodyTitleLines(texts, tables, toc);
  const listed = toc.filter((e) => entryInBody(e, tables, required, claimed, lines, toc, reportedEmpty));
  // The 目录 speaks for this file's body only when the body holds most of what it lists (a text part whose
  // 目录 lists the 报表 published as another file lists them all, and the body has none).
  const tocHolds = toc.length >= 2 && listed.length >= 2 && listed.length * 2 >= toc.length;
  // Tables of figures that were not recognised, untitled, among the finance tables the 目录 lists (not after
  // them, where the 绩效 forms are): they may be the tables it lists (titles printed apart from their grids), so
  // a missing entry is not certain then.
  const last = Math.max(
    0,
    ...tables
      .filter((t) => t.type !== 'unknown' && !FORMS.test(t.type) && tableInToc(t, toc))
      .map((t) => t.source.page ?? 0),
  );
  // Figures, not only the 序号 of a list (the units the department holds: 序号, 单位名称, 备注).
  const anonymous = tables.filter(
    (t) =>
      t.type === 'unknown' &&
      !t.title &&
      t.rows.some(
        (r) =>
          !columnNumbers(r) &&
          Object.entries(r.cells).some(
            ([k, c]) =>
              typeof c.value === 'number' &&
              !SEQUENCE_COLUMN.test(t.columns.find((x) => x.key === k)?.label ?? ''),
          ),
      ) &&
      // A 绩效 form (资金 figures beside its targets) is not one of the 目录's finance tables.
      !/绩效|指标/.test(
        compact([...t.columns.map((c) => c.label), ...t.rows.map((r) => r.label)].join('')),
      ) &&
      (t.source.page ?? Infinity) <= last,
  ).length;
  const unlisted = toc.filter((x) => !listed.includes(x));
  if (tocHolds && anonymous < unlisted.length) {
    for (const e of unlisted)
      out.push(
        docAnomaly(
          'toc_mismatch',
          'error',
          `toc:${e.name}`,
          `目录列有“${e.text}”，但正文中没有这张表。`,
          e.source,
          { expected: e.name },
        ),
      );
  }
  if (tocHolds && toc.length >= 3) {
    const seen = new Set<string>();
    for (const t of tables) {
      const n = tableName(t.title);
      if (!required.has(t.type) || !n || seen.has(n) || tableInToc(t, toc)) continue;
      seen.add(n);
      out.push({
        ...docAnomaly(
          'toc_mismatch',
          'warning',
          `body:${t.id}`,
          `正文中有“${t.title}”，但目录未列出这张表。`,
          t.source,
        ),
        table: t.id,
      });
    }
  }

  // Tables numbered 1 … N with a number missing: one is gone (unless the 目录 said so already).
  const tocMissing = out.filter((a) => a.rule === 'toc_mismatch' && a.severity === 'error').length;
  const gaps = numberingGaps(tables);
  if (gaps.length > tocMissing)
    for (const g of gaps)
      out.push(
        docAnomaly(
          'missing_table',
          'warning',
          `number:${g.missing}`,
          `表的编号不连续：有“${g.before}”和“${g.after}”，没有第 ${g.number} 张表，文件中可能缺少这张表。`,
          g.source,
          { expected: g.missing },
        ),
      );

  // Required tables: only where this file holds the tables (most of them) and does not say they are elsewhere.
  if (required.size === 0) return out;
  const elsewhere = texts.some((t) => TABLES_ELSEWHERE.some((re) => re.test(compact(t.text))));
  const present = new Set(tables.map((t) => t.type));
  const have = [...required].filter((t) => present.has(t));
  const spec = DOCUMENT_KINDS.find((k) => k.kind === kind);
  // A table of this kind whose family was not recognised might be the one that looks missing: no alarm then.
  const unrecognised = tables.some(
    (t) =>
      t.type === 'unknown' &&
      t.title &&
      spec?.tableTitle.test(compact(t.title)) &&
      matchFamilyTitle(t.title) === undefined,
  );
  if (elsewhere || unrecognised || have.length * 2 < required.size) return out;
  for (const type of required) {
    if (present.has(type)) continue;
    if (tocHolds && toc.some((e) => e.type === type)) continue; // the 目录 check reported it
    const subject = TABLE_SUBJECTS[type];
    if (subject && hasEmptyStatement(texts, subject)) continue; // omitted, and the text says why
    out.push(
      docAnomaly(
        'missing_table',
        'warning',
        type,
        `本${kindName(kind)}应公开${familyName(type)}，但文件中没有找到这张表（应公开的 ${required.size} 张表中有 ${have.length} 张在文件中）。`,
        where,
        { expected: type },
      ),
    );
  }
  return out;
}

/** A table's printed number and its scheme ("预算表", "表", ""), from its label or the start of its title. */
function tableNumber(t: NormalizedTable): { scheme: string; n: number; printed: string } | undefined {
  for (const text of [t.label ?? '', t.title]) {
    const c = compact(text);
    for (const [i, re] of TABLE_NUMBER.entries()) {
      const m = re.exec(c);
      if (m) return { scheme: `${i}:${m[1] ?? ''}`, n: Number(m[2]), printed: m[0] };
    }
  }
  return undefined;
}

/**
 * Numbers missing from the tables' own numbering (预算01表 … 预算13表 with 预算02表 absent): in the scheme most
 * tables use, with three or more numbers, a number between two present ones and no untitled table between
 * them (a table whose title was lost may be the one).
 */
function numberingGaps(tables: readonly NormalizedTable[]): {
  number: number;
  missing: string;
  before: string;
  after: string;
  source: Provenance;
}[] {
  const numbered = tables.map((t, i) => ({ i, t, num: tableNumber(t) }));
  const schemes = new Map<string, Set<number>>();
  for (const x of numbered)
    if (x.num) schemes.set(x.num.scheme, (schemes.get(x.num.scheme) ?? new Set()).add(x.num.n));
  const [scheme, ns] = [...schemes].sort((a, b) => b[1].size - a[1].size)[0] ?? [];
  // A number printed in another form ("预算表12" among "预算11表", "预算13表") is there.
  const anyScheme = new Set(numbered.flatMap((x) => (x.num ? [x.num.n] : [])));
  if (!scheme || !ns || ns.size < 3) return [];
  const sorted = [...ns].sort((a, b) => a - b);
  const out: ReturnType<typeof numberingGaps> = [];
  for (let k = 1; k < sorted.length; k++) {
    const [lo, hi] = [sorted[k - 1]!, sorted[k]!];
    // One number missing; a wider gap is a numbering of another kind.
    if (hi - lo !== 2 || anyScheme.has(lo + 1)) continue;
    const a = numbered.filter((x) => x.num?.scheme === scheme && x.num.n === lo).at(-1);
    const b = numbered.find((x) => x.num?.scheme === scheme && x.num.n === hi);
    if (!a || !b || b.i < a.i) continue;
    const between = numbered.slice(a.i + 1, b.i);
    if (between.some((x) => !x.t.template && !x.num)) continue;
    const width = a.num!.printed.match(/\d+/)?.[0]?.length ?? 1;
    out.push({
      number: lo + 1,
      missing: a.num!.printed.replace(/\d+/, String(lo + 1).padStart(width, '0')),
      before: a.num!.printed,
      after: b.num!.printed,
      source: b.t.source,
    });
  }
  return out;
}

/** The family's name for messages, from the catalog (its file under src/catalog/families). */
function familyName(type: TableType): string {
  return family(type)?.name ?? type;
}

/** A sentence that says the subject has nothing ("无政府性基金预算财政拨款收入…故本表无数据"). */
function hasEmptyStatement(texts: readonly TextBlock[], subject: RegExp): boolean {
  return texts.some((t) =>
    compact(t.text)
      .split(/[。；;]/)
      .some((s) => subject.test(s) && (EMPTY_STATEMENTS.some((re) => re.test(s)) || NOTHING.test(s))),
  );
}

/** What the table is about: from its title first (the family may be misread), else from its family. */
function subjectOf(t: NormalizedTable): RegExp | undefined {
  const title = compact(t.title);
  return Object.values(TABLE_SUBJECTS).find((re) => re.test(title)) ?? TABLE_SUBJECTS[t.type];
}

/** Every amount cell blank, a placeholder or zero, and nothing that failed to parse. */
function isEmpty(t: NormalizedTable): boolean {
  return t.rows.every((r) =>
    Object.values(r.cells).every(
      (c) => c.value === 0 || (c.value === null && (c.blank || c.placeholder || !/\d/.test(c.raw))),
    ),
  );
}

/** An empty required table carries its 无数据 statement: in its own note rows, beside it, or in the text. */
function emptyTables(
  input: DocumentCheckInput,
  kind: DocumentKind,
  reported: ReadonlySet<string>,
): Anomaly[] {
  const out: Anomaly[] = [];
  const required = new Set(DOCUMENT_KINDS.find((k) => k.kind === kind)?.required ?? []);
  // A file of tables only (Beijing's 报表, Jiangsu's 公开表) has no text to carry the statement: its 情况说明 is
  // another file. A file with a 说明 part has a heading that says so.
  const narrative = input.texts.some((x) => {
    const c = compact(x.text);
    return c.length <= 40 && !/[。，,]/.test(c) && /说明$/.test(c);
  });
  if (!narrative) return out;
  for (const t of input.tables) {
    if (t.template || !required.has(t.type) || reported.has(t.id) || !isEmpty(t)) continue;
    const pages = new Set(t.pages ?? (t.source.page ? [t.source.page] : []));
    const own = t.rows.some((r) =>
      EMPTY_STATEMENTS.some((re) =>
        re.test(compact([r.label, ...Object.values(r.cells).map((c) => c.raw)].join(''))),
      ),
    );
    const beside = input.texts.some(
      (x) =>
        x.source.page !== undefined &&
        pages.has(x.source.page) &&
        EMPTY_STATEMENTS.some((re) => re.test(compact(x.text))),
    );
    const subject = subjectOf(t);
    const inText = subject !== undefined && hasEmptyStatement(input.texts, subject);
    if (own || beside || inText) continue;
    out.push({
      id: `empty_table:${t.id}:statement`,
      rule: 'empty_table',
      severity: 'warning',
      table: t.id,
      message: `${t.title || familyName(t.type)}没有数据，但表中和说明中都没有“本表无数据”一类的说明（如“本部门无此项收支，故本表无数据”）。`,
      related: [],
      source: t.source,
    });
  }
  return out;
}

/** Template placeholders anywhere: one anomaly per placeholder text, every place listed; a template once. */
function placeholders(input: DocumentCheckInput, where: Provenance): Anomaly[] {
  const hits = new Map<string, { name: string; places: Provenance[]; table?: string; context: string }>();
  const scan = (text: string, source: Provenance, table?: string): void => {
    const t = text.replace(/\s+/g, ' ');
    const taken: [number, number][] = [];
    for (const p of PLACEHOLDERS) {
      for (const m of t.matchAll(new RegExp(p.pattern.source, 'gu'))) {
        const [from, to] = [m.index, m.index + m[0].length];
        // "上海市XX局" is one placeholder, not also a "××" and a "XXXX".
        if (taken.some(([a, b]) => from < b && a < to)) continue;
        taken.push([from, to]);
        const key = m[0].replace(/\s+/g, '');
        const h = hits.get(key) ?? {
          name: p.name,
          places: [],
          ...(table ? { table } : {}),
          context: t.slice(0, 60),
        };
        if (!h.places.includes(source)) h.places.push(source);
        hits.set(key, h);
      }
    }
  };
  for (const x of input.texts) scan(x.text, x.source);
  for (const t of input.tables) {
    scan(t.title, t.source, t.id);
    for (const r of t.rows) {
      scan(r.label, r.source, t.id);
      for (const c of Object.values(r.cells)) if (c.value === null && c.raw) scan(c.raw, c.source, t.id);
    }
    for (const f of Object.values(t.fields ?? {})) if (f.raw) scan(f.raw, f.source, t.id);
  }
  if (hits.size === 0) return [];
  const templates = input.tables.filter((t) => t.template);
  if (templates.length > 0) {
    const n = [...hits.values()].reduce((s, h) => s + h.places.length, 0);
    const examples = [...hits.keys()].slice(0, 3).join('”“');
    return [
      docAnomaly(
        'placeholder_text',
        'info',
        'template',
        `本文件是未填写的模板（${templates.length} 张表为模板，占位文字如“${examples}”共 ${n} 处），按模板处理，不逐一报告。`,
        where,
      ),
    ];
  }
  return [...hits].map(([key, h]) =>
    docAnomaly(
      'placeholder_text',
      'error',
      `${key}`,
      `“${key}”是模板占位文字（${h.name}），出现在“${h.context}”${h.places.length > 1 ? `等 ${h.places.length} 处` : ''}，应填写实际内容。`,
      h.places[0]!,
      {
        found: key,
        ...(h.table ? { table: h.table } : {}),
        ...(h.places.length > 1 ? { places: h.places } : {}),
      },
    ),
  );
}

/** Years and the department the cover, headings and tables claim, against the document's own. */
function metadata(input: DocumentCheckInput, meta: DocumentMeta): Anomaly[] {
  const out: Anomaly[] = [];
  const years = yearClaims(input.texts, input.tables, meta.kind);
  const cover = years.find((c) => c.from === 'cover');
  const year = meta.year;
  if (year !== null) {
    const basis = cover ? `封面“${cover.text}”` : `多数表题`;
    // The fault may be either side (a wrong year on the cover makes the tables look wrong): both places listed.
    const basisSource = (cover ?? years.find((c) => c.value === year))?.source;
    const seen = new Set<string>();
    for (const c of years) {
      if (c.value === year || seen.has(c.text)) continue;
      seen.add(c.text);
      const table = input.tables.find((t) => t.source === c.source);
      out.push({
        ...docAnomaly(
          'metadata_mismatch',
          'error',
          `year:${c.from}:${c.text}`,
          `${c.from === 'table_title' ? '表题' : c.from === 'heading' ? '标题' : '封面'}“${c.text}”写的是 ${c.value} 年，与本文件的年度 ${year} 年（${basis}）不一致。`,
          c.source,
          {
            found: c.value,
            expected: year,
            ...(basisSource && basisSource !== c.source ? { places: [c.source, basisSource] } : {}),
          },
        ),
        ...(table ? { table: table.id } : {}),
      });
    }
  }
  const dep = meta.department;
  if (dep && meta.scope !== 'unit') {
    const mine = foldDepartment(dep);
    const seen = new Set<string>();
    for (const c of departmentClaims(input)) {
      const other = foldDepartment(String(c.value));
      if (!other || mine.includes(other) || other.includes(mine) || seen.has(other)) continue;
      seen.add(other);
      out.push(
        docAnomaly(
          'metadata_mismatch',
          'warning',
          `department:${other}`,
          `“${c.text}”中的部门“${c.value}”与本文件的部门“${dep}”不一致。`,
          c.source,
          { found: String(c.value), expected: dep },
        ),
      );
    }
  }
  return out;
}

/**
 * The cross-table check groups (per catalog) that could not run because a table they need is absent: one
 * info per group, naming what is missing. A group with none of its tables present says nothing, nor does a
 * file that holds less than half the tables its kind requires.
 */
export function skippedChecks(tables: readonly NormalizedTable[], kind: DocumentKind): Anomaly[] {
  const out: Anomaly[] = [];
  const present = new Map<TableType, NormalizedTable>();
  for (const t of tables) if (!t.template && !present.has(t.type)) present.set(t.type, t);
  // Only a file that holds the kind's table set (most of it) misses a check; a fragment (one table, the text
  // part, a 绩效 form) was never meant to be checked across tables.
  const required = DOCUMENT_KINDS.find((k) => k.kind === kind)?.required ?? [];
  const held = required.filter((t) => present.has(t)).length;
  if (required.length === 0 || held * 2 < required.length) return out;
  for (const d of CHECK_DEPENDENCIES) {
    if (d.kind !== kind) continue;
    const have = d.needs.filter((t) => present.has(t));
    const lack = d.needs.filter((t) => !present.has(t));
    if (have.length === 0 || lack.length === 0) continue;
    const anchor = present.get(have[0]!)!;
    out.push({
      id: `check_skipped:${d.id}`,
      rule: 'check_skipped',
      severity: 'info',
      table: anchor.id,
      message: `未能进行${d.name}：文件中没有${lack.map(familyName).join('、')}。`,
      related: [],
      source: anchor.source,
    });
  }
  return out;
}

/** Every document-level check. `prior` are the anomalies already raised (an empty table is reported once). */
export function documentChecks(input: DocumentCheckInput, prior: readonly Anomaly[] = []): Anomaly[] {
  const meta = input.meta;
  const where: Provenance = input.texts[0]?.source ?? input.tables[0]?.source ?? {};
  const out: Anomaly[] = [...placeholders(input, where)];
  const template =
    input.tables.some((t) => t.template) && out.some((a) => a.id === 'placeholder_text:template');
  if (!meta || template) return out;
  const reported = new Set(prior.filter((a) => a.rule === 'empty_table').map((a) => a.table));
  const tableAlarms = tableChecks(input, meta.kind, where, reported);
  // A header left over from a table the 目录 lists and the body lacks is that table's absence, not an empty table.
  const gone = tableAlarms.flatMap((a) =>
    a.rule === 'toc_mismatch' && a.severity === 'error' && typeof a.expected === 'string' ? [a.expected] : [],
  );
  for (const t of input.tables)
    if (
      !hasFigures(t) &&
      gone.some((n) => sameName(tableName(t.title), n) || (matchFamilyTitle(n)?.type ?? '') === t.type)
    )
      reported.add(t.id);
  out.push(
    ...tableAlarms,
    ...emptyTables(input, meta.kind, reported),
    ...metadata(input, meta),
    ...skippedChecks(input.tables, meta.kind),
  );
  return out;
}
