import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleResult } from '../../test/store/fixtures.js';
import { BadInputError } from '../model/index.js';
import { openSqliteStore, type Store } from '../store/index.js';
import { sha256File } from '../util/hash.js';
import { expandInputs } from './files.js';
import { createInProcessRunner } from './in-process.js';
import { printablePath } from './printable.js';
import type { ExtractFn } from './runner.js';

let dir: string;
let store: Store;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tally-hardening-'));
  store = openSqliteStore(join(dir, 'store.db'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const fake: ExtractFn = async (path) => {
  const r = sampleResult({ path });
  return { ...r, source: { ...r.source, sha256: await sha256File(path) } };
};

describe('runner hardening', () => {
  it('keeps a file name with a newline from forging lines in outcomes and stored reasons', async () => {
    const evil = join(dir, 'a\ndone b.txt\u001b[2K');
    writeFileSync(evil, 'x');
    const runner = createInProcessRunner({
      store,
      extract: (path) => Promise.reject(new BadInputError(`${path}: file is empty\nsecond line`)),
    });
    const s = await runner.run([evil]);
    const reason = s.failed[0]?.reason ?? '';
    expect(reason).toBe(`${join(dir, 'a')}\\ndone b.txt\\x1b[2K: file is empty`);
    expect([...reason].some((c) => c < ' ')).toBe(false);
    expect(store.getDocument(await sha256File(evil))?.error).toBe(reason);
    expect(s.failed[0]?.path).toBe(evil); // the real name, for moving the file
    expect(printablePath(evil)).toBe(`${join(dir, 'a')}\\ndone b.txt\\x1b[2K`);
    expect(printablePath('决算 2023.pdf')).toBe('决算 2023.pdf');
  });

  it('follows symlinked files and folders, once, and reports a dangling link instead of skipping it', async () => {
    mkdirSync(join(dir, 'real'));
    writeFileSync(join(dir, 'real', 'a.txt'), 'alpha');
    mkdirSync(join(dir, 'in'));
    symlinkSync(join(dir, 'real', 'a.txt'), join(dir, 'in', 'link.txt'));
    symlinkSync(join(dir, 'real'), join(dir, 'in', 'folder'));
    symlinkSync(join(dir, 'in'), join(dir, 'in', 'loop'));
    symlinkSync(join(dir, 'gone.txt'), join(dir, 'in', 'dangling.txt'));
    const files = await expandInputs([join(dir, 'in')], dir);
    expect(files.map((f) => f.slice(join(dir, 'in').length + 1))).toEqual([
      'dangling.txt',
      'folder/a.txt',
      'link.txt',
    ]);
    const s = await createInProcessRunner({ store, extract: fake }).run(files);
    expect(s.processed).toBe(1);
    expect(s.skipped).toBe(1);
    expect(s.failed).toEqual([
      {
        path: join(dir, 'in', 'dangling.txt'),
        reason: `${join(dir, 'in', 'dangling.txt')}: cannot read (ENOENT)`,
      },
    ]);
  });

  it('gives up on a document left processing by three runs that died, without extracting it again', async () => {
    const p = join(dir, 'x.txt');
    writeFileSync(p, 'x');
    const sha = await sha256File(p);
    store.registerDocument({ sha256: sha, path: p, bytes: 1 });
    for (let i = 0; i < 3; i++) expect(store.claimDocument(sha, { maxAttempts: 3 })).toBe(true); // each run died
    const calls: string[] = [];
    const runner = createInProcessRunner({ store, extract: (path, o) => (calls.push(path), fake(path, o)) });
    const s = await runner.run([p]);
    expect(calls).toEqual([]);
    expect(s.failed).toEqual([
      { path: p, reason: 'the process extracting it stopped before it finished (gave up after 3 attempts)' },
    ]);
    expect(store.getDocument(sha)).toMatchObject({ status: 'failed', attempts: 3 });
    // A hand-back (Ctrl-C) is not an attempt.
    const q = join(dir, 'y.txt');
    writeFileSync(q, 'y');
    const shaQ = await sha256File(q);
    store.registerDocument({ sha256: shaQ, path: q, bytes: 1 });
    for (let i = 0; i < 5; i++) {
      expect(store.claimDocument(shaQ, { maxAttempts: 3 })).toBe(true);
      store.markQueued(shaQ);
    }
    expect(store.getDocument(shaQ)?.attempts).toBe(0);
  });

  it('fails a PDF of no pages with its reason in a real isolated run', async () => {
    const objs = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [] /Count 0 >>'];
    let pdf = '%PDF-1.4\n';
    const offsets: number[] = [];
    objs.forEach((o, i) => {
      offsets.push(pdf.length);
      pdf += `${i + 1} 0 obj\n${o}\nendobj\n`;
    });
    const xref = pdf.length;
    pdf += `xref\n0 3\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
    pdf += `trailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
    const p = join(dir, 'empty.pdf');
    writeFileSync(p, pdf);
    const runner = createInProcessRunner({ store, concurrency: 1 });
    const s = await runner.run([p]);
    await runner.close();
    expect(s.failed).toEqual([{ path: p, reason: `${p}: the PDF has no pages` }]);
    expect(store.getDocument(await sha256File(p))?.status).toBe('failed');
  }, 60_000);
});
