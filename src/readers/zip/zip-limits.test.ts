import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants, crc32, deflateRawSync, createDeflateRaw } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../test/support/shared.js';
import { BadInputError } from '../../model/index.js';
import { MAX_DOCX_CELLS, docxReader } from '../docx/docx-reader.js';
import { MAX_XLSX_CELLS, xlsxReader } from '../xlsx/xlsx-reader.js';
import { MAX_ZIP_ENTRIES, MAX_ZIP_UNCOMPRESSED, zipEntries } from './zip-limits.js';

interface Part {
  readonly name: string;
  /** Deflated bytes. */
  readonly data: Uint8Array;
  readonly size: number;
  readonly crc: number;
}

/** A part from text, deflated in one go. */
function part(name: string, text: string): Part {
  const raw = Buffer.from(text, 'utf8');
  return { name, data: deflateRawSync(raw), size: raw.length, crc: crc32(raw) };
}

/** A part of `repeat` copies of `unit` between head and tail, deflated as a stream: never whole in memory. */
async function streamedPart(
  name: string,
  head: string,
  unit: string,
  repeat: number,
  tail: string,
): Promise<Part> {
  const deflate = createDeflateRaw({ level: constants.Z_BEST_COMPRESSION });
  const out: Buffer[] = [];
  deflate.on('data', (b: Buffer) => out.push(b));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  let crc = 0;
  let size = 0;
  const write = async (b: Buffer): Promise<void> => {
    crc = crc32(b, crc);
    size += b.length;
    if (!deflate.write(b)) await new Promise((resolve) => deflate.once('drain', resolve));
  };
  await write(Buffer.from(head));
  const chunk = Buffer.from(unit.repeat(Math.max(1, Math.floor((1 << 20) / unit.length))));
  const per = chunk.length / Buffer.byteLength(unit);
  for (let left = repeat; left > 0; left -= per)
    await write(left >= per ? chunk : Buffer.from(unit.repeat(left)));
  await write(Buffer.from(tail));
  deflate.end();
  await done;
  return { name, data: Buffer.concat(out), size, crc };
}

/** A zip of the parts (deflate, no zip64); `declare` overrides the uncompressed size written for a part. */
function zip(parts: readonly Part[], declare: Record<string, number> = {}): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name);
    const size = declare[p.name] ?? p.size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(p.crc >>> 0, 14);
    local.writeUInt32LE(p.data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(p.crc >>> 0, 16);
    central.writeUInt32LE(p.data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, Buffer.from(p.data));
    centrals.push(central, name);
    offset += 30 + name.length + p.data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, cd, end]));
}

const CONTENT_TYPES = part(
  '[Content_Types].xml',
  '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
);
const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

/** Time a read that must be refused, returning the error and the milliseconds it took. */
async function refused(read: () => Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const t0 = performance.now();
  try {
    await read();
  } catch (error) {
    return { error, ms: performance.now() - t0 };
  }
  throw new Error('read was not refused');
}

describe('zip limits of DOCX and XLSX', () => {
  it('refuses a 400 KB DOCX that expands to 135 MB of XML before mammoth inflates it', async () => {
    const body = await streamedPart(
      'word/document.xml',
      `<w:document ${W}><w:body>`,
      '<w:p><w:r><w:t>一般公共服务支出</w:t></w:r></w:p>',
      135_000_000 / 48,
      '</w:body></w:document>',
    );
    expect(body.size).toBeGreaterThan(130_000_000);
    const bytes = zip([CONTENT_TYPES, body]);
    expect(bytes.length).toBeLessThan(1_000_000);
    const { error, ms } = await refused(() => docxReader.read({ path: 'bomb.docx', bytes }));
    expect(error).toBeInstanceOf(BadInputError);
    expect((error as Error).message).toBe(
      `bomb.docx: the DOCX expands to more than ${MAX_ZIP_UNCOMPRESSED} bytes, over the uncompressed-size limit`,
    );
    expect(ms).toBeLessThan(500);

    // The same bomb with its size understated in the directory: caught by the inflate ceiling.
    const liar = zip([CONTENT_TYPES, body], { 'word/document.xml': 1_000_000 });
    const second = await refused(() => docxReader.read({ path: 'liar.docx', bytes: liar }));
    expect((second.error as Error).message).toBe(
      'liar.docx: zip entry word/document.xml expands beyond its declared 1000000 bytes',
    );
    expect(second.ms).toBeLessThan(500);
  }, 60_000);

  it(`refuses a DOCX with a 3000×300 table (over ${MAX_DOCX_CELLS} cells) before converting it`, async () => {
    const row = `<w:tr>${'<w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>'.repeat(300)}</w:tr>`;
    const body = await streamedPart(
      'word/document.xml',
      `<w:document ${W}><w:body><w:tbl>`,
      row,
      3000,
      '</w:tbl></w:body></w:document>',
    );
    expect(body.size).toBeLessThan(MAX_ZIP_UNCOMPRESSED);
    const { error, ms } = await refused(() =>
      docxReader.read({ path: 'wide.docx', bytes: zip([CONTENT_TYPES, body]) }),
    );
    expect((error as Error).message).toBe(
      `wide.docx: the DOCX has more than ${MAX_DOCX_CELLS} table cells, over the cell limit`,
    );
    expect(error).toBeInstanceOf(BadInputError);
    expect(ms).toBeLessThan(3000);
  }, 60_000);

  it(`refuses an XLSX of more than ${MAX_XLSX_CELLS} cells before exceljs loads it`, async () => {
    const sheet = await streamedPart(
      'xl/worksheets/sheet1.xml',
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
      `<row>${'<c t="n"><v>1</v></c>'.repeat(100)}</row>`,
      8000,
      '</sheetData></worksheet>',
    );
    const { error, ms } = await refused(() =>
      xlsxReader.read({ path: 'big.xlsx', bytes: zip([CONTENT_TYPES, sheet]) }),
    );
    expect((error as Error).message).toBe(
      `big.xlsx: the XLSX has more than ${MAX_XLSX_CELLS} cells, over the cell limit`,
    );
    expect(ms).toBeLessThan(3000);
  }, 60_000);

  it('refuses a container of too many entries from the directory alone', () => {
    const empty = part('x', '');
    const bytes = zip(
      Array.from({ length: MAX_ZIP_ENTRIES + 1 }, (_, i) => ({ ...empty, name: `p${i}.xml` })),
    );
    expect(() => zipEntries('many.xlsx', bytes, 'XLSX')).toThrow(
      `many.xlsx: the XLSX holds ${MAX_ZIP_ENTRIES + 1} zip entries, over the ${MAX_ZIP_ENTRIES}-entry limit`,
    );
  });

  it('lists the parts of real samples and leaves them readable', async () => {
    const docx = new Uint8Array(readFileSync(join(REPO_ROOT, 'samples', '004-final-accounts-2023.docx')));
    expect(zipEntries('x.docx', docx, 'DOCX')?.map((e) => e.name)).toContain('word/document.xml');
    const xlsx = new Uint8Array(
      readFileSync(join(REPO_ROOT, 'samples', '004-final-accounts-2023-tables.xlsx')),
    );
    const doc = await xlsxReader.read({ path: 'x.xlsx', bytes: xlsx });
    expect(doc.blocks.some((b) => b.kind === 'grid')).toBe(true);
    // Not a zip at all: left to the reader's own message.
    expect(zipEntries('x.docx', new Uint8Array(100), 'DOCX')).toBeUndefined();
  });
});
