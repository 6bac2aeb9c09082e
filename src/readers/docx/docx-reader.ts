import mammoth from 'mammoth';
import { BadInputError, type ExtractedDocument } from '../../model/index.js';
import { htmlToBlocks } from '../html/html-to-blocks.js';
import type { Reader, ReaderInput } from '../reader.js';
import { checkZip, countElements } from '../zip/index.js';

/**
 * Table cells (w:tc) one DOCX may hold, counted in word/document.xml before mammoth runs. The largest
 * disclosure in the corpus has about 5,000; mammoth and the HTML walker take about 0.1 ms and 4 KB of heap per
 * cell, so a 3000×300 table (900,000 cells) took 108 s and 4.1 GB. 100,000 cells stay under 15 s and 500 MB.
 */
export const MAX_DOCX_CELLS = 100_000;

/** Images are dropped before conversion: mammoth would otherwise inline every picture as base64 into the HTML. */
const dropImages = mammoth.images.imgElement(() => Promise.resolve({ src: '' }));

/**
 * DOCX through mammoth's HTML, then the shared HTML walker. mammoth writes Word's horizontal merges
 * (w:gridSpan) as colspan and vertical merges (w:vMerge restart/continue) as rowspan on the first cell, so
 * spans survive. Empty paragraphs are dropped by mammoth, so a cell's blank lines between paragraphs do not;
 * line breaks inside a paragraph (w:br) do, as <br>. Line provenance would point into mammoth's HTML, which
 * nobody can open, so cells carry only their grid position and text blocks their paragraph number.
 */
export const docxReader: Reader = {
  format: 'docx',
  async read(input: ReaderInput): Promise<ExtractedDocument> {
    if (input.bytes.length === 0) throw new BadInputError(`${input.path}: file is empty`);
    const parts = checkZip(input.path, input.bytes, 'DOCX', (name) => name === 'word/document.xml');
    const body = parts?.get('word/document.xml');
    if (body !== undefined) {
      if (countElements(body, 'tc', MAX_DOCX_CELLS + 1) > MAX_DOCX_CELLS)
        throw new BadInputError(
          `${input.path}: the DOCX has more than ${MAX_DOCX_CELLS} table cells, over the cell limit`,
        );
    }
    let html: string;
    try {
      const result = await mammoth.convertToHtml(
        { buffer: Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength) },
        { convertImage: dropImages, externalFileAccess: false },
      );
      html = result.value;
    } catch (e) {
      const reason = e instanceof Error ? e.message.split('\n')[0] : String(e);
      throw new BadInputError(`${input.path}: not a readable DOCX (${reason})`, { cause: e });
    }
    let blocks;
    try {
      ({ blocks } = htmlToBlocks(html, { lines: false }));
    } catch (e) {
      if (e instanceof BadInputError) throw new BadInputError(`${input.path}: ${e.message}`, { cause: e });
      throw e;
    }
    if (blocks.length === 0) throw new BadInputError(`${input.path}: the DOCX holds no text or tables`);
    return { pages: [], blocks, warnings: [] };
  },
};
