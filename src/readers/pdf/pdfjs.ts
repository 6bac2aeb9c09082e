import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { BadInputError } from '../../model/index.js';

export type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** The legacy build: the modern one needs browser APIs (Promise.withResolvers, DOMMatrix) that Node 20 lacks. */
type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

let pdfjsPromise: Promise<PdfJs> | undefined;

/**
 * The legacy build bundles core-js, which replaces Array.prototype.push for the whole process when it
 * detects V8 bug 12681 (push on an array with a frozen length does not throw), as Node 20's V8 has. The
 * replacement is a generic JavaScript loop; with it, reading a page spends a third of its time in push.
 * The bug concerns frozen-length arrays only, which neither pdfjs nor tally create, so the native
 * method is put back after pdfjs (and its in-thread worker) has loaded.
 */
const nativePush = Array.prototype.push;
function restoreNativePush(): void {
  if (Array.prototype.push !== nativePush) {
    Object.defineProperty(Array.prototype, 'push', {
      value: nativePush,
      writable: true,
      configurable: true,
      enumerable: false,
    });
  }
}

/** pdfjs is large; load it once, on first use, so importing this module stays cheap. */
export function loadPdfJs(): Promise<PdfJs> {
  pdfjsPromise ??= import('pdfjs-dist/legacy/build/pdf.mjs').then((m) => {
    restoreNativePush();
    return m;
  });
  return pdfjsPromise;
}

/**
 * Folders of the data files shipped inside pdfjs-dist. In Node pdfjs reads them with fs.readFile, so
 * these are plain filesystem paths (with the trailing separator pdfjs expects), not URLs.
 */
function packageDirs(): { cMapUrl: string; standardFontDataUrl: string; wasmUrl: string; iccUrl: string } {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('pdfjs-dist/package.json'));
  const dir = (name: string): string => join(root, name) + sep;
  return {
    cMapUrl: dir('cmaps'),
    standardFontDataUrl: dir('standard_fonts'),
    wasmUrl: dir('wasm'),
    iccUrl: dir('iccs'),
  };
}

export interface LoadPdfOptions {
  /** Path or name of the file, for error messages only. */
  readonly name?: string;
  /** Password for encrypted files; without it an encrypted file is BadInputError. */
  readonly password?: string;
}

/**
 * Open a PDF with the CMaps and standard fonts from the installed pdfjs-dist, so CID-keyed Chinese
 * fonts (UniGB-UCS2-H and friends) decode to Unicode instead of to glyph ids.
 * The caller owns the returned document and must `destroy()` it.
 */
export async function loadPdfDocument(
  bytes: Uint8Array,
  options: LoadPdfOptions = {},
): Promise<PDFDocumentProxy> {
  const pdfjs = await loadPdfJs();
  const name = options.name ?? 'PDF';
  const task = pdfjs.getDocument({
    // pdfjs transfers (detaches) the buffer it is given; the caller's bytes must stay usable.
    data: bytes.slice(),
    ...packageDirs(),
    cMapPacked: true,
    // Generated code from the PDF is never evaluated: the input is untrusted.
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
    ...(options.password !== undefined ? { password: options.password } : {}),
  });
  try {
    const doc = await task.promise;
    // The first document loads the worker module in this thread, with its own copy of the polyfill.
    restoreNativePush();
    return doc;
  } catch (e) {
    await task.destroy().catch(() => undefined);
    throw toLoadError(e, name);
  }
}

/** pdfjs rejects with its own exception classes; tell them apart by name (they are not exported as types). */
function toLoadError(e: unknown, name: string): Error {
  const errName = e instanceof Error ? e.name : '';
  const msg = e instanceof Error ? e.message : String(e);
  if (errName === 'PasswordException') {
    return new BadInputError(`${name}: the PDF is encrypted (password required)`, { cause: e });
  }
  if (
    errName === 'InvalidPDFException' ||
    errName === 'MissingPDFException' ||
    errName === 'UnknownErrorException'
  ) {
    return new BadInputError(`${name}: not a readable PDF (${msg.replace(/\s+/g, ' ').trim()})`, {
      cause: e,
    });
  }
  // Anything else at load time is a damaged file too (truncated xref, bad stream): the input, not tally.
  return new BadInputError(`${name}: cannot open the PDF (${msg.replace(/\s+/g, ' ').trim()})`, { cause: e });
}
