import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createCanvas } from '@napi-rs/canvas';
import { afterAll, describe, expect, it } from 'vitest';
import { tesseractDpi } from './tesseract-pool.js';

const slow = describe.skipIf(process.env.TALLY_SKIP_SLOW === '1');
const run = promisify(execFile);
const repo = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * A 300 dpi scan of a ruled table under a title an inch tall: the title band is shrunk to text size before
 * recognition, nominally under 70 dpi, which is what made tesseract print "User defined image dpi is outside
 * of expected range" for every such band.
 */
function scan(): Uint8Array {
  const w = 1800;
  const h = 1400;
  const c = createCanvas(w, h);
  const ctx = c.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, w, h);
  ctx.fillStyle = '#000';
  ctx.font = 'bold 440px sans-serif';
  ctx.fillText('TOTAL', 200, 480);
  ctx.font = '42px sans-serif';
  const cols = [150, 750, 1200, 1650];
  const rows = [600, 700, 800, 900];
  ctx.lineWidth = 3;
  for (const y of rows) ctx.fillRect(cols[0]!, y, cols[3]! - cols[0]!, 3);
  for (const x of cols) ctx.fillRect(x, rows[0]!, 3, rows[3]! - rows[0]!);
  [
    ['Salaries', '905.20', '48.00'],
    ['Rent', '11.33', '2995.39'],
    ['Other', '0.50', '300.00'],
  ].forEach((row, r) => row.forEach((text, k) => ctx.fillText(text, cols[k]! + 30, rows[r]! + 70)));
  return new Uint8Array(c.encodeSync('png'));
}

slow('OCR is quiet', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tally-quiet-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps resolutions within what tesseract accepts', () => {
    expect(tesseractDpi(40)).toBe('70');
    expect(tesseractDpi(299.6)).toBe('300');
    expect(tesseractDpi(5000)).toBe('2400');
  });

  it('extracting a scan writes no engine chatter to stderr', { timeout: 300_000 }, async () => {
    const file = join(dir, 'scan.png');
    writeFileSync(file, scan());
    const script = join(dir, 'extract.mjs');
    writeFileSync(
      script,
      `const { extractFile } = await import(${JSON.stringify(join(repo, 'src/pipeline/extract.ts'))});
       const { closeOcr } = await import(${JSON.stringify(join(repo, 'src/readers/ocr/index.ts'))});
       const r = await extractFile(${JSON.stringify(file)});
       await closeOcr();
       process.stdout.write(JSON.stringify({ grids: r.grids, texts: r.texts, warnings: r.warnings }));`,
    );
    const env: NodeJS.ProcessEnv = { ...process.env, TALLY_OCR_WORKERS: '1' };
    delete env['TALLY_DEBUG'];
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', script], {
      cwd: repo,
      env,
      maxBuffer: 64 << 20,
    });
    // The page was read (the figures are there), and nothing of the engines reached stderr.
    expect(stdout).toContain('905.20');
    expect(stderr).not.toMatch(/Warning|dpi|Estimating resolution|Parameter not found/i);
    expect(stderr.trim()).toBe('');
  });
});
