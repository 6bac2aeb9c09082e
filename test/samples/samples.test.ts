import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cellsOf, expectedFor, scoreCells, type CellMap } from '../../bench/accuracy/cells.js';
import { extractFile } from '../../src/pipeline/index.js';

const SAMPLES = join(import.meta.dirname, '..', '..', 'samples');
const expected = (name: string): CellMap =>
  expectedFor(name, JSON.parse(readFileSync(join(SAMPLES, 'expected', `${name.slice(0, 3)}.cells.json`), 'utf8')) as CellMap);
const files = readdirSync(SAMPLES).filter((f) => /^\d{3}-/.test(f));

describe('generated samples against their expected outputs', () => {
  // Structured formats carry the seed's cells exactly: every expected cell, nothing else.
  for (const f of files.filter((x) => /\.(txt|html|docx|xlsx)$/.test(x))) {
    it(`${f}: every cell right`, async () => {
      const s = scoreCells(expected(f), cellsOf(await extractFile(join(SAMPLES, f))));
      expect(s.misses).toEqual([]);
      expect(s.precision).toBe(1);
      expect(s.recall).toBe(1);
    });
  }

  it('seed 004 as a ruled PDF: every cell right, and the same anomalies as from its text export', async () => {
    const pdf = await extractFile(join(SAMPLES, '004-final-accounts-2023-tables.pdf'));
    const txt = await extractFile(join(SAMPLES, '004-final-accounts-2023-tables.txt'));
    const s = scoreCells(expected('004-final-accounts-2023-tables.pdf'), cellsOf(pdf));
    expect(s.misses).toEqual([]);
    expect(s.recall).toBe(1);
    const brief = (r: typeof pdf) => r.anomalies.map((a) => `${a.id} ${a.severity} ${a.suggestion?.value ?? ''}`).sort();
    expect(brief(pdf)).toEqual(brief(txt));
    expect(pdf.anomalies.find((a) => a.id === 'row_identity:t2:c2159999:total')?.suggestion?.value).toBe(8.57);
    // Provenance survives into the PDF path: the flagged cell has a page and a box.
    const flagged = pdf.anomalies.find((a) => a.id === 'row_identity:t2:c2159999:total')!;
    expect(flagged.source.page).toBeGreaterThan(0);
    expect(flagged.source.bbox).toBeDefined();
  });
});
