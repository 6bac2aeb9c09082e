import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InternalError } from '../../model/index.js';
import type { GreyImage } from '../render/index.js';
import type { OcrLine, OcrWord } from './spans.js';

/**
 * PP-OCR on worker threads: one onnxruntime session pair per thread, loaded once when the thread starts its
 * first job, reused for every page after. onnxruntime-node's `run` computes on the calling thread (its promise
 * only defers the call with setImmediate), so on the main thread two OCR lanes took turns on one core; on their
 * own threads they use one core each, and the image work around the model (resizing, normalizing, DB boxes,
 * CTC decoding) leaves the main thread too.
 *
 * A thread runs one job at a time; the pool starts threads as jobs come, up to `size` (the OCR lanes), and
 * keeps them for the next job. A job is a whole operation (a region found and read, a batch of cells, a
 * page's orientation), so a page crosses threads a few times, not once per model run. Images are copied into
 * a buffer of their own before they are sent: a GreyImage's data is often a view into a larger buffer (a band
 * of a page, a Node Buffer from the shared pool), and sending `data.buffer` would send the wrong pixels.
 */

/** What each job takes and gives back (the worker runs ppocr.ts's in-thread functions of the same names). */
export interface PpocrJobs {
  region: { input: GreyImage; output: OcrLine[] };
  line: { input: GreyImage; output: OcrLine[] };
  cells: { input: readonly GreyImage[]; output: OcrLine[][] };
  crops: { input: readonly GreyImage[]; output: OcrWord[][] };
  orientation: { input: GreyImage; output: 0 | 90 | 180 | 270 };
}
export type PpocrOp = keyof PpocrJobs;

/** A message to a worker. */
export interface PpocrRequest {
  readonly id: number;
  readonly op: PpocrOp;
  readonly input: GreyImage | readonly GreyImage[];
}

/** A worker's answer: the job's output, or why it failed (`internal`: the models could not be loaded). */
export type PpocrReply =
  | { readonly id: number; readonly ok: true; readonly output: unknown }
  | { readonly id: number; readonly ok: false; readonly message: string; readonly internal: boolean };

interface Job {
  readonly id: number;
  readonly resolve: (v: unknown) => void;
  readonly reject: (e: unknown) => void;
}

interface Thread {
  readonly worker: Worker;
  job: Job | undefined;
  /** Handed to a job and not yet released (its job is set a moment after it is taken). */
  taken: boolean;
  /** Set once the thread has exited or was dropped: it takes no more jobs. */
  gone: boolean;
}

/** A copy of an image whose data is a buffer of its own (offset 0, exact length), safe to transfer. */
function detached(image: GreyImage): { image: GreyImage; buffer: ArrayBuffer } {
  const data = new Uint8Array(image.data.length);
  data.set(image.data);
  return { image: { ...image, data }, buffer: data.buffer };
}

/**
 * The worker's entry. From compiled JS it is ppocr-worker.js next to this file. From TypeScript source (tsx,
 * vitest) Node cannot load ppocr-worker.ts by itself, and loader flags are not inherited by worker threads:
 * a one-line module imports it through tsx's tsImport instead.
 */
export function defaultWorkerEntry(): URL {
  const self = import.meta.url;
  if (!self.endsWith('.ts')) return new URL('./ppocr-worker.js', self);
  const require = createRequire(self);
  const api = pathToFileURL(
    join(dirname(require.resolve('tsx/package.json')), 'dist', 'esm', 'api', 'index.mjs'),
  );
  const target = new URL('./ppocr-worker.ts', self);
  const source = `const { tsImport } = await import(${JSON.stringify(api.href)});\nawait tsImport(${JSON.stringify(target.href)}, ${JSON.stringify(self)});\n`;
  return new URL(`data:text/javascript,${encodeURIComponent(source)}`);
}

export class PpocrPool {
  private readonly threads: Thread[] = [];
  private readonly waiting: Array<() => void> = [];
  private nextId = 0;

  /**
   * @param size most threads (and so jobs) at once
   * @param entry the worker script (tests give one that fails)
   */
  constructor(
    readonly size: number,
    private readonly entry: URL = defaultWorkerEntry(),
  ) {}

  /** Threads alive now (started and not exited). */
  get threadCount(): number {
    return this.threads.filter((t) => !t.gone).length;
  }

  /** Thread ids of the threads alive now (tests check how many lanes served a batch of jobs). */
  get threadIds(): number[] {
    return this.threads.filter((t) => !t.gone).map((t) => t.worker.threadId);
  }

  /**
   * Run one job on a free thread. An abort rejects at once and ends the thread (a model run cannot be
   * interrupted); the next job starts a fresh one. A thread that dies (an uncaught error, out of memory)
   * rejects its job with an Error saying so, which the page reader turns into a failed page and a warning.
   */
  async run<K extends PpocrOp>(
    op: K,
    input: PpocrJobs[K]['input'],
    signal?: AbortSignal,
  ): Promise<PpocrJobs[K]['output']> {
    signal?.throwIfAborted();
    // Copied before waiting: the caller may reuse its buffers once this returns a promise.
    const copies = Array.isArray(input)
      ? (input as readonly GreyImage[]).map(detached)
      : [detached(input as GreyImage)];
    const payload = Array.isArray(input) ? copies.map((c) => c.image) : copies[0]!.image;
    const thread = await this.acquire(signal);
    const id = ++this.nextId;
    let onAbort: (() => void) | undefined;
    try {
      return await new Promise<PpocrJobs[K]['output']>((resolve, reject) => {
        thread.job = { id, resolve: resolve as (v: unknown) => void, reject };
        if (signal) {
          onAbort = () => {
            reject(
              signal.reason instanceof Error ? signal.reason : new DOMException('aborted', 'AbortError'),
            );
            this.drop(thread);
          };
          signal.addEventListener('abort', onAbort, { once: true });
        }
        const request: PpocrRequest = { id, op, input: payload };
        thread.worker.postMessage(
          request,
          copies.map((c) => c.buffer),
        );
      });
    } finally {
      if (onAbort) signal?.removeEventListener('abort', onAbort);
      thread.job = undefined;
      this.release(thread);
    }
  }

  private async acquire(signal?: AbortSignal): Promise<Thread> {
    for (;;) {
      signal?.throwIfAborted();
      const idle = this.threads.find((t) => !t.gone && !t.taken);
      if (idle) return this.take(idle);
      if (this.threadCount < this.size) return this.take(this.start());
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  private take(thread: Thread): Thread {
    thread.taken = true;
    thread.worker.ref();
    return thread;
  }

  private release(thread: Thread): void {
    thread.taken = false;
    // An idle thread must not keep the process alive after the last document.
    if (!thread.gone) thread.worker.unref();
    this.waiting.shift()?.();
  }

  private start(): Thread {
    const worker = new Worker(this.entry, { stdout: false, stderr: false });
    const thread: Thread = { worker, job: undefined, taken: false, gone: false };
    worker.on('message', (reply: PpocrReply) => {
      const job = thread.job;
      if (!job || job.id !== reply.id) return;
      if (reply.ok) job.resolve(reply.output);
      else if (reply.internal) job.reject(new InternalError(reply.message));
      else job.reject(new Error(reply.message));
    });
    const fail = (why: string): void => {
      const job = thread.job;
      this.forget(thread);
      job?.reject(new Error(`PP-OCR worker thread ${why}`));
    };
    worker.on('error', (e: unknown) => fail(`failed: ${e instanceof Error ? e.message : String(e)}`));
    worker.on('exit', (code) => fail(`exited (code ${code})`));
    this.threads.push(thread);
    return thread;
  }

  /** The thread takes no more jobs (it exited, or is being ended). */
  private forget(thread: Thread): void {
    if (thread.gone) return;
    thread.gone = true;
    const i = this.threads.indexOf(thread);
    if (i >= 0) this.threads.splice(i, 1);
    // A waiter may now start a thread in its place.
    this.waiting.shift()?.();
  }

  private drop(thread: Thread): void {
    this.forget(thread);
    void thread.worker.terminate().catch(() => undefined);
  }

  /** End every thread; resolves once all have exited. The pool can be used again (threads start anew). */
  async close(): Promise<void> {
    const all = this.threads.splice(0);
    await Promise.all(
      all.map(async (t) => {
        t.gone = true;
        t.job?.reject(new Error('PP-OCR pool closed'));
        await t.worker.terminate().catch(() => undefined);
      }),
    );
  }
}

let pool: PpocrPool | undefined;

/** The number of OCR lanes: TALLY_OCR_WORKERS, else the cores (the same as the tesseract.js pool's). */
export function ocrLanes(): number {
  const configured = Number(process.env['TALLY_OCR_WORKERS']);
  return Number.isInteger(configured) && configured > 0 ? configured : Math.max(1, availableParallelism());
}

/** The shared PP-OCR pool (nothing starts until a job runs). */
export function ppocrPool(): PpocrPool {
  pool ??= new PpocrPool(ocrLanes());
  return pool;
}

/** End the shared pool's threads (closeOcr calls this). */
export async function closePpocr(): Promise<void> {
  const p = pool;
  pool = undefined;
  await p?.close();
}
