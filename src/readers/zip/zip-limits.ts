import { inflateRawSync } from 'node:zlib';
import { BadInputError } from '../../model/index.js';

/**
 * Bounds on the zip containers of DOCX and XLSX, checked from the central directory (and by inflating with a
 * ceiling) before mammoth or exceljs sees the file: both inflate every part into memory and build a tree of
 * it, so a 397 KB DOCX that expands to 135 MB of XML took the process down (V8 heap out of memory) before any
 * limit of theirs could apply.
 */

/** Entries one container may hold. A DOCX has 10–50 parts, an XLSX about three per sheet. */
export const MAX_ZIP_ENTRIES = 10_000;
/**
 * Uncompressed bytes of all entries together. The largest real disclosure in the corpus expands to a few MB;
 * mammoth and exceljs need 10–30 times the XML's size in heap, so 100 MiB is the most a 4 GB worker survives.
 */
export const MAX_ZIP_UNCOMPRESSED = 100 * 1024 * 1024;

/** One entry as the central directory describes it. */
export interface ZipEntry {
  readonly name: string;
  /** 0 stored, 8 deflate (the only two jszip, hence mammoth and exceljs, read). */
  readonly method: number;
  readonly compressedSize: number;
  /** As declared; inflateEntry holds the entry to it. */
  readonly uncompressedSize: number;
  readonly localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function u64(dv: DataView, at: number): number {
  return Number(dv.getBigUint64(at, true));
}

/**
 * The central directory's entries, or undefined when the bytes hold no end-of-central-directory record (not a
 * zip: the reader's own error then says so). Throws BadInputError past MAX_ZIP_ENTRIES or MAX_ZIP_UNCOMPRESSED,
 * naming the limit, without inflating anything.
 */
export function zipEntries(path: string, bytes: Uint8Array, kind: string): ZipEntry[] | undefined {
  const dv = view(bytes);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (dv.getUint32(i, true) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return undefined;
  let count = dv.getUint16(eocd + 10, true);
  let cdSize = dv.getUint32(eocd + 12, true);
  let cdOffset = dv.getUint32(eocd + 16, true);
  if ((count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) && eocd >= 20) {
    const loc = eocd - 20;
    if (dv.getUint32(loc, true) === ZIP64_LOCATOR) {
      const at = u64(dv, loc + 8);
      if (at + 56 <= bytes.length && dv.getUint32(at, true) === ZIP64_EOCD) {
        count = u64(dv, at + 32);
        cdSize = u64(dv, at + 40);
        cdOffset = u64(dv, at + 48);
      }
    }
  }
  const broken = (what: string): BadInputError =>
    new BadInputError(`${path}: not a readable ${kind} (zip central directory ${what})`);
  if (count > MAX_ZIP_ENTRIES)
    throw new BadInputError(
      `${path}: the ${kind} holds ${count} zip entries, over the ${MAX_ZIP_ENTRIES}-entry limit`,
    );
  if (cdOffset + cdSize > bytes.length) throw broken('points past the end of the file');
  const entries: ZipEntry[] = [];
  let total = 0;
  let p = cdOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > bytes.length || dv.getUint32(p, true) !== CENTRAL) throw broken('is damaged');
    const method = dv.getUint16(p + 10, true);
    let compressedSize = dv.getUint32(p + 20, true);
    let uncompressedSize = dv.getUint32(p + 24, true);
    const nameLength = dv.getUint16(p + 28, true);
    const extraLength = dv.getUint16(p + 30, true);
    const commentLength = dv.getUint16(p + 32, true);
    let localHeaderOffset = dv.getUint32(p + 42, true);
    const name = new TextDecoder().decode(bytes.subarray(p + 46, p + 46 + nameLength));
    // ZIP64: sizes and offset set to all ones are in the 0x0001 extra field, in this order.
    let x = p + 46 + nameLength;
    const xEnd = x + extraLength;
    while (x + 4 <= xEnd && xEnd <= bytes.length) {
      const id = dv.getUint16(x, true);
      const size = dv.getUint16(x + 2, true);
      if (id === 0x0001) {
        let q = x + 4;
        if (uncompressedSize === 0xffffffff && q + 8 <= x + 4 + size) {
          uncompressedSize = u64(dv, q);
          q += 8;
        }
        if (compressedSize === 0xffffffff && q + 8 <= x + 4 + size) {
          compressedSize = u64(dv, q);
          q += 8;
        }
        if (localHeaderOffset === 0xffffffff && q + 8 <= x + 4 + size) localHeaderOffset = u64(dv, q);
      }
      x += 4 + size;
    }
    total += uncompressedSize;
    if (total > MAX_ZIP_UNCOMPRESSED) {
      throw new BadInputError(
        `${path}: the ${kind} expands to more than ${MAX_ZIP_UNCOMPRESSED} bytes, over the uncompressed-size limit`,
      );
    }
    entries.push({ name, method, compressedSize, uncompressedSize, localHeaderOffset });
    p = xEnd + commentLength;
  }
  return entries;
}

/**
 * An entry's bytes, inflated with a ceiling of its declared size: a central directory that understates a
 * bomb (the sizes are the writer's word) is caught after at most that many bytes, not after the whole of it.
 */
export function inflateEntry(path: string, bytes: Uint8Array, entry: ZipEntry, kind: string): Buffer {
  const dv = view(bytes);
  const at = entry.localHeaderOffset;
  if (at + 30 > bytes.length || dv.getUint32(at, true) !== LOCAL)
    throw new BadInputError(`${path}: not a readable ${kind} (zip entry ${entry.name} is damaged)`);
  const start = at + 30 + dv.getUint16(at + 26, true) + dv.getUint16(at + 28, true);
  const data = bytes.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) {
    if (data.length > entry.uncompressedSize)
      throw new BadInputError(`${path}: zip entry ${entry.name} is larger than its declared size`);
    return Buffer.from(data);
  }
  if (entry.method !== 8)
    throw new BadInputError(
      `${path}: not a readable ${kind} (zip entry ${entry.name} uses compression method ${entry.method})`,
    );
  try {
    // maxOutputLength must be at least 1.
    return inflateRawSync(data, { maxOutputLength: Math.max(1, entry.uncompressedSize) });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      throw new BadInputError(
        `${path}: zip entry ${entry.name} expands beyond its declared ${entry.uncompressedSize} bytes`,
        { cause: e },
      );
    throw new BadInputError(
      `${path}: not a readable ${kind} (zip entry ${entry.name}: ${(e as Error).message})`,
      { cause: e },
    );
  }
}

/**
 * Check a DOCX/XLSX container: entry count and total size from the central directory, then every entry
 * inflated against its declared size, so the totals are true and not the writer's word. Returns the text of
 * the parts `keep` names (for the readers' cell counts); undefined when the bytes are not a zip at all (the
 * reader's own error then says what they are).
 */
export function checkZip(
  path: string,
  bytes: Uint8Array,
  kind: 'DOCX' | 'XLSX',
  keep: (name: string) => boolean,
): Map<string, string> | undefined {
  const entries = zipEntries(path, bytes, kind);
  if (!entries) return undefined;
  const texts = new Map<string, string>();
  for (const e of entries) {
    if (e.name.endsWith('/')) continue;
    const out = inflateEntry(path, bytes, e, kind);
    if (keep(e.name)) texts.set(e.name, out.toString('utf8'));
  }
  return texts;
}

/**
 * Occurrences of an element in XML text, whatever its namespace prefix (`<w:tc>`, `<tc …>`), counting no
 * further than `stopAfter` (a limit check needs to know only that it is passed).
 */
export function countElements(xml: string, local: string, stopAfter = Infinity): number {
  const re = new RegExp(`<(?:[A-Za-z_][\\w.-]*:)?${local}[\\s/>]`, 'g');
  let n = 0;
  while (n < stopAfter && re.exec(xml) !== null) n++;
  return n;
}
