/**
 * A streaming multipart/form-data parser (RFC 7578) for uploads: parts come out as events while the body is
 * read, so a 200 MB file goes to disk chunk by chunk instead of sitting in memory, and a size limit can stop it
 * on the way. Push chunks in, get events out; nothing here does I/O.
 */

export interface PartHeaders {
  /** The form field (Content-Disposition name). */
  readonly name: string;
  /** The client's file name as sent (filename*, else filename), or undefined for a plain field. */
  readonly filename: string | undefined;
  readonly contentType: string | undefined;
}

export type MultipartEvent =
  | { readonly type: 'part'; readonly headers: PartHeaders }
  | { readonly type: 'data'; readonly data: Uint8Array }
  | { readonly type: 'end' }
  | { readonly type: 'done' };

export class MultipartError extends Error {}

/** The boundary of a multipart/form-data Content-Type, or undefined when it is not one. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
  if (contentType === undefined || !/^multipart\/form-data\s*(;|$)/i.test(contentType)) return undefined;
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  return m?.[1] ?? m?.[2];
}

const MAX_HEADER_BYTES = 16 * 1024;
const CRLFCRLF = Buffer.from('\r\n\r\n');

/** Decode one header parameter value: filename*=UTF-8''… (RFC 5987) or a quoted string with \-escapes. */
function param(header: string, key: string): string | undefined {
  const ext = new RegExp(`;\\s*${key}\\*\\s*=\\s*([^']*)'[^']*'([^;]*)`, 'i').exec(header);
  if (ext) {
    try {
      return decodeURIComponent((ext[2] ?? '').trim());
    } catch {
      throw new MultipartError(`bad ${key}* parameter`);
    }
  }
  const quoted = new RegExp(`;\\s*${key}\\s*=\\s*"([^"]*)"`, 'i').exec(header);
  // Browsers send the name as it is, with " (and CR, LF) percent-encoded; a backslash is a character of the name.
  if (quoted) return (quoted[1] ?? '').replace(/%22/g, '"');
  const bare = new RegExp(`;\\s*${key}\\s*=\\s*([^;\\s]+)`, 'i').exec(header);
  return bare?.[1];
}

function parseHeaders(block: Buffer): PartHeaders {
  // Browsers and curl send the file name as raw UTF-8 bytes in the header.
  const text = block.toString('utf8');
  let disposition: string | undefined;
  let contentType: string | undefined;
  for (const line of text.split('\r\n')) {
    const i = line.indexOf(':');
    if (i < 0) continue;
    const key = line.slice(0, i).trim().toLowerCase();
    const value = line.slice(i + 1).trim();
    if (key === 'content-disposition') disposition = `; ${value.replace(/^form-data\s*;?/i, '')}`;
    else if (key === 'content-type') contentType = value;
  }
  if (disposition === undefined) throw new MultipartError('part without Content-Disposition');
  const name = param(disposition, 'name');
  if (name === undefined) throw new MultipartError('part without a field name');
  return { name, filename: param(disposition, 'filename'), contentType };
}

export class MultipartParser {
  private readonly delimiter: Buffer;
  /** Starts with CRLF so the first boundary (which has none before it) matches like the others. */
  private buf: Buffer = Buffer.from('\r\n');
  private state: 'preamble' | 'headers' | 'body' | 'after' | 'done' = 'preamble';

  constructor(boundary: string) {
    this.delimiter = Buffer.from(`\r\n--${boundary}`);
  }

  get finished(): boolean {
    return this.state === 'done';
  }

  push(chunk: Uint8Array): MultipartEvent[] {
    if (this.state === 'done') return [];
    this.buf = this.buf.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buf, chunk]);
    const out: MultipartEvent[] = [];
    for (;;) {
      if (this.state === 'preamble' || this.state === 'body') {
        const i = this.buf.indexOf(this.delimiter);
        if (i < 0) {
          // Keep a tail that may be the start of a delimiter split across chunks.
          const keep = Math.min(this.buf.length, this.delimiter.length - 1);
          const emit = this.buf.length - keep;
          if (this.state === 'body' && emit > 0) out.push({ type: 'data', data: this.buf.subarray(0, emit) });
          this.buf = Buffer.from(this.buf.subarray(emit));
          return out;
        }
        if (this.state === 'body') {
          if (i > 0) out.push({ type: 'data', data: this.buf.subarray(0, i) });
          out.push({ type: 'end' });
        }
        this.buf = this.buf.subarray(i + this.delimiter.length);
        this.state = 'after';
      }
      if (this.state === 'after') {
        if (this.buf.length < 2) return out;
        const two = this.buf.subarray(0, 2).toString('latin1');
        if (two === '--') {
          this.state = 'done';
          this.buf = Buffer.alloc(0);
          out.push({ type: 'done' });
          return out;
        }
        // Transport padding (spaces, tabs) may follow a boundary before its CRLF.
        const lf = this.buf.indexOf('\r\n');
        if (lf < 0) {
          if (this.buf.length > 256) throw new MultipartError('malformed boundary line');
          return out;
        }
        if (!/^[ \t]*$/.test(this.buf.subarray(0, lf).toString('latin1')))
          throw new MultipartError('malformed boundary line');
        this.buf = this.buf.subarray(lf + 2);
        this.state = 'headers';
      }
      if (this.state === 'headers') {
        const end = this.buf.indexOf(CRLFCRLF);
        if (end < 0) {
          if (this.buf.length > MAX_HEADER_BYTES) throw new MultipartError('part headers too large');
          return out;
        }
        out.push({ type: 'part', headers: parseHeaders(Buffer.from(this.buf.subarray(0, end))) });
        this.buf = this.buf.subarray(end + 4);
        this.state = 'body';
      }
    }
  }

  /** The body ended: an error unless the closing boundary was seen. */
  end(): void {
    if (this.state !== 'done') throw new MultipartError('the request body ended before the closing boundary');
  }
}
