import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** Seed 004's nine 决算 tables as a text export (samples/): the body of every generated year. */
const TABLES = join(ROOT, 'samples/004-final-accounts-2023-tables.txt');

/**
 * One department's 部门决算 of one year as a text export, built from seed 004's nine tables with a cover line
 * naming the department and year, and the 收入支出决算总表's 年初结转和结余 / 年末结转和结余 filled in (the seed
 * leaves them blank). `incomeTotal` is the printed income-side 总计 (default: 本年收入合计 + 年初, so the table adds
 * up); printing another one makes the 年初 figure the odd one out inside the document too.
 */
export function yearDocumentText(opts: {
  department: string;
  year: number;
  opening: number;
  closing: number;
  incomeTotal?: number;
}): string {
  const income = 766.56;
  const lines = readFileSync(TABLES, 'utf8').split('\n');
  const fmt = (n: number) => n.toFixed(2);
  const out = lines.map((line) => {
    if (line.startsWith('年初结转和结余\t12\t'))
      return `年初结转和结余\t12\t${fmt(opts.opening)}\t年末结转和结余\t25\t${fmt(opts.closing)}`;
    if (line.startsWith('总计\t13\t'))
      return `总计\t13\t${fmt(opts.incomeTotal ?? income + opts.opening)}\t总计\t26\t${fmt(income + opts.closing)}`;
    return line;
  });
  return [`${opts.department}${opts.year}年度部门决算`, '', ...out].join('\n');
}
