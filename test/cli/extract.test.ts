import { copyFileSync, existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main, reportFailure } from '../../src/cli/main.js';
import { captureIo } from '../setup/cli-io.js';
import { SEEDS_DIR } from '../support/shared.js';

const SEEDS = SEEDS_DIR;

/** Run the CLI in-process the way bin/tally.js does: main, and the one top-level catch. */
async function tally(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo(process.cwd());
  let code: number;
  try {
    code = await main(args, io);
  } catch (e) {
    code = reportFailure(e, io);
  }
  return { code, out: io.out(), err: io.err() };
}

describe('tally extract', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tally-extract-'));

  it.skipIf(!existsSync(SEEDS))(
    'prints a summary, and the full result with --json, from a path with Chinese and spaces',
    async () => {
      const seed = readdirSync(SEEDS).find((f) => f.startsWith('004_'))!;
      const path = join(dir, '产业发展局 2023 部门决算.txt');
      copyFileSync(join(SEEDS, seed), path);
      const summary = await tally(['extract', path]);
      expect(summary.code).toBe(1); // partial: the seed has real errors
      expect(summary.out).toContain('expenditure');
      expect(summary.out).toMatch(/anomalies: \d+ errors/);
      expect(summary.out).toContain('8.57');
      const json = await tally(['extract', path, '--json']);
      const result = JSON.parse(json.out) as { status: string; source: { path: string }; tables: unknown[] };
      expect(result.status).toBe('partial');
      expect(result.source.path).toBe(path);
      expect(result.tables.length).toBeGreaterThanOrEqual(9);
    },
  );

  const bad: Array<[string, string | Uint8Array, RegExp]> = [
    ['empty.txt', '', /empty/],
    ['random.pdf', new Uint8Array([0x13, 0x37, 0, 1, 2, 3, 4, 5]), /not PDF|unknown format/],
    ['truncated.pdf', '%PDF-1.7\n1 0 obj\n<< /Type /Catalog', /PDF/],
    ['binary.txt', new Uint8Array([0, 159, 146, 150, 0, 1]), /unknown format|not/],
  ];
  for (const [name, content, message] of bad) {
    it(`rejects ${name} with one clear line and a non-zero exit`, async () => {
      const path = join(dir, name);
      writeFileSync(path, content);
      const r = await tally(['extract', path]);
      expect(r.code).toBe(2);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).toMatch(message);
      expect(r.err).not.toMatch(/\bat .*\.(ts|js):\d+/); // no stack trace
    });
  }

  it('rejects a missing file and an unknown command', async () => {
    expect((await tally(['extract', join(dir, 'nope.pdf')])).code).toBe(2);
    const r = await tally(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('unknown command');
  });
});
