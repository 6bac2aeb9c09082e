import {
  BALANCED,
  CEILINGS,
  CHANGE_RATE_BRACKET,
  CHANGE_SUMS,
  CHANGE_REASON,
  CHANGE_REASON_WORD,
  CHANGE_WORDS,
  APPROXIMATE_WORDS,
  LAST_YEAR_COMPARED,
  FACT_LEAD_WORDS,
  PART_OF,
  PART_SUMS,
  PROJECT_FAMILIES,
  PROJECT_FIGURES,
  CLASS_ROW_PREFIX,
  CLASS_IN_LABEL,
  CLASS_TARGETS,
  ECONOMIC_NAMES,
  ECONOMIC_TARGETS,
  GENERAL_ECONOMIC_TARGETS,
  GOV_ECONOMIC_NAMES,
  GOV_ECONOMIC_SIDES,
  GOV_ECONOMIC_TARGETS,
  LAST_YEAR_COLUMNS,
  USE_BREAKDOWN,
  USE_COLUMNS,
  USE_TARGETS,
  FISCAL_HEADING,
  FISCAL_SUBJECT,
  COMPARATORS,
  COMPLETION,
  LOCAL_CONTEXT,
  PART_CONTEXTS,
  ROLES,
  SHARE_WORDS,
  SUBJECTS,
  type FigureRole,
  type FigureTarget,
  type Subject,
} from '../../catalog/narrative.js';
import type {
  Anomaly,
  Cell,
  NormalizedTable,
  Provenance,
  Row,
  TableType,
  TextBlock,
} from '../../model/index.js';
import { FINAL_ACCOUNT_TABLES, MONEY_UNIT_NAME } from '../../model/index.js';
import {
  compact,
  foldYearNumerals,
  functionClassCode,
  parseNumber,
  stripOrdinal,
} from '../../normalize/index.js';
import { sourceAt, toSentences, type Sentence } from '../../normalize/sentences.js';
import { cellDecimals } from '../identity.js';

/** A figure printed in a sentence: an amount (in 万元 after conversion) or a percentage. */
interface Figure {
  readonly sentence: Sentence;
  /** Offsets in the sentence. */
  readonly at: number;
  readonly end: number;
  readonly raw: string;
  /** Amounts in 万元; percentages in percent. */
  readonly value: number;
  /** Half a unit of the last printed digit, in the same unit as value. */
  readonly half: number;
  readonly percent: boolean;
  readonly unit: string;
  /** The words between the previous figure (or clause start) and this one. */
  readonly label: string;
  subject?: Subject;
  role: FigureRole;
  /** The role its own words give, before continuing the figure before it. */
  readonly ownRole: FigureRole;
  /** Code of the function class / 款 / 项 the figure is about (per-类 paragraphs). */
  classCode?: string;
  /** Economic classification code the figure is about ("工资福利支出（301）"). */
  econCode?: string;
  /** 政府预算支出经济分类 code the figure is about ("机关工资福利支出（501）"). */
  govEconCode?: string;
  /** The sentence before the figure, or its heading, speaks of 财政拨款, or of the 一般公共预算 alone. */
  fiscalScope?: 'fiscal' | 'general';
  /** The class is named right before the figure ("一般公共服务支出（类）2106.66万元"): a plain figure is its 决算. */
  classNamed?: boolean;
  /** The use a per-use list gives the figure ("①人员经费：工资福利支出（301）…"): the columns it lives in. */
  useColumns?: readonly string[];
  /** The sentence speaks of 基本支出 before the figure: an economic class is the 基本支出 table's. */
  basic?: boolean;
  /** The economic class is named by its words alone (no code): read only where the sentence says whose it is. */
  econByName?: boolean;
  /** The label names a project, a 专项 or another budget: department-wide subjects are not resolved. */
  local: boolean;
  /** Stated as a change against last year (比上年增加 X 万元). */
  change?: 'up' | 'down' | 'flat' | 'both';
  /** A project the sentence names by its printed name: its rows in the project tables and the column of the figure. */
  project?: { readonly rows: readonly { table: NormalizedTable; row: Row }[]; readonly column: RegExp };
}

/** What the heading above a sentence says about it. */
interface Heading {
  /** About one project, a 专项 or another budget. */
  readonly local: boolean;
  /** About 财政拨款 only. */
  readonly fiscal: boolean;
  /** The function class / 款 / 项 it names. */
  readonly classCode?: string;
  /** The heading as printed. */
  readonly text?: string;
  /** The last 财政拨款 / 一般公共预算 words of a sentence under it (the lead of a list of classes). */
  readonly scopeWords?: string;
}

/** A table figure a claim resolved to. */
interface Resolved {
  readonly table: NormalizedTable;
  readonly row: Row;
  readonly column: string;
  /** In 万元. */
  readonly value: number;
  readonly half: number;
  readonly raw: string;
}

/** One claim the text makes and what checking it gave (holds, a note, a warning, or not checkable). */
export interface ClaimRecord {
  readonly kind: 'amount' | 'share' | 'change' | 'flat' | 'completion' | 'comparison';
  /** The figure or words claimed, as printed ("64.51%", "529.72万元", "决算数小于预算数"). */
  readonly said: string;
  readonly sentence: string;
  /** The words right before the figure, and the catalog subject they name, if any. */
  readonly label?: string;
  readonly subject?: string;
  verdict: 'holds' | 'info' | 'warning' | 'unresolved';
}

/** How many claims the text makes, how many were checked (against a table or within the sentence), how many not. */
export interface ClaimCount {
  found: number;
  resolved: number;
  unresolved: number;
}

const AMOUNT = /(-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?)\s*(亿元|万元|元)|(-?\d+(?:\.\d+)?)\s*%/gu;
const CLAUSE = /[，,；;：:。！？]/u;
/** The words of a last year's figure stated after this year's, to compare with ("，较2025年预算", "比上年", "与上年的"). */
const LAST_YEAR_AFTER = new RegExp(`^(?:${LAST_YEAR_COMPARED})`, 'u');
/** Between last year's bare figure and the change ("，较上年增加"). */
const PAIRED_CHANGE = new RegExp(
  `^[，,\\s]*${LAST_YEAR_COMPARED}(?:同期)?\\s*(?:${CHANGE_WORDS.map(([w]) => w).join('|')})(?:了|为)?\\s*$`,
  'u',
);
const APPROX_BEFORE = new RegExp(`(?:${APPROXIMATE_WORDS})$`, 'u');
const REASON = new RegExp(CHANGE_REASON, 'u');
const SHARE_TAIL = new RegExp(`${SHARE_WORDS}$`, 'u');
const REASON_WORD = new RegExp(CHANGE_REASON_WORD, 'gu');
const RATE_BRACKET = new RegExp(`^(?:${CHANGE_RATE_BRACKET})$`, 'u');
const FACT_LEAD = new RegExp(`^(?:${FACT_LEAD_WORDS})+`, 'u');
const USE_LIST = /^[^，,。；;]{0,12}(?:基本支出|人员经费|公用经费|项目支出|专项(?:业务)?经费)[：:]/u;
const USE_HEAD = new RegExp(`(${USE_COLUMNS.map(([w]) => w).join('|')})[：:]`, 'gu');
const ECONOMIC_NAME_RES = ECONOMIC_NAMES.map(([name, code]) => ({
  re: new RegExp(`^(?:${name})$`, 'u'),
  code,
}));
const LOCAL = new RegExp(LOCAL_CONTEXT, 'u');
const PART_CONTEXT_RES = PART_CONTEXTS.map((src) => new RegExp(src, 'u'));
const FISCAL = new RegExp(FISCAL_HEADING, 'u');
const HEADING =
  /^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．](?!\d)|第[一二三四五六七八九十]+部分)/u;
const CLASS_PATH =
  /([\u4e00-\u9fff]+?)[（(]类[)）](?:([\u4e00-\u9fff]+?)[（(]款[)）])?(?:([\u4e00-\u9fff]+?)[（(]项[)）])?/u;
const CLASS_IN_LABEL_RES = CLASS_IN_LABEL.map(({ re, kind }) => ({ re: new RegExp(re, 'u'), kind }));
const SUBJECT_RES = SUBJECTS.map((s) => ({ subject: s, re: new RegExp(s.phrase, 'gu') }));
/** A whole named by a subject in full (a table holds it), nothing before or after but 本年/本部门 and 的. */
const SUBJECT_WHOLE_RES = SUBJECTS.filter((s) => s.targets.length > 0).map(
  (s) => new RegExp(`^(?:本年|当年|本部门|部门|单位)?(?:${s.phrase})(?:的)?$`, 'u'),
);
const ROLE_RES = ROLES.map(([role, src]) => ({ role, re: new RegExp(src, 'gu') }));
const CEILING_RES = CEILINGS.map((c) => ({
  ...c,
  sentence: c.sentence !== undefined ? new RegExp(c.sentence, 'u') : undefined,
  label: c.label !== undefined ? new RegExp(c.label, 'u') : undefined,
  bounds: c.bounds.flatMap((b) =>
    typeof b === 'string'
      ? (SUBJECTS.find((x) => x.id === b)?.targets ?? []).map((target) => ({
          target,
          name: nameOfSubject(b),
        }))
      : [{ target: b, name: undefined }],
  ),
}));
const CHANGE_AT_END = new RegExp(
  `(?:${CHANGE_WORDS.map(([w]) => w).join('|')})(?:[（(](?:${CHANGE_WORDS.map(([w]) => w).join('|')})[)）])?(?:了|为|约)?$`,
  'u',
);
const COMPLETION_RES = COMPLETION.map(([src, role]) => ({ role, re: new RegExp(`(?:${src})$`, 'u') }));
const COMPARE = new RegExp(
  `(决算(?:数|支出)?|支出决算(?:数)?|执行数|实际支出)(${COMPARATORS.map(([w]) => w).join('|')})((?:年初|全年|调整后?)?预算(?:数)?)|` +
    `((?:年初|全年|调整后?)?预算(?:数)?)(${COMPARATORS.map(([w]) => w).join('|')})(决算(?:数|支出)?|执行数)`,
  'gu',
);

/** Full-width digits, point and percent sign in ASCII, and years in Chinese numerals in digits (offsets kept). */
const asciiDigits = (s: string): string =>
  foldYearNumerals(
    s.replace(/[０-９．％，]/gu, (c) => (c === '，' ? '，' : String.fromCharCode(c.charCodeAt(0) - 0xfee0))),
  );

function lastMatch(re: RegExp, text: string): { index: number; end: number } | undefined {
  re.lastIndex = 0;
  let best: { index: number; end: number } | undefined;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    const end = m.index + m[0].length;
    if (!best || end > best.end || (end === best.end && m.index < best.index)) best = { index: m.index, end };
  }
  return best;
}

/**
 * The subject named closest to the figure; where two names overlap ("三公经费财政拨款支出" and its tail "支出预算"),
 * the longer one is the name, and of two as long the one read first ("基本支出预算数" is 基本支出).
 */
function subjectOf(label: string): Subject | undefined {
  const found: { subject: Subject; index: number; end: number }[] = [];
  for (const { subject, re } of SUBJECT_RES) {
    const m = lastMatch(re, label);
    if (m) found.push({ subject, ...m });
  }
  found.sort((a, b) => b.end - a.end || a.index - b.index);
  let best = found[0];
  for (const f of found.slice(1))
    if (best && f.end > best.index && f.end - f.index >= best.end - best.index) best = f;
  return best?.subject;
}

function roleOf(label: string, year: number | undefined, budgetDoc: boolean): FigureRole {
  let best: { role: FigureRole; end: number } | undefined;
  for (const { role, re } of ROLE_RES) {
    const m = lastMatch(re, label);
    if (m && (!best || m.end > best.end)) best = { role, end: m.end };
  }
  // The year named closest to the figure ("2017年度…与2016年度相比（2016年度部门支出预算安排为").
  const years = [...label.matchAll(/(20\d\d)\s*年/gu)];
  const y = years[years.length - 1];
  if (year !== undefined && y?.[1] && Number(y[1]) < year) return 'last_year';
  const role = best?.role ?? 'plain';
  // In a budget the budget is the figure itself.
  if (budgetDoc && (role === 'budget' || role === 'budget_initial')) return 'plain';
  return role;
}

function classCodeOf(text: string): string | undefined {
  const name = text
    .replace(HEADING, '')
    .replace(/[（(](类|款|项)[)）].*$/u, '')
    .trim();
  return (
    functionClassCode(name) ??
    functionClassCode(`${name}支出`) ??
    functionClassCode(name.replace(/支出$/u, ''))
  );
}

/** The code of the deepest of 类/款/项 named in a sentence, found among a table's rows by label. */
function classPathCode(text: string, tables: readonly NormalizedTable[]): string | undefined {
  const t = text.replace(HEADING, '');
  const m = CLASS_PATH.exec(t);
  if (!m?.[1]) return undefined;
  // A level the pattern could not read ("中医（民族）医院（项）"): the figure is that level's, not its parent's.
  if (/[（(][款项][)）]/u.test(t.slice(m.index + m[0].length))) return undefined;
  const lei = classCodeOf(m[1]);
  if (!lei) return undefined;
  let code = lei;
  for (const name of [m[2], m[3]]) {
    if (!name) break;
    const want = compact(name);
    const row = tables
      .flatMap((t) => t.rows)
      .find(
        (r) =>
          r.code !== undefined &&
          r.code.startsWith(code) &&
          r.code.length === code.length + 2 &&
          compact(r.label).replace(/^[\d\s]+/u, '') === want,
      );
    // A 款 or 项 the tables do not hold: the figure is not the 类's.
    if (!row?.code) return undefined;
    code = row.code;
  }
  return code;
}

function mostCommonYear(sentences: readonly Sentence[]): number | undefined {
  const count = new Map<number, number>();
  for (const s of sentences)
    for (const m of asciiDigits(s.text).matchAll(/(20\d\d)\s*年/gu))
      count.set(Number(m[1]), (count.get(Number(m[1])) ?? 0) + 1);
  let best: [number, number] | undefined;
  for (const e of count) if (!best || e[1] > best[1]) best = e;
  return best?.[0];
}

const PROJECT_FIGURE_RES = PROJECT_FIGURES.map(({ phrase, column }) => ({
  re: new RegExp(`(?:${phrase})$`, 'u'),
  column: new RegExp(column, 'u'),
}));

/** The endings a project's name is printed with or without (经费, 项目, 专项资金). */
const PROJECT_ENDING = /(?:专项经费|专项资金|项目经费|项目资金|经费|项目|资金|专项)$/u;
/** The projects of the project tables by printed name (spaces removed, 4 characters at least). */
const projectIndex = new WeakMap<
  readonly NormalizedTable[],
  Map<string, { table: NormalizedTable; row: Row }[]>
>();
function projectsOf(tables: readonly NormalizedTable[]): Map<string, { table: NormalizedTable; row: Row }[]> {
  let out = projectIndex.get(tables);
  if (out) return out;
  out = new Map();
  for (const table of tables) {
    if (!PROJECT_FAMILIES.includes(table.type) || table.template) continue;
    for (const row of table.rows) {
      if (row.role === 'total' || row.role === 'column_numbers') continue;
      const name = compact(row.label);
      if (name.length < 4 || /^(?:合计|总计|小计)/u.test(name) || !/[\u4e00-\u9fff]{4}/u.test(name)) continue;
      // The text may name it with another ending ("市级重大科技创新平台经费" in the table, "…平台项目" in the text): by
      // its stem too, when the stem is still a name (six characters or more).
      const stem = name.replace(PROJECT_ENDING, '');
      for (const key of new Set([name, ...(stem.length >= 6 ? [stem] : [])]))
        out.set(key, [...(out.get(key) ?? []), { table, row }]);
    }
  }
  projectIndex.set(tables, out);
  return out;
}

/** The project named last before `at` in the sentence (the longest name where two end together). */
function projectNamed(
  text: string,
  at: number,
  tables: readonly NormalizedTable[],
): { table: NormalizedTable; row: Row }[] | undefined {
  const before = compact(text.slice(0, at));
  let best: { end: number; len: number; rows: { table: NormalizedTable; row: Row }[] } | undefined;
  for (const [name, rows] of projectsOf(tables)) {
    const i = before.lastIndexOf(name);
    if (i < 0) continue;
    const end = i + name.length;
    if (!best || end > best.end || (end === best.end && name.length > best.len))
      best = { end, len: name.length, rows };
  }
  return best?.rows;
}

const TO_WAN: Record<string, number> = { 亿元: 10000, 万元: 1, 元: 1e-4 };
const TABLE_TO_WAN: Record<string, number> = { yi_yuan: 10000, wan_yuan: 1, yuan: 1e-4 };
/** The unit a table figure is printed in, for a reviewer comparing it with the text's 万元 (a 西安 table in 元). */
const tableUnit = (r: Resolved): string => MONEY_UNIT_NAME[r.table.unit ?? 'wan_yuan'];

function figuresOf(
  sentence: Sentence,
  year: number | undefined,
  budgetDoc: boolean,
  heading: Heading,
  tables: readonly NormalizedTable[],
): Figure[] {
  const text = asciiDigits(sentence.text);
  const out: Figure[] = [];
  const pathCode = classPathCode(text, tables);
  let lastSubject: Subject | undefined;
  let prevEnd = 0;
  for (const m of text.matchAll(AMOUNT)) {
    const at = m.index;
    const percent = m[3] !== undefined;
    const raw = (percent ? m[3] : m[1]) ?? '';
    const unit = percent ? '%' : (m[2] ?? '万元');
    const parsed = parseNumber(raw);
    if (parsed.value === null) continue;
    // A figure glued to a preceding digit or letter is part of something else (a code, a date).
    if (/[\dA-Za-z.]$/u.test(text.slice(0, at))) continue;
    const span = text.slice(prevEnd, at);
    const cut = Math.max(...[...span.matchAll(new RegExp(CLAUSE.source, 'gu'))].map((c) => c.index + 1), 0);
    // An approximation word before the figure ("为约1235万元", "约合") is not part of its name.
    const label = span.slice(cut).replace(/\s+/gu, '').replace(APPROX_BEFORE, '');
    const wide = span.replace(/\s+/gu, '');
    const scale = percent ? 1 : (TO_WAN[unit] ?? 1);
    const subject = percent ? undefined : subjectOf(label);
    // A figure without a role word continues the one before it ("年初预算数为A万元，其中基本支出B万元").
    const own = roleOf(label, year, budgetDoc);
    const prior = out[out.length - 1];
    const role =
      own === 'plain' &&
      prior &&
      !prior.percent &&
      !prior.change &&
      (prior.role.startsWith('budget') || prior.role === 'last_year') &&
      !CHANGE_AT_END.test(label) &&
      !/[；;。]/u.test(span)
        ? prior.role
        : own;
    const fig: Figure = {
      sentence,
      at,
      end: at + m[0].length,
      raw,
      value: parsed.value * scale,
      half: 0.5 * 10 ** -parsed.decimals * scale,
      percent,
      unit,
      label: percent ? wide : label,
      role,
      ownRole: own,
      // A part ("，其中基本支出0万元") of a figure of a project or another budget is that one's part too.
      local:
        heading.local ||
        LOCAL.test(label) ||
        PART_CONTEXT_RES.some((re) => re.test(text.slice(0, at))) ||
        (/^其中/u.test(label) && [...out].reverse().find((f) => !f.percent)?.local === true),
    };
    if (!percent) {
      const words = CHANGE_AT_END.exec(label);
      if (words) {
        const dirs = new Set(CHANGE_WORDS.filter(([w]) => words[0].includes(w)).map(([, d]) => d));
        fig.change = dirs.size > 1 ? 'both' : ([...dirs][0] ?? 'up');
      }
      if (subject) {
        const fiscal = heading.fiscal ? FISCAL_SUBJECT[subject.id] : undefined;
        fig.subject = (fiscal ? SUBJECTS.find((x) => x.id === fiscal) : undefined) ?? subject;
        lastSubject = fig.subject;
      } else if (role !== 'plain' && role !== 'last_year' && !fig.change) {
        // A sentence naming its own 类/款/项 speaks of that one, even when the tables do not hold it.
        const cls = CLASS_PATH.test(text) ? pathCode : heading.classCode;
        if (cls && role === 'final') fig.classCode = cls;
        else if (cls) fig.classCode = cls;
        else if (lastSubject) fig.subject = lastSubject;
      }
      // A list of one use's classes ("（2）公用经费：…②培训支出（2050803）2 万元"): each is that use's part of the
      // class, not the class's figure.
      const before = text.slice(0, at);
      const heads = [...before.matchAll(USE_HEAD)];
      const use = USE_COLUMNS.find(([w]) => w === heads[heads.length - 1]?.[1])?.[1];
      if (/基本支出/u.test(before) || /基本支出/u.test(heading.text ?? '')) fig.basic = true;
      // A per-use list ("（1）人员经费：①行政运行（2013301）1641.18万元"): a class named by its code is that use's part
      // of it, in the use's column.
      if (!fig.subject && !fig.classCode && !fig.change && use && USE_LIST.test(text)) {
        const code = /[（(]([23]\d{2}(?:\d\d){0,2})[)）]$/u.exec(label)?.[1];
        if (code && code.startsWith('3')) fig.econCode = code;
        else if (code) fig.classCode = code;
        if (code) fig.useColumns = use;
      }
      // An economic class by its name alone ("商品和服务支出 X 万元").
      if (!fig.subject && !fig.classCode && !fig.econCode && !fig.change && !USE_LIST.test(text)) {
        const name = factName(label).replace(/(?:预算数?|安排)$/u, '');
        const hit = ECONOMIC_NAME_RES.find(({ re }) => re.test(name));
        if (hit) {
          fig.econCode = hit.code;
          fig.econByName = true;
        }
      }
      // A figure of a project the sentence names ("拟对烟台市地质环境监测项目开展…，涉及预算资金77万元，其中财政拨款77万元").
      if (!fig.subject && !fig.classCode && !fig.econCode && !fig.change && fig.role !== 'last_year') {
        const words = factName(label);
        const how = PROJECT_FIGURE_RES.find(({ re }) => re.test(words));
        const rows = how ? projectNamed(text, at, tables) : undefined;
        if (how && rows) fig.project = { rows, column: how.column };
      }
      if (!fig.subject && !fig.classCode && !fig.econCode && !fig.change && !USE_LIST.test(text)) {
        for (const { re, kind } of CLASS_IN_LABEL_RES) {
          const c = re.exec(label)?.[1];
          if (!c) continue;
          const code = kind === 'name' ? classCodeOf(c) : c;
          if (code && kind === 'economic') fig.econCode = code;
          else if (code && kind === 'gov_economic') {
            fig.govEconCode = code;
            // The scope the sentence names before the figure, else the last sentence under the heading that named one
            // ("2021年本部门当年一般公共预算支出53,598.71万元，其中："), else the heading's ("（三）一般公共预算拨款
            // 支出明细情况"), else the 财政拨款 section the heading is in.
            const scope =
              lastScopeWords(text.slice(0, at)) ??
              heading.scopeWords ??
              lastScopeWords(heading.text) ??
              (heading.fiscal ? '财政拨款' : undefined);
            if (scope) fig.fiscalScope = GOV_GENERAL_WORDS.test(scope) ? 'general' : 'fiscal';
          } else if (code) {
            fig.classCode = code;
            fig.classNamed = true;
          }
          break;
        }
      }
    }
    out.push(fig);
    prevEnd = fig.end;
  }
  return out;
}

/** A row of 栏次 (1, 2, 3, …) read as data: its cells are the column numbers, not figures. */
function columnNumbers(row: Row): boolean {
  const v = Object.values(row.cells)
    .map((c) => c.value)
    .filter((x): x is number => x !== null);
  return (
    v.length >= 3 && v.every((x, i) => Number.isInteger(x) && (i === 0 || x > (v[i - 1] ?? 0))) && v[0]! <= 2
  );
}

/** What resolving a figure needs: the tables, the document's year, whether it is a budget. */
/** A budget's tables (预算), not a 决算's: there the budget is the figure itself. */
function isBudgetDoc(tables: readonly NormalizedTable[]): boolean {
  const types = new Set<TableType>(tables.map((t) => t.type));
  return [...types].some((t) => t.startsWith('budget_')) && !FINAL_ACCOUNT_TABLES.some((t) => types.has(t));
}

interface Ctx {
  readonly tables: readonly NormalizedTable[];
  readonly year: number | undefined;
  readonly budgetDoc: boolean;
}

function pick(ctx: Ctx, target: FigureTarget, rowIds: readonly string[]): Resolved | undefined {
  const found = candidates(ctx, target, rowIds);
  // Several filled tables of one family (a document of several units, or several years, or 上海's 支出预算总表 beside
  // its 财政拨款支出预算表): which one the text speaks of is not known, so the figure is resolved only when every
  // table that holds it says the same.
  return agreed(found);
}

/** The first of the figures when they all say the same at their printed precisions. */
function agreed(found: readonly Resolved[]): Resolved | undefined {
  const first = found[0];
  if (!first) return undefined;
  return found.every((r) => Math.abs(r.value - first.value) <= r.half + first.half + 1e-9)
    ? first
    : undefined;
}

/** The figure of `target` in each filled table of its family that holds it (the first row and column that do). */
function candidates(ctx: Ctx, target: FigureTarget, rowIds: readonly string[]): Resolved[] {
  const year = ctx.year;
  const without = target.withoutColumn ? new RegExp(target.withoutColumn, 'u') : undefined;
  const filled = ctx.tables.filter(
    (t) =>
      t.type === target.family &&
      !t.template &&
      !(without && t.columns.some((c) => without.test(`${c.key} ${c.label}`))) &&
      t.rows.some((r) => Object.values(r.cells).some((c) => c.value !== null)),
  );
  const labelRe = target.columnLabel ? new RegExp(target.columnLabel, 'u') : undefined;
  const out: Resolved[] = [];
  for (const table of filled) {
    const columns = [
      ...target.columns,
      ...(labelRe ? table.columns.filter((c) => labelRe.test(c.label)).map((c) => c.key) : []),
    ];
    const r = inTable(table, rowIds, columns, year);
    if (r) out.push(r);
  }
  return out;
}

const BREAKDOWN = new RegExp(USE_BREAKDOWN.lead, 'u');
const USE_AT_END = USE_COLUMNS.map(([w, columns]) => ({ re: new RegExp(`${w}(?:支出)?$`, 'u'), columns }));

/**
 * A class's figure broken down by use in the sentence after it ("（8）其他社会保障和就业支出（20899）25,190.50万元，….
 * 具体为：人员经费2.50万元，…；公用经费0.00万元，…；专项业务经费25,188.00万元，…"): each use's figure is that class's part
 * in the use's column, not the department's 人员经费 or 公用经费.
 */
function breakdownByUse(text: string, amounts: readonly Figure[], previous: readonly Figure[]): void {
  if (!BREAKDOWN.test(text)) return;
  const owner = previous.find((f) => (f.classCode || f.econCode) && !f.useColumns && !f.change && !f.percent);
  if (!owner) return;
  for (const f of amounts) {
    if (f.change || f.percent || f.role === 'last_year') continue;
    const use = USE_AT_END.find(({ re }) => re.test(compact(f.label)));
    if (!use) continue;
    delete f.subject;
    if (owner.classCode) f.classCode = owner.classCode;
    if (owner.econCode) f.econCode = owner.econCode;
    f.useColumns = use.columns;
  }
}

/** The row is a numbered heading whose next row is an item of it ("一、" → "1、", "1、" → "(1)"). */
function headsItems(table: NormalizedTable, row: Row): boolean {
  const next = table.rows[table.rows.indexOf(row) + 1];
  if (!next) return false;
  const a = compact(row.label);
  const b = compact(next.label);
  return (
    (/^[一二三四五六七八九十]+[、.．]/u.test(a) && /^\d{1,2}[、.．](?!\d)/u.test(b)) ||
    (/^\d{1,2}[、.．](?!\d)/u.test(a) && /^[（(]\d{1,2}[)）]/u.test(b))
  );
}

function inTable(
  table: NormalizedTable,
  rowIds: readonly string[],
  columns: readonly string[],
  year: number | undefined,
): Resolved | undefined {
  for (const id of rowIds) {
    const row = table.rows.find((r) => r.id === id);
    if (!row || row.role === 'column_numbers' || columnNumbers(row)) continue;
    for (const column of columns) {
      const cell = row.cells[column];
      if (!cell) continue;
      // A column read as another year's (上年, 2025年) or as codes is not the figure, whatever its key says.
      const label = table.columns.find((c) => c.key === column)?.label ?? '';
      if (/上年|编码|代码|科目名称/u.test(label)) continue;
      const y = /(20\d\d)\s*年/u.exec(label);
      if (y?.[1] && year !== undefined && Number(y[1]) !== year) continue;
      // A blank cell is nothing, unless its row heads numbered items (西安 prints "1、财政拨款" blank above "(1)一般
      // 公共预算拨款收入"): then it is no figure at all.
      const v = cell.value ?? (cell.blank && !headsItems(table, row) ? 0 : undefined);
      if (v === undefined) continue;
      return {
        table,
        row,
        column,
        value: v * tableScale(table),
        half: cellHalf(cell, table),
        raw: cell.raw || '0',
      };
    }
  }
  return undefined;
}

/** A table's money unit in 万元. */
const tableScale = (table: NormalizedTable): number => TABLE_TO_WAN[table.unit ?? 'wan_yuan'] ?? 1;

/** Half the last printed digit of a table figure, in 万元 (a blank read as 0 is taken as 0.00). */
const cellHalf = (cell: Cell, table: NormalizedTable): number =>
  0.5 * 10 ** -(cell.value === null ? 2 : cellDecimals(cell, table)) * tableScale(table);

/**
 * The change of a resolved figure over last year, where its table prints last year's columns (LAST_YEAR_COLUMNS): the
 * 增减 column as printed when there is one (西安), else this year's − last year's. In 万元.
 */
function lastYearCell(
  r: Resolved,
): { change: number; half: number; raw: string; printed: boolean } | undefined {
  const spec = LAST_YEAR_COLUMNS.find((l) => l.family === r.table.type);
  if (!spec) return undefined;
  const scale = tableScale(r.table);
  const printed = spec.change ? r.row.cells[`${spec.change}${r.column}`] : undefined;
  if (printed && printed.value !== null)
    return {
      change: printed.value * scale,
      half: cellHalf(printed, r.table),
      raw: printed.raw,
      printed: true,
    };
  const last = r.row.cells[`${spec.prefix}${r.column}`];
  if (!last || last.value === null) return undefined;
  return {
    change: r.value - last.value * scale,
    half: r.half + cellHalf(last, r.table),
    raw: last.raw,
    printed: false,
  };
}

/**
 * A project's figure in its row: the first column whose printed label matches and whose cell is filled. Resolved only
 * when every row of that name says the same. A table whose unit was not read is taken in 万元 or in 元, whichever is
 * nearer the stated figure.
 */
function projectFigure(fig: Figure, project: NonNullable<Figure['project']>): Resolved | undefined {
  const found: Resolved[] = [];
  for (const { table, row } of project.rows) {
    const column = table.columns.find(
      (c) => project.column.test(compact(c.label.split(' / ')[0] ?? '')) && row.cells[c.key]?.value != null,
    );
    const cell = column ? row.cells[column.key] : undefined;
    if (!column || !cell || cell.value === null) continue;
    const v = cell.value;
    const off = (k: number): number => Math.abs(Math.log((v * k) / fig.value));
    const scale = table.unit
      ? (TABLE_TO_WAN[table.unit] ?? 1)
      : v > 0 && fig.value > 0 && off(1e-4) < off(1)
        ? 1e-4
        : 1;
    const decimals = parseNumber(cell.raw).decimals;
    found.push({
      table,
      row,
      column: column.key,
      value: v * scale,
      half: 0.5 * 10 ** -decimals * scale,
      raw: cell.raw,
    });
  }
  const first = found[0];
  if (!first || found.length !== project.rows.length) return undefined;
  return found.every((r) => Math.abs(r.value - first.value) <= r.half + first.half + 1e-9)
    ? first
    : undefined;
}

function resolve(fig: Figure, ctx: Ctx): Resolved | undefined {
  const budgetDoc = ctx.budgetDoc;
  if (fig.percent || fig.change || fig.role === 'last_year') return undefined;
  if (fig.useColumns && (fig.econCode || fig.classCode)) {
    if (fig.role !== 'final' && fig.role !== 'plain') return undefined;
    for (const target of USE_TARGETS) {
      const r = pick(ctx, { ...target, columns: fig.useColumns }, [`c${fig.econCode ?? fig.classCode}`]);
      if (r) return r;
    }
    return undefined;
  }
  if (fig.project) return projectFigure(fig, fig.project);
  if (fig.govEconCode) {
    if (fig.role !== 'final' && fig.role !== 'plain') return undefined;
    return govEconomicFigure(ctx, fig.govEconCode, fig.fiscalScope);
  }
  if (fig.econCode) {
    if (fig.role !== 'final' && fig.role !== 'plain') return undefined;
    // The whole 一般公共预算 by economic class where the text speaks of it (not of 基本支出) and a table holds it.
    const targets = fig.basic
      ? ECONOMIC_TARGETS
      : fig.econByName
        ? GENERAL_ECONOMIC_TARGETS
        : [...GENERAL_ECONOMIC_TARGETS, ...ECONOMIC_TARGETS];
    for (const target of targets) {
      const r = pick(ctx, target, [`c${fig.econCode}`]);
      if (r) return r;
    }
    return undefined;
  }
  if (fig.classCode) {
    if (fig.role !== 'final' && !((budgetDoc || fig.classNamed) && fig.role === 'plain')) return undefined;
    for (const target of CLASS_TARGETS) {
      const r = pick(ctx, target, [`${CLASS_ROW_PREFIX[target.family] ?? ''}c${fig.classCode}`]);
      if (r) return r;
    }
    return undefined;
  }
  const s = fig.subject;
  if (!s || (fig.local && s.departmentWide)) return undefined;
  const targets =
    fig.role === 'plain' || fig.role === 'final'
      ? s.targets
      : fig.role === 'budget' || fig.role === 'budget_initial'
        ? (s.budgetTargets ?? [])
        : [];
  for (const target of targets) {
    const r = pick(ctx, target, target.rows);
    if (r) return r;
  }
  return undefined;
}

const GOV_ECONOMIC_RES = new Map(
  GOV_ECONOMIC_NAMES.map(([code, name]) => [code, new RegExp(`^(?:${name})$`, 'u')]),
);
const GOV_ECONOMIC_MARKER = new RegExp(GOV_ECONOMIC_SIDES.marker, 'u');
const GOV_SCOPE_WORDS = new RegExp(GOV_ECONOMIC_SIDES.scopeWords, 'gu');
const lastScopeWords = (s: string | undefined): string | undefined =>
  [...(s ?? '').matchAll(GOV_SCOPE_WORDS)].at(-1)?.[0];
const GOV_GENERAL_WORDS = new RegExp(GOV_ECONOMIC_SIDES.generalWords, 'u');
const GOV_OTHER_FISCAL = new RegExp(GOV_ECONOMIC_SIDES.otherFiscalSources, 'u');
/** A printed row label without its ordinal ("1、", "(1)", "一、") and spaces. */
const bareLabel = (label: string): string => compact(stripOrdinal(label));

/**
 * A 政府预算支出经济分类 figure (50x): the row of its code in a coded table, or the row of its name on the side of a
 * 收支总表 that lists that classification. Resolved only when every table that holds it says the same, or, where
 * they differ, the one of the scope the sentence names; a sentence about the 一般公共预算 alone reads the 财政拨款
 * table only where the other 财政拨款 sources are nothing.
 */
function govEconomicFigure(
  ctx: Ctx,
  code: string,
  scope: 'fiscal' | 'general' | undefined,
): Resolved | undefined {
  for (const target of GOV_ECONOMIC_TARGETS) {
    const r = pick(ctx, target, [`c${code}`]);
    if (r) return r;
  }
  const name = GOV_ECONOMIC_RES.get(code);
  if (!name) return undefined;
  const found: Resolved[] = [];
  for (const table of ctx.tables) {
    if (!GOV_ECONOMIC_SIDES.families.includes(table.type) || table.template) continue;
    const fiscalTable = table.type === GOV_ECONOMIC_SIDES.fiscalFamily;
    if (scope === 'general') {
      // Only the 财政拨款 table, and only where 政府性基金 and 国有资本经营 are printed as nothing.
      if (!fiscalTable) continue;
      const others = table.rows.filter(
        (r) => r.section === 'income' && GOV_OTHER_FISCAL.test(bareLabel(r.label)),
      );
      const nothing = others.every((r) => Object.values(r.cells).every((c) => !c.value));
      if (others.length === 0 || !nothing) continue;
    }
    const side = (r: Row): string => r.id.slice(0, Math.max(0, r.id.lastIndexOf(':')));
    const sides = new Set(table.rows.filter((r) => GOV_ECONOMIC_MARKER.test(bareLabel(r.label))).map(side));
    const rows = table.rows.filter((r) => sides.has(side(r)) && name.test(bareLabel(r.label)));
    if (rows.length !== 1) continue;
    const r = inTable(table, [rows[0]!.id], ['amount', 'total'], ctx.year);
    if (r) found.push(r);
  }
  const scoped = found.filter(
    (r) => (r.table.type === GOV_ECONOMIC_SIDES.fiscalFamily) === (scope !== undefined),
  );
  return agreed(found) ?? agreed(scoped);
}

/**
 * A whole is not below its part at the precisions printed ("收入合计766.56万元，其中：财政拨款收入766.6万元" is the
 * whole of its part: 766.6 is 766.56 rounded to one decimal).
 */
const notBelow = (whole: Figure, part: Figure): boolean => whole.value + whole.half + part.half >= part.value;
const round = (v: number, d: number): number => Math.round(v * 10 ** d) / 10 ** d;
const fmt = (v: number): string => String(round(v, 4));
const decimalsOf = (raw: string): number => parseNumber(raw).decimals;
const nameOf = (f: Figure): string =>
  f.subject?.name ?? (f.label.replace(/^(其中|包括|主要是|为|是)/u, '') || '该项');

/**
 * The shares of one named whole listed in a sentence and the paragraph before it: each percentage with the amount
 * printed right before it in its clause.
 */
function listShares(
  sentence: Sentence,
  seen: readonly Figure[],
  whole: string,
): { p: Figure; num: Figure }[] {
  const all = [...seen.filter((f) => f.sentence.paragraph === sentence.paragraph && f.sentence !== sentence)];
  const out: { p: Figure; num: Figure }[] = [];
  const here = seen.filter((f) => f.sentence === sentence);
  for (const [i, f] of [...all, ...here].entries()) {
    if (!f.percent) continue;
    const tail = f.label.split(CLAUSE).pop() ?? '';
    const m = SHARE_TAIL.exec(tail);
    if (!m || compact((m[1] ?? '').replace(/的$/u, '')) !== whole) continue;
    const prev = [...all, ...here][i - 1];
    if (!prev || prev.percent || prev.change || prev.sentence !== f.sentence) continue;
    out.push({ p: f, num: prev });
  }
  return out;
}

/** The ratio a/b × 100 over the intervals the printed figures allow. */
/** A figure with its printed precision: stated, from a table, or the sum of a list. */
interface Amount {
  readonly value: number;
  readonly half: number;
  readonly raw: string;
}

function ratioRange(a: Amount, b: Amount): [number, number] | undefined {
  const lo = b.value - b.half;
  if (lo <= 0) return undefined;
  return [(Math.max(0, a.value - a.half) / (b.value + b.half)) * 100, ((a.value + a.half) / lo) * 100];
}

/** The stated percentage agrees with the ratio when the two intervals meet. */
function percentAgrees(stated: Figure, range: [number, number], slack = 0): boolean {
  const h = stated.half + slack;
  return stated.value + h + 1e-9 >= range[0] && stated.value - h - 1e-9 <= range[1];
}

/**
 * Nothing when the stated percentage agrees at its printed precision; info when one unit of its last digit
 * explains the gap (truncated instead of rounded); a warning beyond.
 */
function percentVerdict(stated: Figure, range: [number, number]): 'info' | 'warning' | undefined {
  if (percentAgrees(stated, range)) return undefined;
  return percentAgrees(stated, range, 2 * stated.half) ? 'info' : 'warning';
}

/** A change the text states for a subject: this year's figure and the change against a reference (上年, 2025年预算). */
interface ChangeStatement {
  readonly base: Figure;
  readonly y: Figure;
  /** This year − reference, in 万元. */
  readonly signed: number;
  /** The reference as worded ("2025年预算", "上年"), to compare only changes against the same one. */
  readonly ref: string;
  /** What the figure is: its subject, else the words that name it ("工资福利支出（301）"), to tell one fact stated twice. */
  readonly fact: string;
  readonly rec: ClaimRecord;
  /** A change stated with no figure of its subject ("其中基本支出减少了8627.56万元"): `base` is the change itself. */
  readonly bare?: boolean;
}

/** A figure unlikely to recur by chance: three significant digits or more ("8627.56", "13.93", "466"; not "10", "1.5"). */
const distinctive = (raw: string): boolean =>
  raw.replace(/\D/gu, '').replace(/^0+/u, '').replace(/0+$/u, '').length >= 3;

/** The words that name a figure, without list marks and linking words ("②机关…（2080505）" → "机关…（2080505）"). */
function factName(label: string): string {
  return compact(label)
    .replace(FACT_LEAD, '')
    .replace(/(?:为|是|共计|共|合计|达)$/u, '');
}

/** The reference a change is measured against, from the words before it ("比2025年预算减少" → "2025年预算"). */
function referenceOf(label: string): string {
  const words = label.replace(CHANGE_AT_END, '');
  const m = /(?:比|较|与|同)(.*)$/u.exec(words);
  const ref = (m?.[1] ?? '').replace(/相比|同期|[，,]/gu, '');
  return ref === '' || /^(?:上年|去年|上一年)(?:度)?(?:数)?$/u.test(ref) ? '上年' : ref;
}

const dirWord = (signed: number): string => (signed < 0 ? '减少' : '增加');

/**
 * Changes stated for related subjects that cannot all be true, from the text's own figures: a part whose last-year
 * figure (this year − change) exceeds its whole's; the two sides of a budget (收入 and 支出) given the same figure but
 * different changes; the same figure with the same change in opposite directions (one fact stated twice, once with
 * the wrong word). One finding per statement the others contradict, listing every statement involved.
 */
function changeConflicts(statements: readonly ChangeStatement[]): Finding[] {
  const near = (a: ChangeStatement, b: ChangeStatement): boolean =>
    a.ref === b.ref && Math.abs(a.base.sentence.paragraph - b.base.sentence.paragraph) <= 3;
  const sameFigures = (a: ChangeStatement, b: ChangeStatement): boolean =>
    Math.abs(a.base.value - b.base.value) <= a.base.half + b.base.half + 1e-9 && a.y.raw === b.y.raw;
  const tol = (a: ChangeStatement, b: ChangeStatement): number =>
    a.base.half + a.y.half + b.base.half + b.y.half + 1e-9;
  const last = (a: ChangeStatement): number => a.base.value - a.signed;
  const is = (a: ChangeStatement, id: string): boolean => a.base.subject?.id === id;
  /** Why a and b contradict each other, or undefined. */
  const conflict = (a: ChangeStatement, b: ChangeStatement): string | undefined => {
    const opposite = Math.sign(a.signed) !== Math.sign(b.signed);
    // One fact stated twice (a per-类 list and a per-use list name the same class with the same figures; the
    // summary and the section on it): the change cannot go both ways. Anywhere in the document when the change is a
    // figure that does not recur by chance.
    if (
      a.fact === b.fact &&
      a.ref === b.ref &&
      sameFigures(a, b) &&
      opposite &&
      (near(a, b) || distinctive(a.y.raw))
    )
      return a.bare && b.bare
        ? `同一项目两处所述增减额（${a.y.raw} 万元）相同，增减方向却相反`
        : `同一项目两处所述本年数（${a.base.raw} 万元）与增减额（${a.y.raw} 万元）均相同，增减方向却相反`;
    if (a.bare || b.bare || !near(a, b)) return undefined;
    // Two classes given the same figure and the same change, each a figure that does not recur by chance (the 301–310
    // list and the 501–509 list of one budget), one of them the other way.
    if (a.fact !== b.fact && sameFigures(a, b) && opposite && distinctive(a.base.raw) && distinctive(a.y.raw))
      return `两处所述本年数（${a.base.raw} 万元）与增减额（${a.y.raw} 万元）均相同，增减方向却相反`;
    if (a.base.subject === b.base.subject) return undefined;
    for (const [part, whole] of PART_OF) {
      const [p, w] = is(a, part) && is(b, whole) ? [a, b] : is(b, part) && is(a, whole) ? [b, a] : [];
      if (p && w && last(p) > last(w) + tol(p, w))
        return `按文字所述，上年${nameOf(p.base)}为 ${fmt(last(p))} 万元，大于上年${nameOf(w.base)} ${fmt(last(w))} 万元`;
    }
    const sameBase = Math.abs(a.base.value - b.base.value) <= a.base.half + b.base.half + 1e-9;
    if (!sameBase) return undefined;
    if (BALANCED.some(([x, y]) => (is(a, x) && is(b, y)) || (is(a, y) && is(b, x))))
      return Math.abs(a.signed - b.signed) > tol(a, b)
        ? `${nameOf(a.base)}与${nameOf(b.base)}收支相等（均为 ${a.base.raw} 万元），上年也应相等，增减额应相同`
        : undefined;
    if (
      a.base.subject?.departmentWide &&
      b.base.subject?.departmentWide &&
      a.y.raw === b.y.raw &&
      Math.sign(a.signed) !== Math.sign(b.signed)
    )
      return `两者本年数（${a.base.raw} 万元）与增减额（${a.y.raw} 万元）均相同，增减方向却相反`;
    return undefined;
  };
  // Another statement of the same figure with the same change corroborates it.
  const agree = (a: ChangeStatement, b: ChangeStatement): boolean =>
    near(a, b) &&
    a.base.subject !== b.base.subject &&
    Math.abs(a.base.value - b.base.value) <= a.base.half + b.base.half + 1e-9 &&
    Math.abs(a.signed - b.signed) <= tol(a, b);
  const odd = new Map<ChangeStatement, { others: ChangeStatement[]; why: string[] }>();
  statements.forEach((a, i) => {
    for (const b of statements.slice(i + 1)) {
      const why = conflict(a, b);
      if (!why) continue;
      a.rec.verdict = 'holds';
      b.rec.verdict = 'holds';
      // The one fewer other statements agree with is the odd one; the later one when as many do.
      const support = (x: ChangeStatement): number => statements.filter((c) => c !== x && agree(x, c)).length;
      const [o, other] = support(a) < support(b) ? [a, b] : [b, a];
      const e = odd.get(o) ?? { others: [], why: [] };
      e.others.push(other);
      if (!e.why.includes(why)) e.why.push(why);
      odd.set(o, e);
    }
  });
  const out: Finding[] = [];
  for (const [o, { others, why }] of odd) {
    out.push({
      claim: o.rec,
      id: `narrative_mismatch:change_conflict:${o.base.subject?.id ?? ''}:${o.base.raw}:${o.y.raw}:${Math.sign(o.signed)}`,
      severity: 'warning',
      at: o.y,
      also: others.map((x) => x.y),
      found: o.signed,
      message: `说明文字称${nameOf(o.base)} ${o.base.raw} 万元，比${o.ref}${dirWord(o.signed)} ${o.y.raw} 万元，与同处所述${others.map((x) => `${nameOf(x.base)} ${x.base.raw} 万元${dirWord(x.signed)} ${x.y.raw} 万元`).join('、')}不能同时成立：${why.join('；')}。请核对增减方向与金额。`,
    });
  }
  return out;
}

/**
 * The changes of a whole's parts add up to the whole's change (per catalog, CHANGE_SUMS: "三公"经费 = 因公出国（境）费 +
 * 公务接待费 + 公务用车购置及运行维护费), when the text states the change of the whole and of every part against the same
 * reference (持平 being 0). One finding on the whole, every part's place listed.
 */
function changeSums(
  statements: readonly ChangeStatement[],
  flats: readonly { base: Figure; ref: string }[],
): Finding[] {
  const out: Finding[] = [];
  for (const [wholeId, partIds] of CHANGE_SUMS)
    for (const w of statements) {
      if (w.base.subject?.id !== wholeId) continue;
      const near = (f: Figure, ref: string): boolean =>
        ref === w.ref && Math.abs(f.sentence.paragraph - w.base.sentence.paragraph) <= 3;
      const parts = partIds.map(
        (id) =>
          statements.find((x) => x.base.subject?.id === id && near(x.base, x.ref)) ??
          flats.find((x) => x.base.subject?.id === id && near(x.base, x.ref)),
      );
      if (parts.some((x) => x === undefined)) continue;
      const sum = parts.reduce((a, x) => a + (x && 'signed' in x ? x.signed : 0), 0);
      const tol = w.y.half + parts.reduce((a, x) => a + (x && 'y' in x ? x.y.half : 0), 0) + 1e-9;
      if (Math.abs(sum - w.signed) <= tol) continue;
      const said = parts
        .map((x) =>
          x && 'signed' in x
            ? `${nameOf(x.base)}${dirWord(x.signed)} ${x.y.raw} 万元`
            : `${nameOf(x!.base)}持平`,
        )
        .join('、');
      out.push({
        claim: w.rec,
        id: `narrative_mismatch:change_sum:${wholeId}:${w.base.raw}:${w.y.raw}:${Math.sign(w.signed)}`,
        severity: 'warning',
        at: w.y,
        also: parts.map((x) => (x && 'y' in x ? x.y : x!.base)),
        found: w.signed,
        expected: round(sum, 6),
        message: `说明文字称${nameOf(w.base)}比${w.ref}${dirWord(w.signed)} ${w.y.raw} 万元，但其各组成部分所述（${said}）合计${dirWord(sum)} ${fmt(Math.abs(sum))} 万元。请核对增减方向与金额。`,
      });
      w.rec.verdict = 'holds';
    }
  return out;
}

/**
 * A whole stated with every one of its parts (per catalog, PART_SUMS: 政府采购 = 货物 + 工程 + 服务): in the paragraph
 * that states the whole, the first figure of each part after it (before the whole is stated again), in the same role,
 * must add up to it. Not where the tables check every one of them already. One finding on the whole, the parts listed.
 */
function partSums(
  amounts: readonly Figure[],
  sentences: readonly Sentence[],
  ctx: Ctx,
  records: readonly ClaimRecord[],
): Finding[] {
  const out: Finding[] = [];
  for (const [wholeId, partIds] of PART_SUMS)
    for (const [i, w] of amounts.entries()) {
      if (w.subject?.id !== wholeId || w.change || w.role === 'last_year') continue;
      // Its paragraph, or the list that follows it, one item a paragraph, when the whole's sentence or the next
      // says so ("…“三公”经费预算共14.3万元，与上年基本持平。" "其中：" "1.因公出国（境）费0万元…" "2.…" "3.…").
      const k = sentences.indexOf(w.sentence);
      const listed = sentences
        .slice(k, k + 2)
        .some((x) => /(?:其中|包括|分别为)[：:]?/u.test(x === w.sentence ? x.text.slice(w.end) : x.text));
      const last = w.sentence.paragraph + (listed ? partIds.length + 1 : 0);
      const after = amounts
        .slice(i + 1)
        .filter((f) => f.sentence.paragraph >= w.sentence.paragraph && f.sentence.paragraph <= last);
      const stop = after.findIndex((f) => f.subject?.id === wholeId);
      const scope = stop < 0 ? after : after.slice(0, stop);
      const parts = partIds.map((id) =>
        scope.find((f) => f.subject?.id === id && !f.change && f.role === w.role),
      );
      if (parts.some((x) => x === undefined)) continue;
      const ps = parts as Figure[];
      if ([w, ...ps].every((f) => resolve(f, ctx) !== undefined)) continue;
      const sum = ps.reduce((a, f) => a + f.value, 0);
      const tol = w.half + ps.reduce((a, f) => a + f.half, 0) + 1e-9;
      const gap = Math.abs(sum - w.value);
      if (gap <= tol) continue;
      const severity = gap <= tol + 2 * Math.max(w.half, ...ps.map((f) => f.half)) ? 'info' : 'warning';
      const rec = records.find(
        (r) => r.kind === 'amount' && r.sentence === w.sentence.text && r.label === w.label,
      );
      out.push({
        ...(rec ? { claim: rec } : {}),
        id: `narrative_mismatch:part_sum:${wholeId}:${w.raw}:${ps.map((f) => f.raw).join('+')}`,
        severity,
        at: w,
        also: ps,
        found: round(w.value, 6),
        expected: round(sum, 6),
        message: `说明文字称${nameOf(w)} ${w.raw} 万元，其中${ps.map((f) => `${nameOf(f)} ${f.raw} 万元`).join('、')}，各项合计 ${fmt(sum)} 万元，与所述总额相差 ${fmt(w.value - sum)} 万元。请核对。`,
      });
    }
  return out;
}

function nameOfSubject(id: string): string | undefined {
  return SUBJECTS.find((x) => x.id === id)?.name;
}

/**
 * A figure a table bounds from above (per catalog, CEILINGS: the funds the 绩效目标 cover, of the department's 项目支出
 * or its 收支总计; 机关运行经费, of the 公用经费): above the bound at the printed precisions is a warning; at or below
 * it, nothing is said, and the claim counts as checked.
 */
function ceilingChecks(
  text: string,
  amounts: readonly Figure[],
  resolved: ReadonlyMap<Figure, Resolved>,
  recs: ReadonlyMap<Figure, ClaimRecord>,
  ctx: Ctx,
): Finding[] {
  const out: Finding[] = [];
  for (const f of amounts) {
    if (f.change || f.role !== 'plain' || resolved.has(f) || f.project || f.local) continue;
    const c = CEILING_RES.find(
      (x) =>
        (!x.budgetOnly || ctx.budgetDoc) &&
        (x.subject !== undefined ? f.subject?.id === x.subject : !f.subject) &&
        (x.sentence?.test(text) ?? true) &&
        (x.label?.test(f.label) ?? true),
    );
    if (!c) continue;
    let bound: { name: string; r: Resolved } | undefined;
    for (const { target, name } of c.bounds) {
      const r = pick(ctx, target, target.rows);
      if (r) {
        bound = { name: name ?? r.table.columns.find((x) => x.key === r.column)?.label ?? r.column, r };
        break;
      }
    }
    const rec = recs.get(f);
    if (!bound || !rec) continue;
    rec.verdict = 'holds';
    const { name, r } = bound;
    if (f.value <= r.value + f.half + r.half + 1e-9) continue;
    const where = `${r.table.title || r.table.type}「${r.row.label || r.row.id}」`;
    out.push({
      claim: rec,
      id: `narrative_mismatch:ceiling:${r.table.id}:${r.row.id}:${r.column}:${f.raw}`,
      severity: 'warning',
      at: f,
      resolved: r,
      found: round(f.value, 6),
      expected: round(r.value, 6),
      message: `说明文字称${nameOf(f)} ${f.raw} ${f.unit}，大于${where}的${name} ${r.raw} ${tableUnit(r)}；${nameOf(f)}不应超过${name}。请核对。`,
    });
  }
  return out;
}

/**
 * The parts listed after a whole ("X万元，其中A万元，B万元、C万元"): the first figure after 其中 (the whole's own rate
 * may come between) and each next one joined to it by one separator and a name, while `isPart` holds. Empty when the
 * whole is not followed by 其中.
 */
function listAfter(
  text: string,
  figures: readonly Figure[],
  i: number,
  isPart: (f: Figure | undefined) => f is Figure,
  notAPart: RegExp,
): Figure[] {
  let j = i + 1;
  while (figures[j]?.percent) j++;
  const first = figures[j];
  if (!isPart(first) || !PART_LEAD.test(text.slice(figures[j - 1]!.end, first.at))) return [];
  const parts: Figure[] = [first];
  for (let k = j + 1; k < figures.length; k++) {
    const p = figures[k]!;
    if (p.percent) continue;
    const prev = figures
      .slice(0, k)
      .reverse()
      .find((x) => !x.percent)!;
    // A part's own rate between two parts ("…减少10万元，下降5%，B减少…") is part of the separator.
    const gap = text.slice(prev.end, p.at).replace(/^[^，,、；;]*?%/u, '');
    if (!isPart(p) || !PART_NEXT.test(gap) || notAPart.test(gap)) break;
    parts.push(p);
  }
  return parts;
}

/**
 * A change stated with the changes of its parts after 其中 ("收入预算减少1,226.81万元，其中一般公共预算收入减少1,219.11
 * 万元，使用非财政拨款结余减少7.7万元"): where the signed parts miss the whole and turning exactly one direction word
 * makes them add up at the printed precisions, that word is the one to check. A list that misses otherwise may leave
 * parts out, and says nothing.
 */
function flippedInList(
  text: string,
  figures: readonly Figure[],
  recs: ReadonlyMap<Figure, ClaimRecord>,
): Finding[] {
  const out: Finding[] = [];
  const directed = (f: Figure | undefined): f is Figure =>
    f !== undefined && !f.percent && (f.change === 'up' || f.change === 'down') && f.value > 0;
  const sign = (f: Figure): number => (f.change === 'down' ? -1 : 1);
  for (const [i, w] of figures.entries()) {
    if (!directed(w)) continue;
    const parts = listAfter(text, figures, i, directed, ANOTHER_TOTAL);
    if (parts.length < 2) continue;
    const sum = parts.reduce((a, p) => a + sign(p) * p.value, 0);
    const whole = sign(w) * w.value;
    const tol = w.half + parts.reduce((a, p) => a + p.half, 0) + 1e-9;
    if (Math.abs(sum - whole) <= tol) {
      for (const f of [w, ...parts]) {
        const rec = recs.get(f);
        if (rec && rec.verdict === 'unresolved') rec.verdict = 'holds';
      }
      continue;
    }
    const fits = [w, ...parts].filter((f) =>
      f === w ? Math.abs(sum + whole) <= tol : Math.abs(sum - 2 * sign(f) * f.value - whole) <= tol,
    );
    const odd = fits.length === 1 ? fits[0] : undefined;
    if (!odd) continue;
    const rec = recs.get(odd);
    if (rec) rec.verdict = 'holds';
    const said = (f: Figure): string =>
      `${nameOf(f)}${f.change === 'down' ? '减少' : '增加'} ${f.raw} ${f.unit}`;
    out.push({
      ...(rec ? { claim: rec } : {}),
      id: `narrative_mismatch:change_list:${odd.raw}:${w.raw}:${parts.map((p) => p.raw).join('+')}`,
      severity: 'warning',
      at: odd,
      also: [w, ...parts].filter((f) => f !== odd),
      found: round(sign(odd) * odd.value, 6),
      expected: round(-sign(odd) * odd.value, 6),
      message: `说明文字称${said(w)}，其中${parts.map(said).join('、')}；各项合计${dirWord(sum)} ${fmt(Math.abs(sum))} 万元，与总额不符，若“${nameOf(odd)}”的增减方向相反则恰好相符。请核对“${odd.change === 'down' ? '减少' : '增加'}”一词。`,
    });
  }
  return out;
}

/** After a figure: a bound, not an amount ("单价20万元以上的设备", "50万元（含）以下"). */
const BOUND_AFTER_FIGURE = /^\s*(?:[（(]含[)）])?\s*(?:及)?(?:以上|以下|以内|起)/u;
/** The words between a whole and its first part ("，其中", "。其中：", "（其中"), nothing else but the part's name. */
const PART_LEAD = /^\s*[，,；;：:（(]?\s*其中[：:]?[^，,。；;：:！？]*$/u;
/** The words between two parts of one list ("、", "，"), nothing else but the next part's name. */
const PART_NEXT = /^\s*[，,、；;]\s*[^，,。；;：:！？]*$/u;
/** A name that is no part of the whole before it: another total, a year's or a comparison's figure. */
const ANOTHER_TOTAL = /总|合计|共计|累计|全年|全部|整体/u;
const NOT_A_PART = new RegExp(`${ANOTHER_TOTAL.source}|上年|去年|较|比|同比|以上|以下`, 'u');

/**
 * A part stated after 其中 is not above the whole stated right before it ("预算资金13235.84万元，其中财政拨款11802.3
 * 万元"), nor is any further part of that list: the text against itself. Not where the tables resolve both figures
 * or either one disagrees with its table (that finding is the fact), never for changes, rates or last year's figures.
 */
function partsAboveWhole(
  text: string,
  figures: readonly Figure[],
  resolved: ReadonlyMap<Figure, Resolved>,
  recs: ReadonlyMap<Figure, ClaimRecord>,
  flagged: ReadonlySet<Figure>,
): Finding[] {
  const out: Finding[] = [];
  const plainAmount = (f: Figure | undefined): f is Figure =>
    f !== undefined && !f.percent && !f.change && f.role !== 'last_year' && f.ownRole !== 'last_year';
  for (const [i, w] of figures.entries()) {
    if (!plainAmount(w) || BOUND_AFTER_FIGURE.test(text.slice(w.end))) continue;
    for (const p of listAfter(text, figures, i, plainAmount, NOT_A_PART)) {
      if (NOT_A_PART.test(p.label) || notBelow(w, p)) continue;
      if ((resolved.has(w) && resolved.has(p)) || flagged.has(w) || flagged.has(p)) continue;
      const rec = recs.get(p) ?? recs.get(w);
      if (rec) rec.verdict = 'holds';
      out.push({
        ...(rec ? { claim: rec } : {}),
        id: `narrative_mismatch:part_above_whole:${w.raw}:${p.raw}`,
        severity: 'warning',
        at: p,
        also: [w],
        found: round(p.value, 6),
        expected: round(w.value, 6),
        message: `说明文字称${nameOf(w)} ${w.raw} ${w.unit}，其中${nameOf(p)} ${p.raw} ${p.unit}，部分大于整体。请核对两处金额。`,
      });
    }
  }
  return out;
}

const RESTATED = new RegExp(
  `([^，,。；;：:！？]{2,40}[，,]?[^，,。；;：:！？]{0,16}?)(${CHANGE_WORDS.map(([w]) => w).join('|')})(?:了|为)?(\\d[\\d,]*(?:\\.\\d+)?(?:亿元|万元|元|%))`,
  'gu',
);

/**
 * One change stated in several places in the same words ("采血总量84.71吨，比去年同期增加0.91%" in three 绩效 paragraphs):
 * the words before the change word and the figure after it the same, the direction cannot differ. One finding on
 * the statement fewer places agree with (the later one when as many do), every other place listed.
 */
function restatedDirections(sentences: readonly Sentence[]): Finding[] {
  const byKey = new Map<
    string,
    { up: boolean; sentence: Sentence; at: number; end: number; raw: string }[]
  >();
  for (const sentence of sentences) {
    const text = asciiDigits(sentence.text);
    for (const m of text.matchAll(RESTATED)) {
      const words = compact(m[1] ?? '').replace(FACT_LEAD, '');
      if (words.length < 6 || !/\d/u.test(words)) continue;
      const dir = CHANGE_WORDS.find(([w]) => w === m[2])?.[1];
      if (dir !== 'up' && dir !== 'down') continue;
      const key = `${words}|${m[3] ?? ''}`;
      const at = m.index + (m[1]?.length ?? 0);
      byKey.set(key, [
        ...(byKey.get(key) ?? []),
        { up: dir === 'up', sentence, at, end: m.index + m[0].length, raw: m[3] ?? '' },
      ]);
    }
  }
  const out: Finding[] = [];
  for (const [key, all] of byKey) {
    const ups = all.filter((x) => x.up);
    const downs = all.filter((x) => !x.up);
    if (ups.length === 0 || downs.length === 0) continue;
    const odd = ups.length < downs.length ? ups : downs.length < ups.length ? downs : [all[all.length - 1]!];
    for (const o of odd) {
      const said = o.sentence.text.slice(Math.max(0, o.at - 16), o.end);
      out.push({
        id: `narrative_mismatch:restated_direction:${key}:${o.up ? 1 : -1}`,
        severity: 'warning',
        at: { sentence: o.sentence, at: o.at },
        also: all.filter((x) => x !== o).map((x) => ({ sentence: x.sentence, at: x.at })),
        message: `说明文字“…${said}”与另外 ${all.length - 1} 处相同的表述增减方向相反（${o.up ? '增加' : '减少'}与${o.up ? '减少' : '增加'}）。请核对。`,
      });
    }
  }
  return out;
}

interface Finding {
  readonly id: string;
  /** Other places the finding is about (the statements that contradict it). */
  readonly also?: readonly { readonly sentence: Sentence; readonly at: number }[];
  readonly severity: 'warning' | 'info';
  readonly message: string;
  /** Where it is stated: the figure, or a place in a sentence (a change word). */
  readonly at: Figure | { readonly sentence: Sentence; readonly at: number };
  readonly resolved?: Resolved;
  /** Other table figures the finding rests on (a share's whole), listed as related. */
  readonly alsoResolved?: readonly Resolved[];
  readonly found?: number;
  readonly expected?: number;
  /** The claim this finding is about. */
  readonly claim?: ClaimRecord;
}

/** Everything the text's claims say, checked: the anomalies (one per fact) and how many claims were checked. */
export function checkClaims(
  texts: readonly TextBlock[],
  tables: readonly NormalizedTable[],
): {
  anomalies: Anomaly[];
  claims: ClaimCount;
  records: ClaimRecord[];
  /** The changes stated against a reference, for checks against another document (statedLastYear). */
  statements: ChangeStatement[];
  ctx: Ctx;
} {
  const sentences = toSentences(texts);
  const year = mostCommonYear(sentences);
  const ctx: Ctx = { tables, year, budgetDoc: isBudgetDoc(tables) };
  const budgetDoc = ctx.budgetDoc;
  const findings: Finding[] = [];
  const records: ClaimRecord[] = [];
  const claim = (kind: ClaimRecord['kind'], figure: Figure, checked: boolean, said?: string): ClaimRecord => {
    const rec: ClaimRecord = {
      kind,
      said: said ?? `${figure.raw}${figure.unit}`,
      sentence: figure.sentence.text,
      label: figure.label,
      ...(figure.subject ? { subject: figure.subject.id } : {}),
      verdict: checked ? 'holds' : 'unresolved',
    };
    records.push(rec);
    return rec;
  };

  let heading: Heading = { local: false, fiscal: false };
  /** Every amount of the text, in reading order. */
  const allAmounts: Figure[] = [];
  const statements: ChangeStatement[] = [];
  /** Changes of a subject no figure of which is stated (base is the change itself): only for changeSums. */
  const bareChanges: ChangeStatement[] = [];
  /** Subjects said to be 持平 against a reference, with no figure for it: a change of 0. */
  const flats: { base: Figure; ref: string }[] = [];
  /** Every share of a named whole, and the findings on them, decided at the end (the list may go on below). */
  const namedShares: { whole: string; p: Figure; num: Figure }[] = [];
  const pendingShares: Finding[] = [];
  /** The first figure stated for each department-wide subject and role (this year's, not about a project). */
  const stated = new Map<string, Figure>();
  /** The total the last list of shares divided, and its paragraph. */
  let list: { lead: Figure; paragraph: number } | undefined;
  /** Directions stated in words only ("财政拨款收入支出减少的主要原因是…"), with the subjects they are of. */
  const reasons: { subjects: string[]; up: boolean; sentence: Sentence; at: number }[] = [];
  /** The table figure each amount of the text resolved to: a share's part and whole point to theirs. */
  const tableFigure = new Map<Figure, Resolved>();
  /** Directions a list of changes contradicts (flippedInList), kept apart until every other finding is known. */
  const listFlips: Finding[] = [];
  let recent: Figure[] = [];
  /** The same with percentages, to tell a list's items (each with its share) from its total. */
  let recentAll: Figure[] = [];
  /** The amounts of the sentence before (a class's figure a "具体为：" breakdown is of). */
  let previous: Figure[] = [];
  for (const sentence of sentences) {
    const text = asciiDigits(sentence.text);
    // A numbered sentence (a glossary entry "（二）事业收入：指……的收入。") is not a heading.
    if (HEADING.test(text) && text.length <= 60 && !/万元|%|[，,；;]|[：:].{4,}/u.test(text)) {
      const code = CLASS_PATH.test(text) ? classPathCode(text, tables) : classCodeOf(text);
      heading = {
        local: LOCAL.test(text) || /(?:项目|专项)$/u.test(text),
        // A top-level heading (一、…) starts a new section; a sub-heading stays in its section's 财政拨款 scope.
        fiscal: FISCAL.test(text) || (heading.fiscal && !/^\s*[一二三四五六七八九十]+[、.．]/u.test(text)),
        ...(code ? { classCode: code } : {}),
        text,
      };
      recent = [];
      recentAll = [];
      continue;
    }
    const figures = figuresOf(sentence, year, budgetDoc, heading, tables);
    const scopeWords = lastScopeWords(text);
    if (scopeWords) heading = { ...heading, scopeWords };
    const amounts = figures.filter((f) => !f.percent);
    breakdownByUse(text, amounts, previous);
    previous = amounts;
    allAmounts.push(...amounts);
    for (const f of amounts)
      if (
        f.subject?.departmentWide &&
        !f.local &&
        !f.change &&
        f.role !== 'last_year' &&
        !stated.has(`${f.subject.id}:${f.role}`)
      )
        stated.set(`${f.subject.id}:${f.role}`, f);
    const why = REASON.exec(text);
    if (why) {
      const words = why[1] ?? '';
      const fiscal = /财政拨款/u.test(words);
      const both = /收支|收入支出/u.test(words);
      const subjects = [
        ...(both || /收入/u.test(words) ? [fiscal ? 'fiscal_income' : 'income_total'] : []),
        ...(both || /支出/u.test(words) ? [fiscal ? 'fiscal_expenditure' : 'expenditure_total'] : []),
      ];
      // Only words that name nothing else ("财政拨款收入支出减少的主要原因"), not "项目支出增加的原因".
      if (
        subjects.length &&
        /^(?:本年|本单位|本部门)?(?:财政拨款)?(?:收入|支出|收支|收入[、和及]?支出|收、支)(?:预算)?$/u.test(
          words,
        )
      )
        reasons.push({ subjects, up: /增加|增长/u.test(why[2] ?? ''), sentence, at: why.index });
    }

    // Amounts: each against its table figure.
    const amountRecs = new Map<Figure, ClaimRecord>();
    const changeRecs = new Map<Figure, ClaimRecord>();
    for (const f of amounts) {
      if (f.change) continue;
      const r = resolve(f, ctx);
      if (r) tableFigure.set(f, r);
      const internal = f.role !== 'plain';
      const rec = claim('amount', f, r !== undefined || (internal && figures.some((g) => g.percent)));
      amountRecs.set(f, rec);
      if (!r) continue;
      // The coarser of the two printed precisions decides what is the same figure; one unit of that last digit
      // beyond is rounding or truncation (a sum of rounded items, 1,361 for 1,361.63), anything more is a different figure.
      const gap = Math.abs(f.value - r.value);
      const exact = Math.max(f.half, r.half) + 1e-9;
      if (gap <= exact) continue;
      const severity = gap <= exact + 2 * Math.max(f.half, r.half) ? 'info' : 'warning';
      const where = `${r.table.title || r.table.type}「${r.row.label || r.table.columns.find((c) => c.key === r.column)?.label || r.row.id}」`;
      const name =
        f.classCode || f.econCode
          ? `${r.row.label || f.classCode || f.econCode}${budgetDoc ? '预算' : '决算支出'}`
          : f.project
            ? `${r.row.label}${nameOf(f)}`
            : nameOf(f);
      findings.push({
        claim: rec,
        id: `narrative_mismatch:amount:${r.table.id}:${r.row.id}:${r.column}:${f.raw}`,
        severity,
        at: f,
        resolved: r,
        found: round(f.value, 6),
        expected: round(r.value, 6),
        message:
          severity === 'info'
            ? `说明文字中的${name} ${f.raw} ${f.unit}与${where}的 ${r.raw} ${tableUnit(r)}相差 ${fmt(f.value - r.value)} 万元，属尾数误差范围。`
            : `说明文字称${name}为 ${f.raw} ${f.unit}，但${where}为 ${r.raw} ${tableUnit(r)}，相差 ${fmt(f.value - r.value)} 万元。请核对文字或表格。`,
      });
    }

    findings.push(
      ...ceilingChecks(text, amounts, tableFigure, amountRecs, ctx),
      ...partsAboveWhole(
        text,
        figures,
        tableFigure,
        amountRecs,
        new Set(findings.map((x) => x.at).filter((x): x is Figure => 'raw' in x)),
      ),
    );

    // Changes: 比上年增加 Y 万元，增长 Z%; 持平.
    for (const [i, y] of amounts.entries()) {
      if (!y.change) continue;
      const rec = claim('change', y, false);
      changeRecs.set(y, rec);
      // The figure the change is of: this year's, or last year's when that is what is printed before it
      // ("与2016年度相比（2016年度部门支出预算安排为8,648.07万元），增加498.72万元，增长5.77%").
      // The change's own words may name it ("…，2021年本部门预算收入较上年增加X万元"): then the figure stated for that
      // subject, not the last item of the list before it.
      const named = subjectOf(y.label.replace(CHANGE_AT_END, ''));
      const earlier = [...amounts.slice(0, i)].reverse().filter((f) => !f.change);
      // A change that names a subject no earlier figure is of ("…拨款支出74868.34万元，较上年增加6915.49万元，其中基本支出
      // 减少了8627.56万元") is that subject's own change, not one of the figure before it.
      const ownFigure = named ? earlier.find((f) => f.subject === named) : undefined;
      const prev =
        named && !ownFigure && y.subject === named && earlier[0]?.subject !== named
          ? undefined
          : (ownFigure ?? earlier[0]);
      const lastStated = prev?.role === 'last_year' ? prev : undefined;
      // Both years printed side by side, the second bare, then the change ("人员经费138.06万元，124.13万元，较上年增加
      // 13.93万元"): the change is of the first.
      const pairedYears =
        prev && !lastStated && !prev.change && compact(prev.label) === '' && amounts[i - 1] === prev
          ? amounts[i - 2]
          : undefined;
      const paired =
        prev &&
        pairedYears &&
        !pairedYears.change &&
        pairedYears.role !== 'last_year' &&
        /[\u4e00-\u9fff]{2}/u.test(compact(pairedYears.label)) &&
        /^[，,、\s]*$/u.test(text.slice(pairedYears.end, prev.at)) &&
        PAIRED_CHANGE.test(text.slice(prev.end, y.at)) &&
        (y.change === 'up' || y.change === 'down')
          ? { thisYear: pairedYears, lastYear: prev }
          : undefined;
      const base = lastStated ? undefined : (paired?.thisYear ?? prev);
      // Up to the next change: a rate after it is that one's ("交流中心减少1.09万元；…比2021年增加6万元，增幅400%").
      const nextChange = amounts.slice(i + 1).find((f) => f.change)?.at ?? Infinity;
      const worded = figures.find(
        (f) =>
          f.percent &&
          f.at > y.at &&
          f.at < nextChange &&
          CHANGE_AT_END.test(f.label.split(CLAUSE).pop() ?? ''),
      );
      // The rate in brackets right after the change ("较上年减少4.76万元（26.30%）") goes the change's way.
      const after = figures[figures.indexOf(y) + 1];
      const bracketed =
        !worded && after?.percent && RATE_BRACKET.test(after.label) && y.change !== 'both'
          ? after
          : undefined;
      const pctFig = worded ?? bracketed;
      const pctWords = worded ? (CHANGE_AT_END.exec(worded.label.split(CLAUSE).pop() ?? '')?.[0] ?? '') : '';
      const pctDirs = new Set(CHANGE_WORDS.filter(([w]) => pctWords.includes(w)).map(([, d]) => d));
      const pctDir = bracketed ? y.change : pctDirs.size === 1 ? [...pctDirs][0] : undefined;
      const name = base ? nameOf(base) : '该项';
      const key = base?.subject?.id ?? compact(name);
      let checked = false;
      if (y.value < 0 && y.change !== 'both') {
        checked = true;
        findings.push({
          claim: rec,
          id: `narrative_mismatch:change_sign:${key}:${y.raw}`,
          severity: 'warning',
          at: y,
          found: y.value,
          message: `说明文字称${name}比上年“${y.change === 'up' ? '增加' : '减少'}” ${y.raw} 万元，数值为负，与增减说法矛盾。请核对。`,
        });
      }
      if (
        pctFig &&
        pctDir &&
        y.change !== 'both' &&
        y.change !== 'flat' &&
        pctDir !== y.change &&
        y.value !== 0
      ) {
        checked = true;
        findings.push({
          claim: rec,
          id: `narrative_mismatch:change_direction:${key}:${y.raw}:${pctFig.raw}`,
          severity: 'warning',
          at: pctFig,
          also: [y],
          message: `说明文字称${name}比上年${y.change === 'up' ? '增加' : '减少'} ${y.raw} 万元，却又称${pctDir === 'up' ? '增长' : '下降'} ${pctFig.raw}%，增减方向自相矛盾。请核对。`,
        });
      } else if (pctFig && lastStated && y.value >= 0 && (y.change === 'up' || y.change === 'down')) {
        checked = true;
        const range = ratioRange(y, lastStated);
        const verdict = range ? percentVerdict(pctFig, range) : undefined;
        if (verdict) {
          const calc = round((y.value / lastStated.value) * 100, decimalsOf(pctFig.raw));
          findings.push({
            claim: rec,
            id: `narrative_mismatch:change_rate:${lastStated.subject?.id ?? compact(nameOf(lastStated))}:${y.raw}:${pctFig.raw}`,
            severity: verdict,
            at: pctFig,
            also: [y],
            found: pctFig.value,
            expected: calc,
            message: `说明文字称比上年（${lastStated.raw} 万元）${y.change === 'up' ? '增加' : '减少'} ${y.raw} 万元、${y.change === 'up' ? '增长' : '下降'} ${pctFig.raw}%，但 ${y.raw} ÷ ${lastStated.raw} = ${calc}%。请核对。`,
          });
        }
      } else if (pctFig && base && y.value >= 0) {
        checked = true;
        const dir = y.change === 'both' ? undefined : y.change === 'flat' ? undefined : y.change;
        const lasts = dir ? [dir === 'up' ? -1 : 1] : [-1, 1];
        const verdicts = lasts.map((sign) => {
          const last = base.value + sign * y.value;
          const lh = base.half + y.half;
          // Nothing last year (a new item printed "增长100%"): the rate is not defined, so not checked.
          if (last - lh <= 0) return undefined;
          return percentVerdict(pctFig, [
            ((y.value - y.half) / (last + lh)) * 100,
            ((y.value + y.half) / (last - lh)) * 100,
          ]);
        });
        const verdict = verdicts.includes(undefined)
          ? undefined
          : verdicts.includes('info')
            ? 'info'
            : 'warning';
        if (verdict && dir) {
          const last = base.value + (dir === 'up' ? -1 : 1) * y.value;
          const calc = last > 0 ? round((y.value / last) * 100, Math.max(decimalsOf(pctFig.raw), 0)) : NaN;
          const onThisYear = ratioRange(y, base);
          const hint =
            onThisYear && percentAgrees(pctFig, onThisYear)
              ? `（该比率为 ${y.raw} ÷ ${base.raw}，疑以本年数为基数）`
              : '';
          findings.push({
            claim: rec,
            id: `narrative_mismatch:change_rate:${key}:${y.raw}:${pctFig.raw}`,
            severity: verdict,
            at: pctFig,
            also: [y],
            found: pctFig.value,
            ...(Number.isFinite(calc) ? { expected: calc } : {}),
            message: `说明文字称${name} ${base.raw} 万元，比上年${dir === 'up' ? '增加' : '减少'} ${y.raw} 万元、${dir === 'up' ? '增长' : '下降'} ${pctFig.raw}%，但按上年 ${fmt(last)} 万元（${base.raw} ${dir === 'up' ? '−' : '+'} ${y.raw}）计算应为 ${Number.isFinite(calc) ? calc : '—'}%${hint}。请核对。`,
          });
        }
      }
      // A last-year figure stated beside them: this year − last year must be the change.
      // Only one printed right after the change ("，上年为 W 万元"): figures before it belong to other clauses.
      const next = amounts[i + 1];
      const lastYear =
        next && !next.change && /^[，,]?上年(?:为|是|预算|决算)/u.test(next.label) ? next : undefined;
      if (base && lastYear && y.change !== 'both') {
        checked = true;
        const diff = base.value - lastYear.value;
        const signed = y.change === 'down' ? -y.value : y.value;
        if (Math.abs(diff - signed) > base.half + lastYear.half + y.half + 1e-9)
          findings.push({
            claim: rec,
            id: `narrative_mismatch:change_amount:${key}:${y.raw}`,
            severity: 'warning',
            at: y,
            found: signed,
            expected: round(diff, 6),
            message: `说明文字称${name} ${base.raw} 万元比上年（${lastYear.raw} 万元）${y.change === 'down' ? '减少' : '增加'} ${y.raw} 万元，但两数之差为 ${fmt(diff)} 万元。请核对。`,
          });
      }
      // The table the figure resolved to prints last year's beside it (三公: 2025年预算数 | 2026年预算数): this year's −
      // last year's there (or the 增减 it prints) is the change, in size and direction. Only for the figure the change
      // follows in its clause or the one before, and only when that figure is the table's (else its own mismatch says it).
      const resolved = base ? tableFigure.get(base) : undefined;
      const gapText = base ? text.slice(base.end, y.at) : '';
      const adjacent =
        base !== undefined &&
        amounts[i - 1] === base &&
        [...gapText.matchAll(/[，,]/gu)].length <= 1 &&
        !/[；;。]/u.test(gapText);
      const agrees =
        resolved &&
        base &&
        Math.abs(base.value - resolved.value) <= Math.max(base.half, resolved.half) + 1e-9;
      const prior =
        resolved && agrees && adjacent && (y.change === 'up' || y.change === 'down')
          ? lastYearCell(resolved)
          : undefined;
      let toldByTable = false;
      if (resolved && prior) {
        checked = true;
        const signed = y.change === 'down' ? -y.value : y.value;
        const gap = Math.abs(prior.change - signed);
        const tol = prior.half + y.half + 1e-9;
        const severity = gap <= tol ? undefined : gap <= tol + 2 * y.half ? 'info' : 'warning';
        const where = resolved.table.title || resolved.table.type;
        toldByTable = severity !== undefined;
        if (severity)
          findings.push({
            claim: rec,
            id: `narrative_mismatch:change_table:${resolved.table.id}:${resolved.row.id}:${resolved.column}:${y.raw}`,
            severity,
            at: y,
            found: signed,
            expected: round(prior.change, 6),
            message:
              severity === 'info'
                ? `说明文字称${name}比上年${y.change === 'down' ? '减少' : '增加'} ${y.raw} 万元，与${where}${prior.printed ? `所列增减 ${prior.raw}` : `本年 ${resolved.raw}、上年 ${prior.raw}`} ${tableUnit(resolved)}（${fmt(prior.change)} 万元）相差 ${fmt(signed - prior.change)} 万元，属尾数误差范围。`
                : `说明文字称${name}比上年${y.change === 'down' ? '减少' : '增加'} ${y.raw} 万元，但${where}${prior.printed ? `所列增减为 ${prior.raw}` : `中本年 ${resolved.raw}、上年 ${prior.raw}`} ${tableUnit(resolved)}，即${prior.change < 0 ? '减少' : '增加'} ${fmt(Math.abs(prior.change))} 万元。请核对。`,
          });
      }
      // The reason that follows in the sentence ("…减少1.49万元（18.63%），减少的主要原因是…") names the change's
      // direction: it must be the same (up to the next change figure).
      if (y.change === 'up' || y.change === 'down') {
        const until = amounts.slice(i + 1).find((f) => f.change)?.at ?? text.length;
        const from = (bracketed ?? y).end;
        REASON_WORD.lastIndex = 0;
        const said = [...text.slice(from, until).matchAll(REASON_WORD)][0];
        const dir = said ? CHANGE_WORDS.find(([w]) => w === said[1])?.[1] : undefined;
        // One fact, one anomaly: a change the table already contradicts (above) is not told again by its reason's word.
        if (said && dir && dir !== 'flat' && dir !== y.change && !toldByTable) {
          checked = true;
          findings.push({
            claim: rec,
            id: `narrative_mismatch:change_reason_word:${key}:${y.raw}:${said[1]}`,
            severity: 'warning',
            at: y,
            also: [{ sentence, at: from + said.index }],
            found: y.change === 'down' ? -y.value : y.value,
            message: `说明文字称${name}比上年${y.change === 'up' ? '增加' : '减少'} ${y.raw} 万元，随后却说明“${said[0]}”，增减方向不一致。请核对。`,
          });
        }
      }
      // An increase larger than the figure it is of leaves last year below zero ("509）17.64万元，较上年增加38995.61万元"):
      // only for the figure right before the change, in its clause or the one before.
      const between = base ? text.slice(base.end, y.at) : '';
      if (
        base &&
        !lastStated &&
        !findings.some((f) => f.at === y || f.also?.includes(y)) &&
        y.change === 'up' &&
        y.value > base.value + base.half + y.half + 1e-9 &&
        amounts[i - 1] === base &&
        [...between.matchAll(/[，,；;。]/gu)].length <= 1 &&
        !/[；;。]/u.test(between)
      ) {
        checked = true;
        findings.push({
          claim: rec,
          id: `narrative_mismatch:change_below_zero:${key}:${base.raw}:${y.raw}`,
          severity: 'warning',
          at: y,
          also: [base],
          found: y.value,
          message: `说明文字称${name} ${base.raw} 万元，比上年增加 ${y.raw} 万元，则上年为 ${fmt(base.value - y.value)} 万元，小于零。请核对增减方向与金额。`,
        });
      }
      // Both years stated before the change. Worded ("安排201.87万元，较2025年预算198.27万元增加3.6万元", "X万元，比上年Y万元
      // 减少Z万元"): this year − last year is the change, in size and direction, at the precisions printed. Side by side,
      // the second bare (paired): the second is last year's only when the difference is the change's size (it may be a
      // part, or another figure); then the direction must be the difference's.
      const thisYear = lastStated ? amounts[amounts.indexOf(lastStated) - 1] : undefined;
      const stated =
        lastStated &&
        thisYear &&
        amounts[i - 1] === lastStated &&
        !thisYear.change &&
        thisYear.role !== 'last_year' &&
        LAST_YEAR_AFTER.test(lastStated.label) &&
        !/[；;。]/u.test(text.slice(thisYear.end, y.at)) &&
        (y.change === 'up' || y.change === 'down')
          ? { thisYear, lastYear: lastStated }
          : undefined;
      const years = stated ?? paired;
      if (years) {
        const diff = years.thisYear.value - years.lastYear.value;
        const signed = y.change === 'down' ? -y.value : y.value;
        const slack = years.thisYear.half + years.lastYear.half + y.half + 1e-9;
        const holds = Math.abs(diff - signed) <= slack;
        const flipped = !holds && Math.abs(diff + signed) <= slack && y.value > slack;
        if (holds || stated || flipped) checked = true;
        if (!holds && (stated || flipped)) {
          const said = `说明文字称${nameOf(years.thisYear)} ${years.thisYear.raw} 万元，较上年 ${years.lastYear.raw} 万元${dirWord(signed)} ${y.raw} 万元`;
          findings.push({
            claim: rec,
            id: `narrative_mismatch:change_years:${key}:${years.thisYear.raw}:${years.lastYear.raw}:${y.raw}`,
            severity: 'warning',
            at: y,
            also: [years.thisYear, years.lastYear],
            found: signed,
            expected: round(diff, 6),
            message: flipped
              ? `${said}，但两数相比应为${dirWord(diff)}，增减方向不一致。请核对。`
              : `${said}，但两数之差为 ${fmt(diff)} 万元。请核对。`,
          });
        }
      }
      if (checked) rec.verdict = 'holds';
      // A class named by its code is that code, whatever words go with it ("机关资本性支出（一）（503）", "资本性支出（503）").
      const code = base
        ? /[（(]([1-9]\d{2,6})[)）]$/u.exec(compact(base.label).replace(/[为是]$/u, ''))?.[1]
        : undefined;
      const fact = code ? `code:${code}` : (base?.subject?.id ?? (base ? factName(base.label) : ''));
      if (
        base &&
        (code !== undefined ||
          (base.subject ? !(base.local && base.subject.departmentWide) : /[\u4e00-\u9fff]{2}/u.test(fact))) &&
        base.role !== 'last_year' &&
        y.value >= 0 &&
        (y.change === 'up' || y.change === 'down')
      )
        statements.push({
          base,
          y,
          signed: y.change === 'down' ? -y.value : y.value,
          ref: referenceOf(y.label),
          fact,
          rec,
        });
      else if (
        // A change that names its own subject with no figure of it stated ("2.支出预算减少1,226.81万元，其中基本支出
        // 增加92.17万元，项目支出减少1,318.98万元"): the change is of that subject, for the sums of changes.
        !base &&
        y.subject &&
        !y.local &&
        y.role !== 'last_year' &&
        y.value >= 0 &&
        (y.change === 'up' || y.change === 'down')
      )
        bareChanges.push({
          base: y,
          y,
          signed: y.change === 'down' ? -y.value : y.value,
          ref: referenceOf(y.label),
          fact: y.subject.id,
          rec,
          bare: true,
        });
    }
    // 持平 beside figures that say otherwise.
    for (const flat of text.matchAll(/持平/gu)) {
      if (/(?:基本|大体|略有|总体)持平$/u.test(text.slice(0, flat.index + 2))) continue;
      // Within the clause that says 持平 (up to the last ；/。 before it).
      const from = Math.max(...[...text.slice(0, flat.index).matchAll(/[；;。]/gu)].map((c) => c.index), -1);
      const inClause = amounts.filter((f) => f.at > from && f.at < flat.index && !f.change);
      const base = inClause.find((f) => f.role !== 'last_year');
      const lastYear = inClause.find((f) => f.ownRole === 'last_year' && f !== base);
      // 持平 with nothing beside it ("因公出国（境）费0.00万元，与2025年预算持平"): a change of 0, for the sums of changes.
      const refWords = /((?:比|较|与|同)[^，,；;。]*?)(?:相比)?持平$/u.exec(
        text.slice(0, flat.index + 2),
      )?.[1];
      if (base && !lastYear && base.subject && !base.local && refWords !== undefined)
        flats.push({ base, ref: referenceOf(refWords) });
      if (base && lastYear) {
        const rec = claim('flat', base, true);
        if (Math.abs(base.value - lastYear.value) > base.half + lastYear.half + 1e-9)
          findings.push({
            claim: rec,
            id: `narrative_mismatch:change_flat:${base.subject?.id ?? compact(nameOf(base))}:${base.raw}:${lastYear.raw}`,
            severity: 'warning',
            at: base,
            found: base.value,
            expected: lastYear.value,
            message: `说明文字称${nameOf(base)}与上年持平，但本年 ${base.raw} 万元、上年 ${lastYear.raw} 万元。请核对。`,
          });
      }
    }

    listFlips.push(...flippedInList(text, figures, changeRecs));

    const context = [...recent, ...amounts];
    const recentAndHere = [...recentAll, ...figures];

    // Completion rates: 完成（年初/全年）预算的 C%.
    const completions = new Set<Figure>();
    for (const p of figures.filter((f) => f.percent)) {
      const tail = p.label.split(CLAUSE).pop() ?? '';
      const match = COMPLETION_RES.find(({ re }) => re.test(tail));
      if (!match) continue;
      completions.add(p);
      if (context.length === 0) continue;
      // The figures it divides are in its own paragraph ("…决算支出689.41万元。完成全年预算的99.61%。").
      const before = context.filter(
        (f) => f.sentence.paragraph === sentence.paragraph && (f.sentence !== sentence || f.at < p.at),
      );
      const final = [...before]
        .reverse()
        .find((f) => f.role === 'final' || (budgetDoc && f.role === 'plain'));
      const budgets = before.filter(
        (f) => f.role.startsWith('budget') && (!final || f.subject === final.subject || !f.subject),
      );
      let budget = [...budgets].reverse().find((f) => f.role === match.role);
      if (!budget && match.role === 'budget') budget = budgets[budgets.length - 1];
      let tableBudget: Resolved | undefined;
      if (!budget && final?.subject?.budgetTargets && !final.local)
        for (const target of final.subject.budgetTargets) tableBudget ??= pick(ctx, target, target.rows);
      const b = budget ?? tableBudget;
      if (!final || !b) {
        claim('completion', p, false);
        continue;
      }
      const rec = claim('completion', p, true);
      const range = ratioRange(final, b);
      const verdict = range ? percentVerdict(p, range) : undefined;
      if (!verdict) continue;
      // Several budget figures of that kind ("全年预算数1018.55万元，其中当年财政拨款898.00万元"): any one may be meant.
      const fits = (o: Figure): boolean => {
        const r = ratioRange(final, o);
        return r !== undefined && percentAgrees(p, r);
      };
      if (budgets.some((o) => o !== budget && (o.role === match.role || match.role === 'budget') && fits(o)))
        continue;
      const others = budgets.filter((f) => f !== budget && f.role !== match.role);
      const other = others.find((o) => {
        const r = ratioRange(final, o);
        return r !== undefined && percentAgrees(p, r);
      });
      const qual = match.role === 'budget_initial' ? '年初' : match.role === 'budget_full' ? '全年' : '';
      const calc = round((final.value / b.value) * 100, decimalsOf(p.raw));
      const otherNote = other
        ? `；该比率与${other.role === 'budget_initial' ? '年初' : other.role === 'budget_full' ? '全年' : ''}预算数 ${other.raw} 万元相符，疑将${other.role === 'budget_initial' ? '年初' : '全年'}预算写作${qual || '此'}预算`
        : '';
      const name = final.classCode ? `该科目` : nameOf(final);
      findings.push({
        claim: rec,
        id: `narrative_mismatch:completion:${final.subject?.id ?? final.classCode ?? compact(name)}:${match.role}:${p.raw}`,
        severity: other ? 'warning' : verdict,
        at: p,
        found: p.value,
        expected: calc,
        message: `说明文字称${name}完成${qual}预算的 ${p.raw}%，但决算数 ${final.raw} 万元 ÷ ${qual}预算数 ${'raw' in b ? b.raw : ''} 万元 = ${calc}%${otherNote}。请核对。`,
      });
    }

    // Shares: 占 X%, 占…的 X%.
    for (const p of figures.filter((f) => f.percent && !completions.has(f))) {
      const tail = p.label.split(CLAUSE).pop() ?? '';
      const m = SHARE_TAIL.exec(tail);
      // A share in a sentence without money (企业数, 条数) is not a claim about the accounts.
      if (amounts.length === 0) continue;
      // "占预算的 X%" is a completion rate, and a whole named with 预算 is not read ("占一般公共预算项目支出总额的"),
      // except the budget's own totals ("占本年支出预算 X%" in a 预算).
      // A subject named in full is read too ("占一般公共预算支出的 X%").
      if (
        !m ||
        (/预算/u.test(m[1] ?? '') &&
          !/^(?:本年|当年)?(?:支出|收入)预算(?:合计|总额)?(?:的)?$/u.test(m[1] ?? '') &&
          !SUBJECT_WHOLE_RES.some((re) => re.test(compact(m[1] ?? ''))))
      )
        continue;
      // The numerator: named before 占 in the clause ("地方税收占比54.6%"), else the amount just before.
      const pre = compact(tail.slice(0, tail.indexOf('占')));
      const namedSubject = pre.length >= 2 ? subjectOf(pre) : undefined;
      const named = namedSubject && namedSubject.targets.length > 0 ? namedSubject : null;
      const num =
        pre.length >= 2
          ? [...amounts]
              .reverse()
              .find(
                (f) =>
                  f.at < p.at &&
                  !f.change &&
                  ((named && f.subject === named) || compact(f.label).includes(pre)),
              )
          : [...amounts].reverse().find((f) => f.at < p.at && !f.change);
      if (!num) {
        claim('share', p, false);
        continue;
      }
      const denName = (m[1] ?? '').replace(/的$/u, '');
      let den: Figure | Resolved | Amount | undefined;
      // Other figures the share may be of: earlier ones of the paragraph that the text could mean (the list's total
      // is often in the sentence before, "收支总预算18,728.91万元。…支出包括：…15,291.3万元，占81.65%").
      let alternatives: Figure[] = [];
      if (denName) {
        const found = subjectOf(denName);
        // A name no table holds (政府采购, 合同金额) only matches by its words.
        const denSubject = found && found.targets.length > 0 ? found : undefined;
        const want = compact(denName);
        den = [...context]
          .reverse()
          .find(
            (f) =>
              f !== num &&
              !f.change &&
              (f.sentence !== sentence || f.at < p.at) &&
              ((denSubject && f.subject === denSubject) ||
                compact(f.label).endsWith(want) ||
                compact(f.label).endsWith(`${want}为`)),
          );
        alternatives = context.filter(
          (f) =>
            f !== num &&
            f !== den &&
            !f.change &&
            (f.sentence !== sentence || f.at < p.at) &&
            ((denSubject && f.subject === denSubject) || compact(f.label).endsWith(want)),
        );
        if (!den && denSubject && !num.local)
          for (const target of denSubject.targets) den ??= pick(ctx, target, target.rows);
        // A department-wide total the text stated in an earlier section ("本年支出预算合计9,146.79万元" before
        // "…财政拨款预算支出9,066.79万元，占本年支出合计的99.13%").
        if (!den && denSubject?.departmentWide && !num.local)
          den = stated.get(`${denSubject.id}:${num.role}`);
        // A whole the text does not state, divided into a list of shares of it ("因公出国（境）费76万元，占“三公”经费的
        // 11.24%；…156.60万元，占“三公”经费的23.16%；…443.50万元，占“三公”经费的65.60%"): the whole is the sum of the
        // list, when every other item of the list agrees with it (a list that leaves parts out agrees with none).
        if (!den) {
          const items = listShares(sentence, recentAndHere, want);
          const sum: Amount = {
            value: items.reduce((a, x) => a + x.num.value, 0),
            half: items.reduce((a, x) => a + x.num.half, 0),
            raw: fmt(items.reduce((a, x) => a + x.num.value, 0)),
          };
          const agreeing = items.filter((x) => {
            const r = ratioRange(x.num, sum);
            return r !== undefined && percentAgrees(x.p, r);
          });
          if (items.length >= 2 && items.some((x) => x.p === p) && agreeing.length >= items.length - 1)
            den = sum;
        }
      } else {
        // Unnamed: the sentence's total, the amount before 其中 (or the first of the sentence).
        alternatives = context.filter(
          (f) =>
            f !== num &&
            !f.change &&
            f.sentence.paragraph === sentence.paragraph &&
            (f.sentence !== sentence || f.at < num.at) &&
            notBelow(f, num),
        );
        // The sentence's first amount is the total the list divides, unless it carries its own share: then it is
        // one of the list ("一般公共服务支出13,144.37万元，占79.78%；教育支出118.01万元，占0.72%").
        const lead = amounts.find((f) => !f.change && f !== num && f.at < num.at);
        const hasShare = (f: Figure): boolean => {
          const all = recentAndHere.filter((g) => g.sentence === f.sentence);
          const next = all[all.indexOf(f) + 1];
          return next !== undefined && next.percent && /占/u.test(next.label.split(CLAUSE).pop() ?? '');
        };
        alternatives = alternatives.filter((f) => !hasShare(f));
        den = lead && !hasShare(lead) && notBelow(lead, num) ? lead : alternatives[0];
        // A list whose items are printed one a paragraph ("其中：基本支出…，占47.79%。" then "项目支出…，占51.27%。"):
        // the total of the paragraph just before, when that paragraph divided it into shares too.
        if (!den && list && list.paragraph === sentence.paragraph - 1 && notBelow(list.lead, num))
          den = list.lead;
        if (den && 'sentence' in den) list = { lead: den, paragraph: sentence.paragraph };
      }
      if (!den) {
        claim('share', p, false);
        continue;
      }
      const rec = claim('share', p, true);
      if (denName) namedShares.push({ whole: compact(denName), p, num });
      const range = ratioRange(num, den);
      const verdict = range ? percentVerdict(p, range) : undefined;
      if (!verdict) continue;
      if (
        alternatives.some((o) => {
          const r = ratioRange(num, o);
          return r !== undefined && percentAgrees(p, r);
        })
      )
        continue;
      // The list's own sum fits (a total stated elsewhere includes what the list leaves out, 结转 or another unit's).
      if (denName) {
        const items = listShares(sentence, recentAndHere, compact(denName));
        const sum = items.reduce((a, x) => a + x.num.value, 0);
        const half = items.reduce((a, x) => a + x.num.half, 0);
        const r = items.length >= 2 ? ratioRange(num, { value: sum, half, raw: '' }) : undefined;
        if (r && percentAgrees(p, r)) continue;
      }
      const calc = round((num.value / den.value) * 100, decimalsOf(p.raw));
      const denLabel = denName || ('sentence' in den ? nameOf(den) : '合计');
      const denWhere =
        'table' in den ? `，${den.table.title || den.table.type}` : 'sentence' in den ? '' : '，所列各项之和';
      // The share points to the table figures of its part and its whole (the part's row first), where they resolved.
      const [partAt, wholeAt] = [
        tableFigure.get(num),
        'table' in den ? den : 'sentence' in den ? tableFigure.get(den) : undefined,
      ];
      const shareFinding: Finding = {
        claim: rec,
        ...((partAt ?? wholeAt) ? { resolved: (partAt ?? wholeAt) as Resolved } : {}),
        ...(partAt && wholeAt ? { alsoResolved: [wholeAt] } : {}),
        id: `narrative_mismatch:share:${num.subject?.id ?? compact(nameOf(num))}:${compact(denLabel)}:${p.raw}`,
        severity: verdict,
        at: p,
        found: p.value,
        expected: calc,
        message: `说明文字称${nameOf(num)} ${num.raw} 万元占${denLabel}的 ${p.raw}%，但 ${num.raw} ÷ ${den.raw}（${denLabel}${denWhere}）= ${calc}%。请核对。`,
      };
      findings.push(shareFinding);
      if (denName) pendingShares.push(shareFinding);
    }

    // Comparisons: 决算数小于预算数.
    for (const m of text.matchAll(COMPARE)) {
      const word = m[2] ?? m[5] ?? '';
      const finalLeft = m[1] !== undefined;
      const budgetWord = (finalLeft ? m[3] : m[4]) ?? '';
      const want: FigureRole | undefined = /年初/u.test(budgetWord)
        ? 'budget_initial'
        : /全年|调整/u.test(budgetWord)
          ? 'budget_full'
          : undefined;
      const before = context.filter((f) => f.sentence !== sentence || f.at < m.index);
      const final = [...before].reverse().find((f) => f.role === 'final');
      const budgets = before.filter(
        (f) =>
          f.role.startsWith('budget') &&
          (!want || f.role === want) &&
          (!final || f.subject === final.subject || !f.subject || !final.subject),
      );
      let tableBudget: Resolved | undefined;
      if (budgets.length === 0 && final?.subject?.budgetTargets && !final.local)
        for (const target of final.subject.budgetTargets) tableBudget ??= pick(ctx, target, target.rows);
      const candidates: (Figure | Resolved)[] =
        budgets.length > 0 ? budgets.slice(-2) : tableBudget ? [tableBudget] : [];
      if (!final || candidates.length === 0) {
        records.push({ kind: 'comparison', said: m[0], sentence: sentence.text, verdict: 'unresolved' });
        continue;
      }
      const rec = claim('comparison', final, true, m[0]);
      const op = COMPARATORS.find(([w]) => w === word)?.[1] ?? 'eq';
      const holds = (b: Figure | Resolved): boolean => {
        const l = finalLeft ? final.value : b.value;
        const r = finalLeft ? b.value : final.value;
        const tol = final.half + b.half + 1e-9;
        return op === 'gt' ? l > r - tol : op === 'lt' ? l < r + tol : Math.abs(l - r) <= tol;
      };
      if (candidates.some(holds)) continue;
      const b = candidates[candidates.length - 1]!;
      const actual = final.value > b.value ? '大于' : final.value < b.value ? '小于' : '等于';
      findings.push({
        claim: rec,
        id: `narrative_mismatch:comparison:${final.subject?.id ?? final.classCode ?? compact(nameOf(final))}:${word}:${final.raw}:${b.raw}`,
        severity: 'warning',
        at: final,
        found: final.value,
        expected: b.value,
        message: `说明文字称“${m[0]}”，但决算数 ${final.raw} 万元${actual}预算数 ${b.raw} 万元。请核对文字或数字。`,
      });
    }
    recent = context.slice(-12);
    recentAll = recentAndHere.slice(-24);
  }

  findings.push(...partSums(allAmounts, sentences, ctx, records));

  findings.push(...changeConflicts([...statements, ...bareChanges]));
  findings.push(...changeSums([...statements, ...bareChanges], flats));
  // A share of a named whole that the shares of the same whole, listed under their own headings, add up to
  // ("（一）基本支出…占本年支出预算74.41%" and "（二）项目支出…占本年支出预算25.59%", 北京: the whole stated earlier also
  // holds 结转结余): the list's sum is the whole meant.
  for (const f of pendingShares) {
    const me = namedShares.find((x) => x.p === f.at);
    const items = me ? namedShares.filter((x) => x.whole === me.whole) : [];
    const sum = items.reduce((a, x) => a + x.num.value, 0);
    const half = items.reduce((a, x) => a + x.num.half, 0);
    const r = me && items.length >= 2 ? ratioRange(me.num, { value: sum, half, raw: '' }) : undefined;
    // Kept in place (the order findings are reported in), dropped when the list's sum fits.
    if (me && r && percentAgrees(me.p, r)) findings.splice(findings.indexOf(f), 1);
  }
  // A direction stated in words after the figures: the change it explains must go that way.
  for (const r of reasons)
    for (const id of r.subjects) {
      const st = [...statements]
        .reverse()
        .find(
          (x) =>
            x.base.subject?.id === id &&
            x.base.sentence.paragraph <= r.sentence.paragraph &&
            r.sentence.paragraph - x.base.sentence.paragraph <= 3,
        );
      if (!st || st.signed === 0 || st.signed > 0 === r.up) continue;
      st.rec.verdict = 'holds';
      findings.push({
        claim: st.rec,
        id: `narrative_mismatch:change_reason:${id}:${st.base.raw}:${st.y.raw}`,
        severity: 'warning',
        at: st.y,
        found: st.signed,
        message: `说明文字称${nameOf(st.base)}比${st.ref}${dirWord(st.signed)} ${st.y.raw} 万元，但随后说明的是“${r.sentence.text.slice(r.at, r.at + 16)}…”的原因，增减方向不一致。请核对。`,
      });
    }

  // Not where another finding is already about that change (one anomaly per fact).
  const about = (p: { sentence: Sentence; at: number }, q: { sentence: Sentence; at: number }): boolean =>
    p.sentence === q.sentence && Math.abs(p.at - q.at) <= 12;
  const aboutAny = (x: { sentence: Sentence; at: number }): boolean =>
    findings.some((f) => about(f.at, x) || (f.also ?? []).some((g) => about(g, x)));
  findings.push(...listFlips.filter((x) => !aboutAny(x.at)));
  findings.push(...restatedDirections(sentences).filter((r) => !aboutAny(r.at))); // One anomaly per fact: the same id stated in several places lists them all.
  const byId = new Map<string, Anomaly>();
  /** How many times each fact was stated (its other places, from `also`, are what it is about, not restatements). */
  const statedTimes = new Map<string, number>();
  for (const f of findings) {
    const source: Provenance = sourceAt(f.at.sentence, f.at.at);
    const existing = byId.get(f.id);
    statedTimes.set(f.id, (statedTimes.get(f.id) ?? 0) + 1);
    if (existing) {
      existing.places = [...(existing.places ?? [existing.source]), source];
      continue;
    }
    const also = (f.also ?? []).map((g) => sourceAt(g.sentence, g.at));
    const r = f.resolved;
    byId.set(f.id, {
      id: f.id,
      rule: 'narrative_mismatch',
      severity: f.severity,
      table: r?.table.id ?? '',
      ...(r ? { row: r.row.id, column: r.column } : {}),
      ...(f.found !== undefined ? { found: f.found } : {}),
      ...(f.expected !== undefined ? { expected: f.expected } : {}),
      ...(f.found !== undefined && f.expected !== undefined
        ? { difference: round(f.found - f.expected, 6) }
        : {}),
      message: f.message,
      related: [...(r ? [r] : []), ...(f.alsoResolved ?? [])].map((x) => ({
        table: x.table.id,
        row: x.row.id,
        column: x.column,
      })),
      source,
      ...(also.length ? { places: [source, ...also] } : {}),
    });
  }
  for (const a of byId.values()) {
    const n = statedTimes.get(a.id) ?? 1;
    if (n > 1 && !a.id.includes(':change_conflict:')) a.message += `（同一说法见于 ${n} 处）`;
  }
  const rank = { holds: 0, unresolved: 0, info: 1, warning: 2 } as const;
  for (const f of findings)
    if (f.claim && rank[f.severity] > rank[f.claim.verdict]) f.claim.verdict = f.severity;
  const resolved = records.filter((r) => r.verdict !== 'unresolved').length;
  const claims: ClaimCount = { found: records.length, resolved, unresolved: records.length - resolved };
  return { anomalies: [...byId.values()], claims, records, statements, ctx };
}

const memo = new WeakMap<
  readonly TextBlock[],
  WeakMap<readonly NormalizedTable[], ReturnType<typeof checkClaims>>
>();
function cached(
  texts: readonly TextBlock[],
  tables: readonly NormalizedTable[],
): ReturnType<typeof checkClaims> {
  const inner = memo.get(texts) ?? new WeakMap();
  memo.set(texts, inner);
  let r = inner.get(tables);
  if (!r) {
    r = checkClaims(texts, tables);
    inner.set(tables, r);
  }
  return r;
}

/**
 * Figures, shares, changes, comparisons and completion rates stated in the text (情况说明, 预算说明, 自评报告)
 * against the tables and against the sentence's own figures. One anomaly per fact; an exact match gives nothing.
 */
export function narrativeChecks(texts: readonly TextBlock[], tables: readonly NormalizedTable[]): Anomaly[] {
  return cached(texts, tables).anomalies.map((a) => ({ ...a }));
}

/** How many narrative claims the text makes, and how many could be checked. */
export function narrativeClaimCount(
  texts: readonly TextBlock[],
  tables: readonly NormalizedTable[],
): ClaimCount {
  return { ...cached(texts, tables).claims };
}

/**
 * A row that explains its own figure ("一年四次，每次0.2万元，共0.8万元" beside 0.7): the stated 共/合计 figure
 * must equal the row's amount.
 */
export function rowTextChecks(tables: readonly NormalizedTable[]): Anomaly[] {
  const out: Anomaly[] = [];
  for (const table of tables) {
    for (const row of table.rows) {
      const amount = row.cells['amount'];
      const basis = row.cells['basis'];
      if (!amount || !basis || amount.value === null) continue;
      const m = /(?:共|合计|总计)\s*(?:计)?\s*(\d+(?:\.\d+)?)\s*(万元|万|元)/u.exec(basis.raw);
      if (!m?.[1]) continue;
      let stated = Number(m[1]);
      if (m[2] === '元' && table.unit === 'wan_yuan') stated /= 10000;
      if (Math.abs(stated - amount.value) <= 0.005 + 1e-9) continue;
      out.push({
        id: `narrative_mismatch:${table.id}:${row.id}:amount:basis`,
        rule: 'narrative_mismatch',
        severity: 'warning',
        table: table.id,
        row: row.id,
        column: 'amount',
        found: amount.value,
        expected: stated,
        difference: Math.round((amount.value - stated) * 1e6) / 1e6,
        message: `${table.title || table.type}「${row.label}」金额为 ${amount.raw}，但测算说明写“${m[0]}”。请核对金额或测算依据。`,
        related: [{ table: table.id, row: row.id, column: 'basis' }],
        source: amount.source,
      });
    }
  }
  return out;
}

/** A figure the text gives for last year (this year's figure ∓ the change it states against 上年), and last year's document's own. */
export interface StatedLastYear {
  /** The subject as worded ("一般公共预算财政拨款支出"). */
  readonly name: string;
  /** Last year's figure the text implies, in 万元, and half a unit of its last printed digits. */
  readonly value: number;
  readonly half: number;
  /** This year's figure and the change, as printed. */
  readonly thisYear: string;
  readonly change: string;
  readonly up: boolean;
  /** Where the text says it, and this year's table figure the subject resolved to (none in a text-only document). */
  readonly source: Provenance;
  readonly now?: { table: NormalizedTable; row: Row; column: string };
  /** Last year's document's figure for the same subject, in 万元. */
  readonly before: {
    table: NormalizedTable;
    row: Row;
    column: string;
    value: number;
    half: number;
    raw: string;
  };
}

/**
 * The changes the text states against 上年 (比上年增加 Y 万元), turned into last year's figure and looked up in last
 * year's document: the subject must resolve to a table figure in both, and this year's printed figure must agree
 * with this year's table (a disagreement there is already a narrative_mismatch). `lastYear` is the other document's.
 */
export function statedLastYear(
  texts: readonly TextBlock[],
  tables: readonly NormalizedTable[],
  lastTables: readonly NormalizedTable[],
  lastYear: number,
): StatedLastYear[] {
  const { statements, ctx } = cached(texts, tables);
  const ref = new RegExp(`^(?:上年|去年|上一年|${lastYear}年)(?:度)?(?:部门)?(?:决算|预算)?(?:数)?$`, 'u');
  const lastCtx: Ctx = { tables: lastTables, year: lastYear, budgetDoc: isBudgetDoc(lastTables) };
  const out: StatedLastYear[] = [];
  const seen = new Set<string>();
  const textOnly = !tables.some((t) => t.type !== 'unknown' && !t.template);
  for (const st of statements) {
    if (!ref.test(st.ref) || st.base.percent) continue;
    const now = resolve(st.base, ctx);
    // A text-only document (a 预算说明 published apart from its tables) has nothing to resolve to: its subject
    // is taken as worded. Otherwise the subject must resolve here too.
    if (!now && !textOnly) continue;
    if (now && Math.abs(now.value - st.base.value) > now.half + st.base.half + 1e-9) continue;
    // A budget's text published apart from its tables reads "预算" as a role; against last year's budget
    // tables the budget is the figure itself.
    const asLast =
      lastCtx.budgetDoc && (st.base.role === 'budget' || st.base.role === 'budget_initial')
        ? { ...st.base, role: 'plain' as const }
        : st.base;
    const before = resolve(asLast, lastCtx);
    if (!before) continue;
    const key = `${before.table.type}:${before.row.id}:${before.column}:${st.base.raw}:${st.y.raw}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      name: nameOf(st.base),
      value: round(st.base.value - st.signed, 6),
      half: st.base.half + st.y.half,
      thisYear: st.base.raw,
      change: st.y.raw,
      up: st.signed >= 0,
      source: sourceAt(st.y.sentence, st.y.at),
      ...(now ? { now: { table: now.table, row: now.row, column: now.column } } : {}),
      before: {
        table: before.table,
        row: before.row,
        column: before.column,
        value: before.value,
        half: before.half,
        raw: before.raw,
      },
    });
  }
  return out;
}
