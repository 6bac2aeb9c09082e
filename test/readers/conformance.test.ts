/**
 * The reader conformance suite: every reader, on every case below, must produce a document the model accepts,
 * with grids whose cells stay inside the grid and never overlap, provenance on every cell and text block, and
 * BadInputError (never a crash or a silent empty result) on empty, truncated and random input.
 *
 * To add a reader, append cases to CASES (the PDF and image readers join with their samples); cases whose
 * file lives outside the repository skip cleanly when it is absent.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BadInputError, ExtractedDocument, type SourceFormat } from '../../src/model/index.js';
import { detectFormat, readerFor } from '../../src/readers/index.js';

export interface ConformanceCase {
  /** Shown in the test name. */
  readonly name: string;
  readonly format: SourceFormat;
  /** Absolute path of the input. */
  readonly file: string;
  /**
   * A prefix of this format's bytes can still be a valid document (text, HTML are forgiving): the truncated
   * input is then not required to fail.
   */
  readonly truncationTolerated?: boolean;
}

const root = join(import.meta.dirname, '..', '..');
const samples = join(root, 'samples');
const seeds = join(root, '..', 'shared', 'seeds');
const seedFile = (prefix: string): string => {
  const f = existsSync(seeds) ? readdirSync(seeds).find((x) => x.startsWith(prefix)) : undefined;
  return f ? join(seeds, f) : join(seeds, `${prefix}-absent.txt`);
};

export const CASES: ConformanceCase[] = [
  { name: 'text export, Word-table dialect (seed 001)', format: 'text', file: seedFile('001'), truncationTolerated: true },
  { name: 'text export, Word-table dialect with table markers (seed 002)', format: 'text', file: seedFile('002'), truncationTolerated: true },
  { name: 'text export, PDF-text dialect (seed 004)', format: 'text', file: seedFile('004'), truncationTolerated: true },
  { name: 'text export, Word-table dialect (generated from seed 001)', format: 'text', file: join(samples, '001-performance-yingshang-2023.txt'), truncationTolerated: true },
  { name: 'text export, PDF-text dialect (the nine 决算 tables)', format: 'text', file: join(samples, '004-final-accounts-2023-tables.txt'), truncationTolerated: true },
  { name: 'HTML from seed 000', format: 'html', file: join(samples, '000-performance-qingshuitang-2023.html'), truncationTolerated: true },
  { name: 'HTML with merged headers (seed 004 tables)', format: 'html', file: join(samples, '004-final-accounts-2023-tables.html'), truncationTolerated: true },
  { name: 'DOCX from seed 001', format: 'docx', file: join(samples, '001-performance-yingshang-2023.docx') },
  { name: 'DOCX with vertical and horizontal merges', format: 'docx', file: join(samples, 'merged-cells.docx') },
  { name: 'DOCX of the whole 2023 决算 (seed 004)', format: 'docx', file: join(samples, '004-final-accounts-2023.docx') },
  { name: 'XLSX of the nine 决算 tables', format: 'xlsx', file: join(samples, '004-final-accounts-2023-tables.xlsx') },
];

/** Detect, load the reader through the registry, read: the path every caller takes. */
async function readThroughRegistry(path: string, bytes: Uint8Array): Promise<ExtractedDocument> {
  const { format } = detectFormat(path, bytes);
  const reader = await readerFor(format);
  return reader.read({ path, bytes });
}

/** Deterministic noise (xorshift), with a NUL early so no decoder mistakes it for text. */
function randomBytes(n: number, seed = 0x9e3779b9): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  out[3] = 0;
  return out;
}

for (const c of CASES) {
  describe.skipIf(!existsSync(c.file))(`reader conformance: ${c.name}`, () => {
    const bytes = (): Uint8Array => new Uint8Array(readFileSync(c.file));

    it('is detected as its format by content', () => {
      expect(detectFormat(c.file, bytes()).format).toBe(c.format);
    });

    it('produces a document the model accepts, with sound grids and provenance everywhere', async () => {
      const doc = ExtractedDocument.parse(await readThroughRegistry(c.file, bytes()));
      const grids = doc.blocks.flatMap((b) => (b.kind === 'grid' ? [b.grid] : []));
      expect(doc.blocks.length + doc.pages.length).toBeGreaterThan(0);
      grids.forEach((g, i) => {
        expect(g.id).toBe(`g${i}`);
        const taken = new Set<string>();
        for (const cell of g.cells) {
          expect(cell.row + cell.rowSpan).toBeLessThanOrEqual(g.nRows);
          expect(cell.col + cell.colSpan).toBeLessThanOrEqual(g.nCols);
          for (let r = cell.row; r < cell.row + cell.rowSpan; r++) {
            for (let col = cell.col; col < cell.col + cell.colSpan; col++) {
              const key = `${r},${col}`;
              expect(taken.has(key), `${g.id} overlap at ${key}`).toBe(false);
              taken.add(key);
            }
          }
          const hasPlace = cell.source.cell !== undefined || cell.source.line !== undefined || cell.source.page !== undefined;
          expect(hasPlace, `${g.id} r${cell.row}c${cell.col} has no provenance`).toBe(true);
          if (cell.source.cell) expect(cell.source.cell).toMatchObject({ grid: g.id, row: cell.row, col: cell.col });
        }
      });
      for (const b of doc.blocks) {
        if (b.kind !== 'text') continue;
        const s = b.source;
        const hasPlace = s.line !== undefined || s.page !== undefined || s.cell !== undefined || s.paragraph !== undefined;
        expect(hasPlace, `text block "${b.text.slice(0, 20)}" has no provenance`).toBe(true);
        expect(b.text.trim()).not.toBe('');
      }
    });

    const ext = extname(c.file);
    it('refuses empty input', async () => {
      await expect(readThroughRegistry(`empty${ext}`, new Uint8Array())).rejects.toBeInstanceOf(BadInputError);
      const reader = await readerFor(c.format);
      await expect(reader.read({ path: `empty${ext}`, bytes: new Uint8Array() })).rejects.toBeInstanceOf(BadInputError);
    });

    it('refuses random bytes with the right extension', async () => {
      await expect(readThroughRegistry(`noise${ext}`, randomBytes(4096))).rejects.toBeInstanceOf(BadInputError);
    });

    it.skipIf(c.truncationTolerated === true)('refuses a truncated file', async () => {
      const b = bytes();
      await expect(readThroughRegistry(basename(c.file), b.subarray(0, Math.floor(b.length / 2)))).rejects.toBeInstanceOf(BadInputError);
    });
  });
}

describe('registry detects text exports saved as GB18030', () => {
  it('a .txt in GBK is text, the same bytes as .pdf are not', () => {
    const gbk = new Uint8Array([0x09, 0xb2, 0xe2, 0xca, 0xd4, 0x0a]);
    expect(detectFormat('gbk.txt', gbk).format).toBe('text');
    expect(() => detectFormat('gbk.pdf', gbk)).toThrow(BadInputError);
  });
});

describe('registry refuses Office files it cannot open', () => {
  const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...randomBytes(512)]);
  it.each(['report.doc', 'report.xls', 'locked.docx', 'locked.xlsx'])('%s (OLE compound file)', (name) => {
    expect(() => detectFormat(name, ole)).toThrow(BadInputError);
    expect(() => detectFormat(name, ole)).toThrow(/encrypted or legacy Office file; save as \.docx\/\.xlsx without a password/);
  });
});
