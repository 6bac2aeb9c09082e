import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { drawnLines } from '../../../test/support/scan-fixtures.js';
import { afterAll, describe, expect, it } from 'vitest';
import { InternalError, type Page } from '../../model/index.js';
import { imageReader } from '../image/index.js';
import { cropGrey, decodeImageFrame, encodePng, toGrey, type GreyImage } from '../render/index.js';
import { ocrPages } from './ocr-pages.js';
import { pooledPpocrEngine, ppocrHere, rotateGrey } from './ppocr.js';
import { PpocrPool } from './ppocr-pool.js';

const slow = describe.skipIf(process.env.TALLY_SKIP_SLOW === '1');
const run = promisify(execFile);

/** Lines of text drawn at 200 dpi (11 pt ≈ 30 px), black on white. */
const drawn = (lines: readonly string[], width = 700): GreyImage => toGrey(drawnLines(lines, width));

/** The scanned sample page (200 dpi) the PP-OCR tests read. */
async function samplePage(): Promise<GreyImage> {
  const png = fileURLToPath(
    new URL('../../../samples/scanned/004-final-accounts-2023-tables.p1.200dpi.png', import.meta.url),
  );
  return decodeImageFrame(new Uint8Array(readFileSync(png)), 0, 'sample');
}

/**
 * Rows y0..y1 of an image as a view into its buffer, not a copy: the data starts `y0 * width` bytes into a
 * larger ArrayBuffer, as a band cut from a page does. A worker sent `data.buffer` would get the whole page.
 */
const band = (image: GreyImage, y0: number, y1: number): GreyImage => ({
  ...image,
  height: y1 - y0,
  data: image.data.subarray(y0 * image.width, y1 * image.width),
});

/**
 * A small cell (one short figure, 90 × 44 px) whose data is a slice of Node's shared Buffer pool: under 4 KB,
 * Buffer.from copies into an 8 KB buffer shared with other Buffers, at some byteOffset.
 */
function pooledCell(text: string): GreyImage {
  const cell = cropGrey(drawn([text], 160), 25, 28, 90, 44);
  return { ...cell, data: Buffer.from(cell.data) };
}

/** A worker entry (an inline module) that answers every job with `body`. */
const fakeWorker = (body: string): URL =>
  new URL(
    `data:text/javascript,${encodeURIComponent(`import { parentPort } from 'node:worker_threads';\nparentPort.on('message', (m) => { ${body} });\n`)}`,
  );

const pools: PpocrPool[] = [];
const newPool = (size: number, entry?: URL): PpocrPool => {
  const p = entry ? new PpocrPool(size, entry) : new PpocrPool(size);
  pools.push(p);
  return p;
};
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
});

slow('PP-OCR on worker threads gives what the main thread gives', () => {
  it(
    'a region (a band cut from a page, at an offset in its buffer): the same lines, boxes and text',
    { timeout: 180_000 },
    async () => {
      const page = await samplePage();
      const region = band(page, 150, 700);
      expect(region.data.byteOffset).toBeGreaterThan(0);
      const pool = newPool(1);
      const here = await ppocrHere.region(region);
      const there = await pool.run('region', region);
      expect(here.length).toBeGreaterThan(5);
      expect(there).toEqual(here);
      // The caller's pixels are untouched (the pool sends a copy, it does not take the buffer away).
      expect(region.data.length).toBe(region.width * region.height);
    },
  );

  it(
    'cells in pooled Buffers, a line, and a page turned upside down: the same as on this thread',
    { timeout: 180_000 },
    async () => {
      const cells = ['17.37', '305', '0.50', '9.1'].map(pooledCell);
      expect(cells.some((c) => c.data.byteOffset > 0)).toBe(true);
      const pool = newPool(1);
      const here = await ppocrHere.cells(cells);
      expect(here.flat().map((l) => l.words.map((w) => w.text).join(''))).toEqual([
        '17.37',
        '305',
        '0.50',
        '9.1',
      ]);
      expect(await pool.run('cells', cells)).toEqual(here);
      const line = drawn(['Total 2,995.39']);
      expect(await pool.run('line', line)).toEqual(await ppocrHere.line(line));
      expect(await pool.run('crops', [line])).toEqual(await ppocrHere.crops([line]));
      const upside = rotateGrey(band(await samplePage(), 100, 800), 180);
      const turned = await pool.run('orientation', upside);
      expect(turned).toBe(await ppocrHere.orientation(upside));
      expect(turned).toBe(180);
    },
  );
});

slow('the PP-OCR thread pool', () => {
  it(
    'runs at most `size` threads, starts them only as jobs need them, and reuses them',
    { timeout: 180_000 },
    async () => {
      const pool = newPool(2);
      expect(pool.threadCount).toBe(0);
      const line = drawn(['Rent 11.33']);
      const seen = new Set<number>();
      let most = 0;
      const watch = setInterval(() => {
        most = Math.max(most, pool.threadCount);
        for (const id of pool.threadIds) seen.add(id);
      }, 5);
      const texts = await Promise.all(
        Array.from({ length: 6 }, () =>
          pool.run('line', line).then((l) => l.map((x) => x.words.map((w) => w.text).join(' ')).join()),
        ),
      );
      clearInterval(watch);
      for (const id of pool.threadIds) seen.add(id);
      expect(texts.every((t) => t === texts[0])).toBe(true);
      expect(most).toBeLessThanOrEqual(2);
      expect(pool.threadCount).toBe(2);
      // Six jobs, two threads: the same two all along.
      expect(seen.size).toBe(2);
      const one = newPool(1);
      await Promise.all([one.run('line', line), one.run('line', line)]);
      expect(one.threadCount).toBe(1);
    },
  );

  it('keeps the main thread free while a page is read', { timeout: 180_000 }, async () => {
    const page = await samplePage();
    const pool = newPool(1);
    await pool.run('line', drawn(['1']));
    let last = performance.now();
    let gap = 0;
    const tick = setInterval(() => {
      const now = performance.now();
      gap = Math.max(gap, now - last);
      last = now;
    }, 5);
    const t0 = performance.now();
    await pool.run('region', page);
    const took = performance.now() - t0;
    clearInterval(tick);
    // On the main thread one detection run alone holds the event loop for most of the page's time.
    expect(gap).toBeLessThan(took / 3);
  });

  it('a thread that dies fails its job with a clear error; the next job gets a new thread', async () => {
    const pool = newPool(
      1,
      fakeWorker(
        `if (m.input.width === 1) throw new Error('boom'); parentPort.postMessage({ id: m.id, ok: true, output: m.input.width });`,
      ),
    );
    const img = (w: number): GreyImage => ({
      width: w,
      height: 1,
      channels: 1,
      dpi: 72,
      data: new Uint8Array(w),
    });
    await expect(pool.run('orientation', img(1))).rejects.toThrow(/PP-OCR worker thread failed: boom/);
    expect(pool.threadCount).toBe(0);
    await expect(pool.run('orientation', img(3))).resolves.toBe(3);
    expect(pool.threadCount).toBe(1);
  });

  it('a job error comes back as an Error, a model that cannot load as an InternalError', async () => {
    const pool = newPool(
      1,
      fakeWorker(
        `parentPort.postMessage({ id: m.id, ok: false, message: 'no ' + m.op, internal: m.op === 'region' });`,
      ),
    );
    const img: GreyImage = { width: 2, height: 2, channels: 1, dpi: 72, data: new Uint8Array(4) };
    const lineError = await pool.run('line', img).catch((e: unknown) => e);
    expect(lineError).toBeInstanceOf(Error);
    expect(lineError).not.toBeInstanceOf(InternalError);
    expect(String(lineError)).toMatch(/no line/);
    await expect(pool.run('region', img)).rejects.toBeInstanceOf(InternalError);
  });

  it(
    'a page whose PP-OCR thread dies comes back marked failed (the warning), the call does not throw',
    { timeout: 60_000 },
    async () => {
      const pool = newPool(1, fakeWorker(`process.exit(3);`));
      const png = encodePng(drawn(['Total 1,234.56']));
      const read = await imageReader.read({ path: 'scan.png', bytes: png });
      const pages: Page[] = read.pages.map((p) => ({ ...p, ocr: { needed: true, reason: 'no-text-layer' } }));
      const [page] = await ocrPages(
        { path: 'scan.png', bytes: png, format: 'image', pages },
        { engine: 'ppocr', orientation: false, engines: { ppocr: pooledPpocrEngine(() => pool) } },
      );
      expect(page!.ocr.failed).toMatchObject({ kind: 'engine' });
      expect(page!.ocr.failed!.detail).toMatch(/PP-OCR worker thread exited \(code 3\)/);
      expect(page!.spans).toEqual([]);
    },
  );

  it('an aborted job rejects at once and its thread is ended', { timeout: 60_000 }, async () => {
    const pool = newPool(1, fakeWorker(`/* never answers */`));
    const controller = new AbortController();
    const img: GreyImage = { width: 2, height: 2, channels: 1, dpi: 72, data: new Uint8Array(4) };
    const job = pool.run('line', img, controller.signal);
    setTimeout(() => controller.abort(new Error('page timed out')), 50);
    await expect(job).rejects.toThrow(/page timed out/);
    expect(pool.threadCount).toBe(0);
  });

  it('idle threads do not keep the process alive, and closeOcr ends them', { timeout: 180_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tally-ppocr-exit-'));
    try {
      const ppocr = fileURLToPath(new URL('./ppocr.ts', import.meta.url));
      const index = fileURLToPath(new URL('./index.ts', import.meta.url));
      const script = (close: boolean): string => {
        const file = join(dir, `child-${close}.mts`);
        writeFileSync(
          file,
          `import { ppocrEngine } from ${JSON.stringify(ppocr)};\nimport { closeOcr } from ${JSON.stringify(index)};\n` +
            `const w = 400, h = 80, data = new Uint8Array(w * h).fill(255);\n` +
            `for (let y = 30; y < 50; y++) for (let x = 40; x < 360; x += 3) data[y * w + x] = 0;\n` +
            `await ppocrEngine.recognizeLine({ width: w, height: h, channels: 1, dpi: 200, data });\n` +
            `console.log('read');\n` +
            (close ? `await closeOcr();\nconsole.log('closed');\n` : ''),
        );
        return file;
      };
      for (const close of [false, true]) {
        const t0 = Date.now();
        const { stdout } = await run(process.execPath, ['--import', 'tsx', script(close)], {
          cwd: fileURLToPath(new URL('../../..', import.meta.url)),
          timeout: 90_000,
          env: { ...process.env, TALLY_OCR_WORKERS: '2' },
        });
        expect(stdout).toContain('read');
        if (close) expect(stdout).toContain('closed');
        // It exited by itself once the work was done (a thread holding the event loop would keep it to the timeout).
        expect(Date.now() - t0).toBeLessThan(85_000);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
