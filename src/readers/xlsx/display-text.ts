/**
 * The text Excel shows for a value, for the number formats disclosure workbooks use: fixed decimals ("0.00"),
 * thousands separators ("#,##0.00"), percentages ("0.0%"). exceljs's own `cell.text` ignores the format
 * (242.70 formatted "0.00" comes out "242.7"), and the trailing zero is part of what the document printed.
 * Formats outside that family (dates, currencies with literals, conditions) fall back to the caller's text.
 */
export function formatNumber(value: number, numFmt: string | undefined): string | undefined {
  if (numFmt === undefined || numFmt === '' || /^general$/i.test(numFmt)) return generalNumber(value);
  // The first section applies to positive numbers and zero, and negative numbers get a minus sign, unless the
  // format has its own negative section; that only changes the sign's look, which we keep as "-".
  const section = (numFmt.split(';')[0] ?? '').replace(/\[[^\]]*\]|\\.|"[^"]*"|_./g, '').trim();
  const m = /^([#,0]*0)(?:\.(0+))?(%?)$/.exec(section);
  if (!m) return undefined;
  const decimals = m[2]?.length ?? 0;
  const percent = m[3] === '%';
  const n = percent ? value * 100 : value;
  let text = Math.abs(n).toFixed(decimals);
  if ((m[1] ?? '').includes(',')) {
    const [int = '', frac] = text.split('.');
    text = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (frac !== undefined ? `.${frac}` : '');
  }
  const negative = n < 0 && Number(text.replace(/,/g, '')) !== 0;
  return `${negative ? '-' : ''}${text}${percent ? '%' : ''}`;
}

/** Excel's General format: up to 11 significant digits, no trailing zeros. */
function generalNumber(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e11) return String(value);
  const p = Number(value.toPrecision(11));
  return String(p);
}

/** A date as Chinese disclosures write it in tables: ISO calendar date, plus the time when there is one. */
export function formatDate(d: Date): string {
  const iso = d.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
}
