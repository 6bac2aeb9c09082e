import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MultipartError, MultipartParser, multipartBoundary, type MultipartEvent } from './multipart.js';

const B = '----tallyBoundary7MA4YWxkTrZu0gW';

function body(parts: { headers: string[]; data: Buffer }[]): Buffer {
  const chunks: Buffer[] = [Buffer.from('preamble to ignore\r\n')];
  for (const p of parts)
    chunks.push(Buffer.from(`--${B}\r\n${p.headers.join('\r\n')}\r\n\r\n`), p.data, Buffer.from('\r\n'));
  chunks.push(Buffer.from(`--${B}--\r\nepilogue`));
  return Buffer.concat(chunks);
}

/** Parse `bytes` fed in chunks of the given sizes (cycled), collecting each part's headers and bytes. */
function parse(bytes: Buffer, sizes: readonly number[]) {
  const p = new MultipartParser(B);
  const events: MultipartEvent[] = [];
  for (let at = 0, i = 0; at < bytes.length && !p.finished; i++) {
    const n = sizes[i % sizes.length] ?? 1;
    events.push(...p.push(bytes.subarray(at, at + n)));
    at += n;
  }
  p.end();
  const parts: { name: string; filename: string | undefined; sha: string; bytes: number }[] = [];
  let hash = createHash('sha256');
  let n = 0;
  for (const e of events) {
    if (e.type === 'part') {
      parts.push({ name: e.headers.name, filename: e.headers.filename, sha: '', bytes: 0 });
      hash = createHash('sha256');
      n = 0;
    } else if (e.type === 'data') {
      hash.update(e.data);
      n += e.data.length;
    } else if (e.type === 'end') {
      const last = parts[parts.length - 1];
      if (last) Object.assign(last, { sha: hash.digest('hex'), bytes: n });
    }
  }
  return parts;
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('multipart parser', () => {
  // Data that holds the boundary's first bytes again and again, so a delimiter split across chunks is tried often.
  const tricky = Buffer.concat([
    Buffer.from(`\r\n--${B.slice(0, 20)}x\r\n-`),
    randomBytes(70_000),
    Buffer.from(`\r\n--${B.slice(0, -1)}`),
  ]);
  const text = Buffer.from('株洲市 2023年度部门决算\r\n收入支出决算总表\r\n');
  const input = body([
    {
      headers: [
        'Content-Disposition: form-data; name="file"; filename="a b.bin"',
        'Content-Type: application/octet-stream',
      ],
      data: tricky,
    },
    { headers: [`Content-Disposition: form-data; name="file"; filename="株洲 市.txt"`], data: text },
    { headers: ['Content-Disposition: form-data; name="note"'], data: Buffer.from('hello') },
    { headers: ['Content-Disposition: form-data; name="file"; filename="empty.txt"'], data: Buffer.alloc(0) },
  ]);
  const expected = [
    { name: 'file', filename: 'a b.bin', sha: sha(tricky), bytes: tricky.length },
    { name: 'file', filename: '株洲 市.txt', sha: sha(text), bytes: text.length },
    { name: 'note', filename: undefined, sha: sha(Buffer.from('hello')), bytes: 5 },
    { name: 'file', filename: 'empty.txt', sha: sha(Buffer.alloc(0)), bytes: 0 },
  ];

  for (const sizes of [[input.length], [1], [7, 3, 64, 1, 13], [65536], [B.length + 3, 1, B.length - 1]]) {
    it(`gives the same parts whatever the chunking (chunks of ${sizes.join(', ')})`, () => {
      expect(parse(input, sizes)).toEqual(expected);
    });
  }

  it('reads the boundary from the Content-Type, quoted or not, and nothing else', () => {
    expect(multipartBoundary(`multipart/form-data; boundary=${B}`)).toBe(B);
    expect(multipartBoundary('multipart/form-data; charset=utf-8; boundary="a b"')).toBe('a b');
    expect(multipartBoundary('application/json')).toBeUndefined();
    expect(multipartBoundary(undefined)).toBeUndefined();
  });

  it('refuses a body cut before its closing boundary, and a part without a name', () => {
    const cut = input.subarray(0, 1000);
    expect(() => parse(cut, [100])).toThrow(MultipartError);
    const nameless = Buffer.from(`--${B}\r\nContent-Disposition: form-data\r\n\r\nx\r\n--${B}--\r\n`);
    expect(() => parse(nameless, [10])).toThrow(MultipartError);
  });
});
