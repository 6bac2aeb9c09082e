import { once } from 'node:events';

type Scalar = string | number | boolean | null;

/** A number as text ("-12.50", "+3", "1,234.5", "-8%"): never a formula, written as it is. */
const NUMERIC_TEXT = /^[-+]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?%?$/;

/**
 * RFC 4180 field: quoted when it holds a comma, quote or line break; null is an empty field. Text starting with
 * = + - @ (or a tab / carriage return) would run as a formula in a spreadsheet (OWASP "CSV injection"): it gets a
 * leading apostrophe. Numbers, and text that is just a number (a negative figure as printed), are left alone.
 */
export function csvField(v: Scalar): string {
  if (v === null) return '';
  let s = typeof v === 'boolean' ? (v ? 'true' : 'false') : String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s) && !NUMERIC_TEXT.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Write records as CSV with a UTF-8 BOM: without it Excel, which most readers of these exports use,
 * opens Chinese text as mojibake. Honors backpressure so a large export streams.
 */
export async function writeCsv(
  out: NodeJS.WritableStream,
  header: readonly string[],
  rows: Iterable<readonly Scalar[]>,
): Promise<number> {
  let n = 0;
  const write = async (line: string): Promise<void> => {
    if (!out.write(line)) await once(out, 'drain');
  };
  await write('\uFEFF' + header.map(csvField).join(',') + '\r\n');
  for (const r of rows) {
    await write(r.map(csvField).join(',') + '\r\n');
    n++;
  }
  return n;
}
