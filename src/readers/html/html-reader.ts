import { BadInputError, type ExtractedDocument } from '../../model/index.js';
import type { Reader, ReaderInput } from '../reader.js';
import { htmlToBlocks, MAX_HTML_CHARS } from './html-to-blocks.js';

/**
 * Decode HTML bytes: a BOM wins, then a charset declared in the first KiB (<meta charset> or http-equiv), then
 * UTF-8 if the bytes are valid UTF-8, else GB18030 (the superset of GBK/GB2312 that Chinese government sites
 * still serve without declaring it).
 */
export function decodeHtml(path: string, bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return new TextDecoder('utf-8').decode(bytes);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  const declared = /<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)/i.exec(head)?.[1]?.toLowerCase();
  if (declared && declared !== 'utf-8' && declared !== 'utf8') {
    let decoder: TextDecoder;
    try {
      decoder = new TextDecoder(declared === 'gb2312' || declared === 'gbk' ? 'gb18030' : declared);
    } catch (e) {
      throw new BadInputError(`${path}: unknown charset "${declared}"`, { cause: e });
    }
    return decoder.decode(bytes);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

export const htmlReader: Reader = {
  format: 'html',
  read(input: ReaderInput): Promise<ExtractedDocument> {
    return Promise.resolve().then(() => {
      if (input.bytes.length === 0) throw new BadInputError(`${input.path}: file is empty`);
      // Four bytes per character at most in any encoding we decode, so this bounds the text before decoding it.
      if (input.bytes.length > MAX_HTML_CHARS * 4)
        throw new BadInputError(`${input.path}: HTML file is too large`);
      const html = decodeHtml(input.path, input.bytes);
      if (html.includes('\u0000')) throw new BadInputError(`${input.path}: binary data, not HTML`);
      let result;
      try {
        result = htmlToBlocks(html, { lines: true });
      } catch (e) {
        if (e instanceof BadInputError) throw new BadInputError(`${input.path}: ${e.message}`, { cause: e });
        throw e;
      }
      if (result.blocks.length === 0)
        throw new BadInputError(`${input.path}: the HTML holds no text or tables`);
      return {
        pages: [],
        blocks: result.blocks,
        ...(result.title !== undefined ? { title: result.title } : {}),
        warnings: [],
      };
    });
  },
};
