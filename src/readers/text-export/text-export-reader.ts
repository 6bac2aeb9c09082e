import { BadInputError, type Block, type ExtractedDocument } from '../../model/index.js';
import type { Reader, ReaderInput } from '../reader.js';
import { parsePdfTextExport } from './pdf-text.js';
import { parseWordTableExport } from './word-table.js';

/** Which exporter wrote the file; decides how TABs and empty lines are read. */
export type TextDialect = 'word-table' | 'pdf-text';

/**
 * A Word table export puts exactly one TAB on a cell's first line, at its start (after a space where a new
 * table begins); a PDF text export puts TABs between cells anywhere in the line. Nine in ten TAB lines of the
 * Word shape decide it, so a stray TAB in a paragraph does not flip a Word export; a file without TABs is
 * plain text, which the PDF-text rules read as paragraphs.
 */
export function detectDialect(lines: readonly string[]): TextDialect {
  let tabLines = 0;
  let wordShaped = 0;
  for (const line of lines) {
    if (!line.includes('\t')) continue;
    tabLines++;
    if (/^ ?\t[^\t]*$/.test(line)) wordShaped++;
  }
  return tabLines > 0 && wordShaped >= tabLines * 0.9 ? 'word-table' : 'pdf-text';
}

/**
 * Decode UTF-8 (BOM dropped), else GB18030 (the superset of GBK/GB2312 that Chinese exports are often saved
 * in). Both are strict: bytes valid in neither are refused rather than guessed.
 */
export function decodeText(path: string, bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    try {
      return new TextDecoder('gb18030', { fatal: true }).decode(bytes);
    } catch (e) {
      throw new BadInputError(`${path}: neither UTF-8 nor GB18030 text; save the export as UTF-8`, {
        cause: e,
      });
    }
  }
}

/** Read a text export into blocks; exported for tests and for tools that already hold the text. */
export function textExportToBlocks(text: string): { dialect: TextDialect; blocks: Block[] } {
  const lines = text.split(/\r\n|\r|\n/);
  // A final newline does not make a last, empty line.
  if (lines.length > 0 && lines.at(-1) === '') lines.pop();
  let n = 0;
  const gridIds = (): string => `g${n++}`;
  const dialect = detectDialect(lines);
  const blocks =
    dialect === 'word-table' ? parseWordTableExport(lines, gridIds) : parsePdfTextExport(lines, gridIds);
  return { dialect, blocks };
}

export const textExportReader: Reader = {
  format: 'text',
  read(input: ReaderInput): Promise<ExtractedDocument> {
    return Promise.resolve().then(() => {
      if (input.bytes.length === 0) throw new BadInputError(`${input.path}: file is empty`);
      if (input.bytes.includes(0)) throw new BadInputError(`${input.path}: binary data, not a text export`);
      const { blocks } = textExportToBlocks(decodeText(input.path, input.bytes));
      if (blocks.length === 0) throw new BadInputError(`${input.path}: the text export holds no text`);
      return { pages: [], blocks, warnings: [] };
    });
  },
};
