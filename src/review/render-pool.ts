import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { BadInputError } from '../model/index.js';
import type { RenderReply, RenderRequest } from './render-worker.js';

export interface RenderPoolOptions {
  /** Worker threads (default: cores − 1, at most 2: renders are occasional, the API must stay quick). */
  readonly size?: number;
  /** A render taking longer than this is abandoned and its worker replaced (ms, default 60 000). */
  readonly timeoutMs?: number;
  /** An idle worker exits after this long (ms, default 30 000); the next render starts another. */
  readonly idleMs?: number;
}

interface Task {
  readonly request: Omit<RenderRequest, 'id'>;
  readonly resolve: (png: Uint8Array) => void;
  readonly reject: (e: Error) => void;
}

interface Slot {
  readonly worker: Worker;
  busy?: { id: number; task: Task; timer: NodeJS.Timeout } | undefined;
  idle?: NodeJS.Timeout | undefined;
}

/**
 * Start the worker beside this module: render-worker.js when built; from the TypeScript source (tests, tsx),
 * render-worker.ts through tsx's loader, registered inside the worker first (a worker does not inherit it).
 */
function startWorker(): Worker {
  const self = import.meta.url;
  if (!self.endsWith('.ts')) return new Worker(new URL('./render-worker.js', self));
  const require = createRequire(self);
  const api = pathToFileURL(require.resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const entry = new URL('./render-worker.ts', self).href;
  const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true });
}

/**
 * Page images rendered in worker threads, so an uncached render (pdfjs and the canvas: hundreds of ms of CPU
 * per page) never blocks the review API on the main thread. Requests queue for the next free worker; workers
 * are started on demand and are unref'd, so an idle pool never keeps the process alive.
 */
export class RenderPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 1;
  private closed = false;
  private readonly size: number;
  private readonly timeoutMs: number;
  private readonly idleMs: number;

  constructor(options: RenderPoolOptions = {}) {
    this.size = Math.max(1, options.size ?? Math.min(2, availableParallelism() - 1));
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.idleMs = options.idleMs ?? 30_000;
  }

  /** PNG of one page of a PDF (1-based) at `dpi`. */
  render(bytes: Uint8Array, page: number, dpi: number): Promise<Uint8Array> {
    if (this.closed) return Promise.reject(new Error('the page renderer is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ request: { bytes, page, dpi }, resolve, reject });
      this.pump();
    });
  }

  /** Stop every worker; pending renders fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.queue.splice(0)) t.reject(new Error('the page renderer is closed'));
    await Promise.all(
      this.slots.splice(0).map((s) => this.stop(s, new Error('the page renderer is closed'))),
    );
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => !s.busy);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const task = this.queue.shift()!;
      if (slot.idle) clearTimeout(slot.idle);
      const id = this.nextId++;
      const timer = setTimeout(() => {
        void this.stop(slot, new Error(`rendering page ${task.request.page} took over ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      slot.busy = { id, task, timer };
      // The bytes are copied (structured clone), so the caller's buffer stays usable.
      slot.worker.postMessage({ id, ...task.request } satisfies RenderRequest);
    }
  }

  private spawn(): Slot {
    const worker = startWorker();
    worker.unref();
    const slot: Slot = { worker };
    worker.on('message', (m: RenderReply) => {
      const busy = slot.busy;
      if (!busy || busy.id !== m.id) return;
      clearTimeout(busy.timer);
      slot.busy = undefined;
      if ('png' in m) busy.task.resolve(m.png);
      else busy.task.reject(m.badInput ? new BadInputError(m.error) : new Error(m.error));
      slot.idle = setTimeout(() => void this.stop(slot), this.idleMs);
      slot.idle.unref();
      this.pump();
    });
    worker.on('error', (e) => void this.stop(slot, e));
    worker.on('exit', () => {
      this.remove(slot);
      slot.busy?.task.reject(new Error('the page renderer stopped'));
      slot.busy = undefined;
      this.pump();
    });
    this.slots.push(slot);
    return slot;
  }

  private remove(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
  }

  private async stop(slot: Slot, error?: Error): Promise<void> {
    this.remove(slot);
    if (slot.idle) clearTimeout(slot.idle);
    const busy = slot.busy;
    slot.busy = undefined;
    if (busy) {
      clearTimeout(busy.timer);
      busy.task.reject(error ?? new Error('the page renderer stopped'));
    }
    await slot.worker.terminate();
    if (!this.closed) this.pump();
  }
}
