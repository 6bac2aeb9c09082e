import { extname } from 'node:path';
import { BadInputError, type SourceFormat } from '../model/index.js';
import type { Reader } from './reader.js';

/** A format tally reads: how to recognise it, and how to load its reader (lazily: OCR and PDF are heavy). */
interface FormatEntry {
  readonly format: SourceFormat;
  readonly mediaType: string;
  readonly extensions: readonly string[];
  /** True when the bytes are this format by content (magic numbers), regardless of extension. */
  readonly sniff: (bytes: Uint8Array) => boolean;
  readonly load: () => Promise<Reader>;
}

const startsWith = (bytes: Uint8Array, ...sig: number[]): boolean => sig.every((b, i) => bytes[i] === b);
const asciiHead = (bytes: Uint8Array, n = 1024): string =>
  Buffer.from(bytes.subarray(0, Math.min(n, bytes.length))).toString('latin1');
const isZip = (bytes: Uint8Array): boolean => startsWith(bytes, 0x50, 0x4b, 0x03, 0x04);
/** OOXML packages name their main part early in the zip's local headers. */
const zipHas = (bytes: Uint8Array, needle: string): boolean =>
  isZip(bytes) && Buffer.from(bytes.subarray(0, Math.min(bytes.length, 65536))).includes(needle, 0, 'latin1');

/**
 * An OLE compound file (D0 CF 11 E0 A1 B1 1A E1): a legacy .doc/.xls, or an OOXML file saved with a password,
 * which Office wraps in an encrypted OLE container. Neither can be read without Office, so both are refused.
 */
export const isOleCompound = (bytes: Uint8Array): boolean =>
  startsWith(bytes, 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1);

const FORMATS: readonly FormatEntry[] = [
  {
    format: 'pdf',
    mediaType: 'application/pdf',
    extensions: ['.pdf'],
    // The PDF header may follow up to 1 KiB of junk, which viewers accept.
    sniff: (b) => asciiHead(b).includes('%PDF-'),
    load: async () => (await import('./pdf/pdf-reader.js')).pdfReader,
  },
  {
    format: 'docx',
    mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extensions: ['.docx'],
    sniff: (b) => zipHas(b, 'word/'),
    load: async () => (await import('./docx/docx-reader.js')).docxReader,
  },
  {
    format: 'xlsx',
    mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extensions: ['.xlsx'],
    sniff: (b) => zipHas(b, 'xl/'),
    load: async () => (await import('./xlsx/xlsx-reader.js')).xlsxReader,
  },
  {
    format: 'image',
    mediaType: 'image/*',
    extensions: ['.png', '.jpg', '.jpeg', '.tif', '.tiff'],
    sniff: (b) =>
      startsWith(b, 0x89, 0x50, 0x4e, 0x47) ||
      startsWith(b, 0xff, 0xd8, 0xff) ||
      startsWith(b, 0x49, 0x49, 0x2a, 0x00) ||
      startsWith(b, 0x4d, 0x4d, 0x00, 0x2a),
    load: async () => (await import('./image/image-reader.js')).imageReader,
  },
  {
    format: 'html',
    mediaType: 'text/html',
    extensions: ['.html', '.htm'],
    sniff: (b) => /<(!doctype html|html|table|body)[\s>]/i.test(asciiHead(b, 4096)),
    load: async () => (await import('./html/html-reader.js')).htmlReader,
  },
  {
    format: 'text',
    mediaType: 'text/plain',
    extensions: ['.txt', '.text', '.tsv'],
    sniff: (b) => looksLikeUtf8Text(b),
    load: async () => (await import('./text-export/text-export-reader.js')).textExportReader,
  },
];

/** Text if the head decodes as UTF-8 with no NUL bytes (a binary file with a .txt name is not text). */
function looksLikeUtf8Text(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, Math.min(bytes.length, 65536));
  if (head.includes(0)) return false;
  try {
    // Cut at a character boundary so a multi-byte character split by the window does not fail the test.
    let end = head.length;
    while (end > 0 && end > head.length - 4 && ((head[end - 1] ?? 0) & 0xc0) === 0x80) end--;
    if (end > 0 && ((head[end - 1] ?? 0) & 0x80) !== 0) end--;
    new TextDecoder('utf-8', { fatal: true }).decode(
      head.subarray(0, head.length === bytes.length ? head.length : end),
    );
    return true;
  } catch {
    return false;
  }
}

function looksLikeGb18030Text(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, Math.min(bytes.length, 65536));
  if (head.includes(0)) return false;
  // Drop a possibly split final character: GB18030 characters are at most four bytes.
  const cut = head.length === bytes.length ? head : head.subarray(0, Math.max(0, head.length - 4));
  try {
    new TextDecoder('gb18030', { fatal: true }).decode(cut);
    return true;
  } catch {
    return false;
  }
}

export interface DetectedFormat {
  readonly format: SourceFormat;
  readonly mediaType: string;
}

/**
 * Decide the format from the content first; the extension only breaks ties among text-like formats.
 * A wrong extension (a PDF named .txt) is read as what it is. Unknown or empty input is BadInputError.
 */
export function detectFormat(path: string, bytes: Uint8Array): DetectedFormat {
  if (bytes.length === 0) throw new BadInputError(`${path}: file is empty`);
  const ext = extname(path).toLowerCase();
  if (isOleCompound(bytes)) {
    throw new BadInputError(
      `${path}: encrypted or legacy Office file; save as .docx/.xlsx without a password`,
    );
  }
  const byContent = FORMATS.filter((f) => f.sniff(bytes));
  const binary = byContent.find((f) => f.format !== 'html' && f.format !== 'text');
  if (binary) return { format: binary.format, mediaType: binary.mediaType };
  if (isZip(bytes)) throw new BadInputError(`${path}: a zip archive that is neither DOCX nor XLSX`);
  const html = byContent.find((f) => f.format === 'html');
  const text = byContent.find((f) => f.format === 'text');
  if (html && (ext === '.html' || ext === '.htm' || !text || ext !== '.txt'))
    return { format: 'html', mediaType: html.mediaType };
  if (text) return { format: 'text', mediaType: text.mediaType };
  // Chinese exports are still often saved as GBK/GB18030; a text file by name whose head decodes strictly as
  // GB18030 (and holds no NUL) is read as text, the reader decodes it the same way.
  if ((ext === '.txt' || ext === '.text' || ext === '.tsv') && looksLikeGb18030Text(bytes)) {
    return { format: 'text', mediaType: 'text/plain' };
  }
  const known = FORMATS.find((f) => f.extensions.includes(ext));
  if (known)
    throw new BadInputError(`${path}: named ${ext} but the content is not ${known.format.toUpperCase()}`);
  throw new BadInputError(`${path}: unknown format (not PDF, DOCX, XLSX, HTML, an image or UTF-8 text)`);
}

/** The reader for a format, loaded on first use. */
export async function readerFor(format: SourceFormat): Promise<Reader> {
  const entry = FORMATS.find((f) => f.format === format);
  if (!entry) throw new BadInputError(`no reader for format ${format}`);
  return entry.load();
}

/** File extensions tally picks up when walking folders. */
export const KNOWN_EXTENSIONS: readonly string[] = FORMATS.flatMap((f) => f.extensions);
