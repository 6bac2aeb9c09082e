/** Plain fixed-width tables for the terminal (CJK characters count as two columns). */

function width(s: string): number {
  let w = 0;
  for (const ch of s)
    w +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(
        ch,
      )
        ? 2
        : 1;
  return w;
}

function pad(s: string, w: number, right: boolean): string {
  const gap = Math.max(0, w - width(s));
  return right ? ' '.repeat(gap) + s : s + ' '.repeat(gap);
}

/** Columns whose header starts with '>' are right-aligned. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const right = headers.map((h) => h.startsWith('>'));
  const heads = headers.map((h) => h.replace(/^>/, ''));
  const widths = heads.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => pad(c, widths[i] ?? 0, right[i] ?? false))
      .join('  ')
      .trimEnd();
  return [line(heads), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export const pct = (n: number, d: number): string => (d === 0 ? '-' : `${((100 * n) / d).toFixed(1)}%`);

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}

/** A short name for a corpus path: region folder + file name, cut. */
export function shortName(path: string, max = 34): string {
  const parts = path.split('/');
  const region = parts.length > 2 ? parts[1] : parts[0];
  const name = (parts.at(-1) ?? '').replace(/\.pdf(\.pdf)?$/, '');
  let out = '';
  for (const ch of name) {
    if (width(out + ch) > max) {
      out += '…';
      break;
    }
    out += ch;
  }
  return `${region}/${out}`;
}
