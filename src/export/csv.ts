import { once } from 'node:events';

type Scalar = string | number | boolean | null;

/** RFC 4180 field: quoted when it holds a comma, quote or line break; null is an empty field. */
export function csvField(v: Scalar): string {
  if (v === null) return '';
  const s = typeof v === 'boolean' ? (v ? 'true' : 'false') : String(v);
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
