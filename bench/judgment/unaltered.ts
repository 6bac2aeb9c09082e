/**
 * Part A: the unaltered corpus, per document — kind found vs expected, tables, finance tables left `unknown`,
 * anomaly counts, parse_error, and every error-level anomaly with its verdict from the document's answer file.
 */
import { family } from '../../src/catalog/index.js';
import type { Anomaly, ExtractionResult, NormalizedTable } from '../../src/model/index.js';
import { matchFault, type AnswerFile, type RealFault } from './answers.js';
import type { CorpusDoc, Group } from './corpus.js';
import { groupOf } from './corpus.js';
import { anomalyKey, indexResult, tableKey } from './run.js';

/** A money table: a finance family, or an `unknown` table that reads like one (amount figures, money words). */
export function isFinanceTable(t: NormalizedTable): boolean {
  if (t.template) return false;
  // A 绩效 form (the catalog's performance families) is not a money table.
  if (t.type !== 'unknown') return family(t.type)?.kind !== 'performance';
  const numericRows = t.rows.filter((r) =>
    Object.values(r.cells).some((c) => c.value !== null && !c.percent && /\d[\d,]*\.\d|\d{3,}/.test(c.raw)),
  ).length;
  const words = `${t.title} ${t.unitText ?? ''} ${t.columns.map((c) => c.label).join(' ')}`;
  // A 绩效 form (targets, indicators) is not a money table even where it states 资金.
  if (/绩效|指标/.test(words)) return false;
  return numericRows >= 3 && /收入|支出|预算|决算|经费|拨款|万元|元/.test(words);
}

export interface ErrorVerdict {
  readonly key: string;
  readonly page: number | undefined;
  readonly found: string;
  readonly expected: string;
  readonly message: string;
  readonly verdict: 'real' | 'false';
  readonly fault?: RealFault;
}

export interface DocReport {
  readonly path: string;
  readonly group: Group;
  readonly pages: number;
  readonly kindExpected: string;
  readonly kindFound: string;
  readonly kindRight: boolean;
  readonly tables: number;
  readonly financeTables: number;
  readonly financeUnknown: number;
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  readonly parseErrors: number;
  /** parse_error whose text is header or label text (holds letters: 合计, 项目支出, 单位：万元 …), not a garbled figure. */
  readonly parseOnText: number;
  readonly trueErrors: number;
  readonly falseErrors: number;
  readonly faultsListed: number;
  /** Real faults in the answer file no error- or warning-level anomaly matched (missed by tally). */
  readonly faultsMissed: readonly RealFault[];
  readonly errorList: readonly ErrorVerdict[];
  readonly answered: boolean;
  readonly seconds: number;
}

const fmt = (v: Anomaly['found']): string => (v === undefined ? '' : String(v));

export function reportDoc(
  doc: CorpusDoc,
  result: ExtractionResult,
  answer: AnswerFile | undefined,
  seconds: number,
): DocReport {
  const ix = indexResult(result);
  const finance = result.tables.filter(isFinanceTable);
  const errors = result.anomalies.filter((a) => a.severity === 'error');
  const errorList: ErrorVerdict[] = errors.map((a) => {
    const fault = matchFault(a, ix, answer);
    return {
      key: anomalyKey(a, ix),
      page: a.source.page ?? ix.tables.get(a.table)?.source.page,
      found: fmt(a.found),
      expected: fmt(a.expected),
      message: a.message,
      verdict: fault ? 'real' : 'false',
      ...(fault ? { fault } : {}),
    };
  });
  const matched = new Set(
    result.anomalies
      .filter((a) => a.severity !== 'info')
      .flatMap((a) => {
        const f = matchFault(a, ix, answer);
        return f ? [f] : [];
      }),
  );
  return {
    path: doc.path,
    group: groupOf(doc.path),
    pages: result.source.pages ?? 0,
    kindExpected: doc.kind,
    kindFound: result.meta.kind,
    kindRight: result.meta.kind === doc.kind,
    tables: result.tables.length,
    financeTables: finance.length,
    financeUnknown: finance.filter((t) => t.type === 'unknown').length,
    errors: errors.length,
    warnings: result.anomalies.filter((a) => a.severity === 'warning').length,
    infos: result.anomalies.filter((a) => a.severity === 'info').length,
    parseErrors: result.anomalies.filter((a) => a.rule === 'parse_error').length,
    parseOnText: result.anomalies.filter(
      (a) =>
        a.rule === 'parse_error' && typeof a.found === 'string' && /[\p{Script=Han}A-Za-z]/u.test(a.found),
    ).length,
    trueErrors: errorList.filter((e) => e.verdict === 'real').length,
    falseErrors: errorList.filter((e) => e.verdict === 'false').length,
    faultsListed: answer?.faults.length ?? 0,
    faultsMissed: (answer?.faults ?? []).filter((f) => !matched.has(f)),
    errorList,
    answered: answer !== undefined,
    seconds,
  };
}

/** A false-alarm pattern: rule, table, and the message with figures and codes taken out. */
export function pattern(e: ErrorVerdict): string {
  const [rule, table] = e.key.split('|');
  const msg = e.message
    .replace(/-?[\d,]+(\.\d+)?/g, 'N')
    .replace(/“[^”]*”/g, '“…”')
    .slice(0, 60);
  return `${rule} ${table?.startsWith('unknown') ? 'unknown' : table} · ${msg}`;
}

export { tableKey };
