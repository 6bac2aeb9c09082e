/**
 * Readings a number might have had before OCR garbled it. The whole-page misses seen on these tables:
 * a dropped decimal point that glued two cells ("1.5 0" → 15), a decimal point read as a digit
 * ("17.37" → "17237", "11.33" → "14133"), and the usual look-alike digits. The validator ranks the
 * candidates by how many arithmetic identities each restores; nothing here decides.
 *
 * Pure and deterministic: the raw text's digits-only form first, then candidates in a stable order, no
 * duplicates, never the input itself. Candidates are plain numbers (digits, one optional '.', optional
 * leading '-'); thousands separators are dropped. Money amounts in these tables have two decimals, so
 * candidates with exactly two decimals come first.
 */
export function ocrVariants(raw: string): string[] {
  const cleaned = raw
    .normalize('NFKC')
    .replace(/[,，\s]/g, '')
    .replace(/[。·:：;；]/g, '.');
  const negative = /^[-−—]/.test(cleaned);
  const body = cleaned.replace(/^[-−—]+/, '');
  if (!/^[0-9.oOlIiSsBZz|]+$/.test(body) || !/[0-9]/.test(body)) return [];
  // Letters tesseract puts where digits belong in a numeric cell.
  const digitsOnly = body
    .replace(/[oO]/g, '0')
    .replace(/[lIi|]/g, '1')
    .replace(/[sS]/g, '5')
    .replace(/B/g, '8')
    .replace(/[zZ]/g, '2');

  const out = new Set<string>();
  const add = (s: string): void => {
    if (!/^\d+(\.\d+)?$/.test(s)) return;
    // No leading zeros except "0.xx".
    const norm = s.replace(/^0+(?=\d)/, '');
    out.add((negative ? '-' : '') + norm);
  };

  const dots = digitsOnly.split('.').length - 1;
  if (dots <= 1) add(digitsOnly);
  const bare = digitsOnly.replace(/\./g, '');

  // Decimal point dropped, or extra points: put exactly one point at each place (two decimals first).
  const pointed: string[] = [];
  for (let k = 1; k < bare.length; k++)
    pointed.push(`${bare.slice(0, bare.length - k)}.${bare.slice(bare.length - k)}`);
  pointed.sort((a, b) => decimalsRank(a) - decimalsRank(b));
  if (dots !== 1 || decimalsOf(digitsOnly) !== 2) pointed.forEach(add);
  add(bare);

  // A point read as a digit ("17.37" → "17237"): replace one digit by '.', nearest two-decimal place first.
  if (dots === 0) {
    for (let i = 1; i < bare.length - 1; i++) {
      const s = `${bare.slice(0, i)}.${bare.slice(i + 1)}`;
      if (bare.length - i - 1 === 2) add(s);
    }
    for (let i = 1; i < bare.length - 1; i++) add(`${bare.slice(0, i)}.${bare.slice(i + 1)}`);
  }

  // Look-alike digits, one substitution at a time.
  const swaps: Record<string, readonly string[]> = {
    '8': ['3', '6', '0', '9'],
    '3': ['8', '5'],
    '6': ['8', '5', '0'],
    '0': ['8', '6', '9'],
    '1': ['7', '4'],
    '7': ['1'],
    '4': ['1'],
    '5': ['6', '3', '8'],
    '9': ['8', '0'],
    '2': ['7'],
  };
  for (let i = 0; i < digitsOnly.length; i++) {
    for (const alt of swaps[digitsOnly.charAt(i)] ?? [])
      add(digitsOnly.slice(0, i) + alt + digitsOnly.slice(i + 1));
  }

  // Both at once, as in "11.33" → "14133": a point read as a digit and one look-alike digit beside it.
  if (dots === 0) {
    for (let i = 1; i < bare.length - 1; i++) {
      if (bare.length - i - 1 !== 2) continue;
      const pointedAt = `${bare.slice(0, i)}.${bare.slice(i + 1)}`;
      for (let j = 0; j < pointedAt.length; j++) {
        for (const alt of swaps[pointedAt.charAt(j)] ?? [])
          add(pointedAt.slice(0, j) + alt + pointedAt.slice(j + 1));
      }
    }
  }

  // Two neighbouring numbers merged: split into two amounts with two decimals each ("1.5 0" and friends
  // are handled above; here "12.3445.60" → "12.34 45.60").
  const parts = raw.normalize('NFKC').trim().replace(/[,，]/g, '').split(/\s+/).filter(Boolean);
  if (parts.length === 2 && parts.every((p) => /^\d+(\.\d+)?$/.test(p))) out.add(parts.join(' '));
  const twoPoints = /^(\d+\.\d{2})(\d+\.\d{2})$/.exec(digitsOnly);
  if (twoPoints) out.add(`${twoPoints[1]} ${twoPoints[2]}`);

  out.delete(raw.trim());
  return [...out];
}

function decimalsOf(s: string): number {
  const i = s.indexOf('.');
  return i < 0 ? 0 : s.length - i - 1;
}

function decimalsRank(s: string): number {
  const d = decimalsOf(s);
  return d === 2 ? 0 : d === 1 ? 1 : 2 + d;
}
