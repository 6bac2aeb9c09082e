import { spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, reportFailure } from '../../src/cli/main.js';
import { captureIo } from '../setup/cli-io.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SAMPLE = join(ROOT, 'samples', '004-final-accounts-2023-tables.txt');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

let dir: string;

/** The CLI in-process the way bin/tally.js runs it: main and the one top-level catch. */
async function tally(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo(dir, env);
  let code: number;
  try {
    code = await main(args, io);
  } catch (e) {
    code = reportFailure(e, io);
  }
  return { code, out: io.out(), err: io.err() };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tally-cli-conventions-'));
  mkdirSync(join(dir, 'in'));
  // Five distinct documents of the sample's shape: enough output to fill a pipe.
  const text = readFileSync(SAMPLE, 'utf8');
  for (let i = 0; i < 5; i++)
    writeFileSync(
      join(dir, 'in', `d${i}.txt`),
      text.replace(/\b\d+\.\d{2}\b/g, (m) => (Number(m) * (1 + (i + 1) / 97)).toFixed(2)),
    );
  for (const n of ['old.doc', 'sheet.xls', 'invoice.ofd', 'notes.md'])
    writeFileSync(join(dir, 'in', n), 'not read');
  const r = await tally(['ingest', 'in']);
  expect(r.code).toBe(0);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tally command line conventions', () => {
  it('--version prints the package version; --help and help <command> exit 0', async () => {
    expect(await tally(['--version'])).toMatchObject({ code: 0, out: `${VERSION}\n` });
    expect(await tally(['-V'])).toMatchObject({ code: 0, out: `${VERSION}\n` });
    const help = await tally(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/Usage: tally .*\n[\s\S]*export +export values/);
    const sub = await tally(['export', '--help']);
    expect(sub.code).toBe(0);
    expect(sub.out).toMatch(/Usage: tally export \[options\][\s\S]*--format <f>[\s\S]*--out <path>/);
    expect((await tally(['help', 'ingest'])).out).toMatch(/Usage: tally ingest \[options\] \[paths\.\.\.\]/);
  });

  it('an unknown command or flag is a usage error (exit 2) with "did you mean", never an internal error', async () => {
    const cmd = await tally(['exprt']);
    expect(cmd.code).toBe(2);
    expect(cmd.err).toMatch(/unknown command 'exprt'\n\(Did you mean export\?\)/);
    const flag = await tally(['export', '--stor', 'x.db']);
    expect(flag.code).toBe(2);
    expect(flag.err).toMatch(/tally export: unknown option '--stor'\n\(Did you mean --store\?\)/);
    expect(flag.err).not.toMatch(/internal error/);
    const value = await tally(['ingest', '--concurrency', 'many', 'in']);
    expect(value.code).toBe(2);
    expect(value.err).toMatch(/--concurrency <n>' argument 'many' is invalid/);
    const missing = await tally(['ingest']);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/missing paths/);
    expect((await tally([])).code).toBe(2);
  });

  it('a read command on a store that does not exist is a one-line error, and creates nothing', async () => {
    for (const args of [
      ['export', '--store', 'tally-typo.db'],
      ['status', '--store', 'tally-typo.db'],
      ['review', '--store', 'tally-typo.db'],
    ]) {
      const r = await tally(args);
      expect(r.code).toBe(2);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).toMatch(/no store at .*tally-typo\.db \(from --store\)/);
    }
    expect((await tally(['status'], { TALLY_STORE: 'nope/t.db' })).err).toMatch(
      /no store at .*nope\/t\.db \(from TALLY_STORE\)/,
    );
    expect(existsSync(join(dir, 'tally-typo.db'))).toBe(false);
    expect(existsSync(join(dir, 'nope'))).toBe(false);
  });

  it('--out - writes to stdout (csv and xlsx), never a file named "-"', async () => {
    const csv = await tally(['export', '--out', '-']);
    expect(csv.code).toBe(0);
    expect(csv.out.startsWith('\uFEFFsha256,path')).toBe(true);
    const io = captureIo(dir);
    const chunks: Buffer[] = [];
    io.stdout.on('data', (b: Buffer) => chunks.push(b));
    expect(await main(['export', '--format', 'xlsx', '--out', '-'], io)).toBe(0);
    expect(Buffer.concat(chunks).subarray(0, 2).toString()).toBe('PK'); // a zip: the workbook itself
    expect(existsSync(join(dir, '-'))).toBe(false);
    expect(existsSync(join(dir, 'tally-export.xlsx'))).toBe(false);
  });

  it('lists the files of unsupported formats in the ingest summary instead of skipping them silently', async () => {
    const r = await tally(['ingest', 'in']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/not read \(format not supported\): 3 file\(s\): /);
    for (const n of ['old.doc', 'sheet.xls', 'invoice.ofd'])
      expect(r.out).toContain(`unsupported: ${join(dir, 'in', n)}`);
    expect(r.out).not.toContain('notes.md'); // not a document: not listed
  });

  it('`tally export | head` ends quietly with exit 0 (EPIPE), as a real process', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href,
        join(ROOT, 'bench/ingest-cli.ts'),
        'export',
        '--format',
        'json',
      ],
      {
        cwd: dir,
        env: {
          ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'TALLY_STORE')),
          REDIS_URL: '',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    // head -c: read the first chunk, then close the pipe.
    await new Promise<void>((resolve, reject) => {
      child.stdout.once('data', () => resolve());
      child.once('exit', () => reject(new Error(`exited before writing: ${err}`)));
    });
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    expect(err).toBe('');
    expect(code).toBe(0);
  }, 60_000);

  it('ingest exits non-zero when a file failed', async () => {
    writeFileSync(join(dir, 'empty.txt'), '');
    copyFileSync(SAMPLE, join(dir, 'good.txt'));
    const r = await tally(['ingest', 'empty.txt', 'good.txt']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/failed 1/);
  });
});
