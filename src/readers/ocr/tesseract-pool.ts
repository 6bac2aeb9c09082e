import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import type Tesseract from 'tesseract.js';
import { InternalError } from '../../model/index.js';
import { closePpocr } from './ppocr-pool.js';

/**
 * A small pool of tesseract.js workers (WASM in worker threads), created on first use, reused across pages
 * and documents, sized to the cores. Parallelism comes from several single-threaded workers: native
 * tesseract's OpenMP threads measured 6–8× slower than one thread per page here.
 *
 * Offline by construction: the worker script is our own (see `workerSource`), its `fetch` refuses, and the
 * traineddata is read from the installed @tesseract.js-data packages; tesseract.js is never given a URL.
 */

/** The recognition languages: Simplified Chinese plus English for codes and units. */
export const OCR_LANGS = ['chi_sim', 'eng'] as const;
/** LSTM-only `best_int` models: 2.5 MB instead of 44 MB, faster and as accurate on these tables. */
export const MODEL_VARIANT = '4.0.0_best_int';

/** Where each traineddata file lives, resolved from node_modules at run time. */
export function traineddataPaths(): Record<string, string> {
  const require = createRequire(import.meta.url);
  const out: Record<string, string> = {};
  for (const lang of OCR_LANGS) {
    const root = dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`));
    out[lang] = join(root, MODEL_VARIANT, `${lang}.traineddata.gz`);
  }
  return out;
}

/**
 * The worker thread's entry, as ESM source for a `data:` URL (so it ships inside the compiled JS).
 * It is tesseract.js 7's own node worker script with two changes:
 * - the core is always an LSTM-only build: 7.0.0 passes getCore a boolean where it expects an OEM number, so
 *   its stock script never picks the LSTM core;
 * - I/O is closed: fetch rejects, reads are limited to the traineddata files above, writes do nothing.
 */
export function workerSource(): string {
  const require = createRequire(import.meta.url);
  const scriptDir = join(
    dirname(require.resolve('tesseract.js/package.json')),
    'src',
    'worker-script',
    'node',
  );
  const files = traineddataPaths();
  return `
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
const require = createRequire(${JSON.stringify(join(scriptDir, 'index.js'))});
const { parentPort } = require('node:worker_threads');
const worker = require('..');
const gunzip = require('./gunzip');
const { simd, relaxedSimd } = require('wasm-feature-detect');
const FILES = ${JSON.stringify(Object.fromEntries(Object.entries(files).map(([lang, p]) => [`${lang}.traineddata.gz`, p])))};
// Tesseract prints a line for every parameter a model lacks, for every image without a resolution and for
// every resolution it finds odd; they are noise on every worker start, page and cell (hundreds per
// document), so they reach stderr only with TALLY_DEBUG set. Other messages always do.
const DEBUG = ${JSON.stringify(debugEnabled())};
const QUIET = /^(Warning: Parameter not found|Estimating resolution as|Warning: User defined image dpi|Warning: Invalid resolution|Detected [0-9]+ diacritics|Empty page!!|Too few characters|Line cannot be recognized)/;
const printErr = (line) => { if (DEBUG || !QUIET.test(String(line))) console.error(line); };
let core = null;
const getCore = async (_lstmOnly, _corePath, res) => {
  if (core === null) {
    const name = (await relaxedSimd()) ? 'tesseract-core-relaxedsimd-lstm' : (await simd()) ? 'tesseract-core-simd-lstm' : 'tesseract-core-lstm';
    const factory = require('tesseract.js-core/' + name);
    core = (opts) => factory({ ...opts, printErr });
    res.progress({ status: 'tally:core ' + name, progress: 1 });
  }
  return core;
};
const readCache = async (path) => {
  const file = FILES[basename(String(path))];
  if (!file) throw new Error('tally OCR reads only its bundled traineddata, not ' + path);
  return readFile(file);
};
parentPort.on('message', (packet) => worker.dispatchHandlers(packet, (obj) => parentPort.postMessage(obj)));
worker.setAdapter({
  getCore,
  gunzip,
  fetch: async (url) => { throw new Error('tally OCR is offline; refused to fetch ' + url); },
  readCache,
  writeCache: async () => undefined,
  deleteCache: async () => undefined,
  checkCache: async () => false,
});
`;
}

/** TALLY_DEBUG set (to anything but "" or 0): engines' own diagnostics reach stderr. */
export function debugEnabled(): boolean {
  const v = process.env['TALLY_DEBUG'];
  return v !== undefined && v !== '' && v !== '0';
}

/**
 * A resolution tesseract accepts (70..2400 dpi). A large title shrunk to text size, or a cell of a 50 dpi fax,
 * is nominally under 70 dpi; tesseract then warns on every call and uses 70 anyway.
 */
export function tesseractDpi(dpi: number): string {
  return String(Math.min(2400, Math.max(70, Math.round(dpi))));
}

/** The exact options handed to tesseract.js createWorker (exported so tests can check they are local). */
export function workerOptions(onCore: (name: string) => void): Partial<Tesseract.WorkerOptions> {
  const require = createRequire(import.meta.url);
  return {
    // Node's Worker takes a URL object; tesseract.js passes workerPath straight to it.
    workerPath: new URL(`data:text/javascript,${encodeURIComponent(workerSource())}`) as unknown as string,
    // A local folder, never a URL; readCache above maps <langPath>/<lang>.traineddata.gz to the package files.
    langPath: dirname(dirname(require.resolve('@tesseract.js-data/chi_sim/package.json'))),
    cacheMethod: 'none',
    gzip: true,
    logger: (m: Tesseract.LoggerMessage) => {
      if (typeof m.status === 'string' && m.status.startsWith('tally:core '))
        onCore(m.status.slice('tally:core '.length));
    },
    // Without a handler tesseract.js throws worker errors from a message callback: an uncaught exception.
    errorHandler: () => undefined,
  };
}

/** OEM 1: LSTM only (the best_int models carry nothing else). */
const OEM_LSTM_ONLY = 1;

interface PooledWorker {
  readonly worker: Tesseract.Worker;
  /** The lane's workers with other models (e.g. "eng", "chi_sim"), each started the first time a job asks. */
  readonly others: Map<string, Promise<Tesseract.Worker>>;
  busy: boolean;
}

/**
 * What a job gets besides its chi_sim+eng worker: the same lane's workers with other models. Reading a
 * table cell alone, the joined model now and then takes a Chinese label for English ("合计" → "ait") or a
 * lone digit for a letter ("3" → "B"); the Chinese and the English model alone each do better on their
 * own kind of cell (see cell-ocr.ts). All of a lane's workers serve one job at a time, so a pool never runs
 * more recognitions at once than it has lanes.
 */
export interface Lane {
  worker(langs: 'chi_sim' | 'eng'): Promise<Tesseract.Worker>;
}

/** What a recognition job may set per call (tesseract parameters, restored after the call). */
export type OcrParams = Record<string, string>;

class TesseractPool {
  private readonly workers: PooledWorker[] = [];
  private creating = 0;
  private readonly waiting: Array<{ resolve: (w: PooledWorker) => void; reject: (e: unknown) => void }> = [];
  /** The WASM core the workers loaded (e.g. tesseract-core-simd-lstm), once known. */
  coreName: string | undefined;

  constructor(readonly size: number) {}

  /** Run one job on a free worker; creates workers lazily up to `size`. */
  async run<T>(job: (worker: Tesseract.Worker, lane: Lane) => Promise<T>, signal?: AbortSignal): Promise<T> {
    signal?.throwIfAborted();
    const pooled = await this.acquire();
    if (signal?.aborted) {
      this.release(pooled);
      signal.throwIfAborted();
    }
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () =>
        reject(signal?.reason instanceof Error ? signal.reason : new DOMException('aborted', 'AbortError'));
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    aborted.catch(() => undefined);
    let discarded = false;
    try {
      const lane: Lane = {
        worker: (langs) => {
          let w = pooled.others.get(langs);
          if (!w) {
            w = this.createWorker([langs]);
            pooled.others.set(langs, w);
          }
          return w;
        },
      };
      return await Promise.race([job(pooled.worker, lane), aborted]);
    } catch (e) {
      if (signal?.aborted) {
        // The WASM call cannot be interrupted: drop the worker rather than wait for it.
        discarded = true;
        this.discard(pooled);
      }
      throw e;
    } finally {
      if (onAbort) signal?.removeEventListener('abort', onAbort);
      if (!discarded) this.release(pooled);
    }
  }

  private async createWorker(langs: readonly string[]): Promise<Tesseract.Worker> {
    const tesseract = (await import('tesseract.js')).default;
    const worker = await tesseract
      .createWorker(
        [...langs],
        OEM_LSTM_ONLY,
        workerOptions((name) => (this.coreName = name)),
      )
      .catch((e: unknown) => {
        throw new InternalError(`cannot start the OCR engine: ${String(e)}`, { cause: e });
      });
    // Chinese words come back one character each; keep inter-word spaces as printed instead of inventing them.
    // tessedit_do_invert=0: tesseract otherwise reads every doubtful line a second time as white-on-black
    // text, which these documents do not print; it cost a third of the time of a short cell (74 → 49 ms).
    await worker.setParameters({
      preserve_interword_spaces: '1',
      tessedit_do_invert: '0',
    });
    return worker;
  }

  private async acquire(): Promise<PooledWorker> {
    const idle = this.workers.find((w) => !w.busy);
    if (idle) {
      idle.busy = true;
      setRef(idle.worker, true);
      for (const w of idle.others.values())
        void w.then(
          (x) => setRef(x, true),
          () => undefined,
        );
      return idle;
    }
    if (this.workers.length + this.creating < this.size) {
      this.creating++;
      try {
        const worker = await this.createWorker(OCR_LANGS);
        const pooled: PooledWorker = { worker, others: new Map(), busy: true };
        this.workers.push(pooled);
        return pooled;
      } catch (e) {
        // Nobody else will ever free a worker for the waiters: fail them too.
        if (this.workers.length === 0 && this.creating === 1)
          for (const w of this.waiting.splice(0)) w.reject(e);
        throw e;
      } finally {
        this.creating--;
      }
    }
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private release(pooled: PooledWorker): void {
    const next = this.waiting.shift();
    if (next) {
      next.resolve(pooled);
      return;
    }
    pooled.busy = false;
    // An idle worker thread must not keep the process alive after the last document.
    setRef(pooled.worker, false);
    for (const w of pooled.others.values())
      void w.then(
        (x) => setRef(x, false),
        () => undefined,
      );
  }

  private discard(pooled: PooledWorker): void {
    const i = this.workers.indexOf(pooled);
    if (i >= 0) this.workers.splice(i, 1);
    void pooled.worker.terminate().catch(() => undefined);
    for (const w of pooled.others.values()) void w.then((x) => x.terminate()).catch(() => undefined);
    // A waiter now gets a fresh worker instead.
    const next = this.waiting.shift();
    if (next) this.acquire().then(next.resolve, next.reject);
  }

  async close(): Promise<void> {
    const all = this.workers.splice(0);
    await Promise.all(
      all.flatMap((w) => [
        w.worker.terminate().catch(() => undefined),
        ...[...w.others.values()].map((f) => f.then((x) => x.terminate()).catch(() => undefined)),
      ]),
    );
  }
}

/** tesseract.js exposes the Node Worker as `.worker`; ref/unref it so idle pools do not hold the event loop. */
function setRef(worker: Tesseract.Worker, ref: boolean): void {
  const thread = (worker as unknown as { worker?: { ref?: () => void; unref?: () => void } }).worker;
  if (ref) thread?.ref?.();
  else thread?.unref?.();
}

let pool: TesseractPool | undefined;

/**
 * The shared pool (created on first call; nothing starts until a job runs). Sized to the cores, or to
 * TALLY_OCR_WORKERS: several worker processes on one machine each want fewer OCR workers.
 */
export function ocrPool(): TesseractPool {
  const configured = Number(process.env['TALLY_OCR_WORKERS']);
  pool ??= new TesseractPool(
    Number.isInteger(configured) && configured > 0 ? configured : Math.max(1, availableParallelism()),
  );
  return pool;
}

/** Terminate every OCR worker (tesseract.js and PP-OCR). Safe to call at any time; the next job starts anew. */
export async function closeOcr(): Promise<void> {
  const p = pool;
  pool = undefined;
  await Promise.all([p?.close(), closePpocr()]);
}

export type { TesseractPool };
