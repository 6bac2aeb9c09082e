import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { BadInputError, InternalError, TransientError, type ExtractionResult } from '../model/index.js';
import type { ChildExtractOptions, ChildMessage, ParentMessage } from './isolated-protocol.js';
import type { ExtractFn } from './runner.js';

/**
 * Heap limit of one extraction child, MiB: half the machine's memory, at most 4 GiB. A hostile file that
 * would take the runner down (135 MB of DOCX XML needed more than V8's default heap) fails alone instead.
 */
export const DEFAULT_CHILD_MEMORY_MB = Math.min(4096, Math.floor(totalmem() / 2 / 1024 / 1024));
/**
 * Longest a document may go without progress, ms: every page read or recognised restarts the clock, so a
 * long scanned book is not cut off, while a runaway inside one step (no page finished for 5 minutes; an OCR
 * page takes 2–20 s) is stopped.
 */
export const DEFAULT_STALL_MS = 5 * 60 * 1000;
/** Bytes of a child's stderr kept to explain its death (V8 prints "heap out of memory" there). */
const STDERR_TAIL = 16 * 1024;

export interface IsolatedOptions {
  /** Heap limit of each child, MiB (default DEFAULT_CHILD_MEMORY_MB). */
  readonly memoryMb?: number;
  /** Time a document may go without progress before its child is killed, ms (default DEFAULT_STALL_MS). */
  readonly stallMs?: number;
  /** Pipeline options for every document (OCR mode, …). */
  readonly extractOptions?: ChildExtractOptions;
  /**
   * A module (file path) whose `extract(path, options)` the children run instead of the pipeline: a test hook
   * for documents that exhaust memory or hang on purpose.
   */
  readonly module?: string;
}

/** An ExtractFn running each document in a reusable child process; close() ends the children. */
export interface IsolatedExtract {
  readonly extract: ExtractFn;
  close(): Promise<void>;
}

/**
 * The child's entry: the compiled .js beside this file (dist/), or the .ts source under tests and tsx, which
 * the child then also needs as its loader.
 */
function childEntry(): { file: string; execArgv: string[] } {
  const js = fileURLToPath(new URL('./extract-child.js', import.meta.url));
  if (existsSync(js)) return { file: js, execArgv: [] };
  const ts = fileURLToPath(new URL('./extract-child.ts', import.meta.url));
  // Resolved from here, not from the working directory, which may be any folder of the user's.
  return { file: ts, execArgv: ['--import', import.meta.resolve('tsx')] };
}

interface Job {
  readonly id: number;
  readonly path: string;
  readonly resolve: (r: ExtractionResult) => void;
  readonly reject: (e: Error) => void;
  readonly onProgress: ((e: { page: number; pages: number; stage: 'read' | 'ocr' }) => void) | undefined;
  timer: NodeJS.Timeout | undefined;
  stalled: boolean;
}

/** One child process and the document it is working on, if any. */
class Child {
  readonly process: ChildProcess;
  job: Job | undefined;
  private stderr = '';
  dead = false;
  /** The pipeline is loaded in the child; the stall clock runs only from then. */
  private ready = false;

  constructor(
    private readonly options: Required<Pick<IsolatedOptions, 'memoryMb' | 'stallMs'>> & IsolatedOptions,
    private readonly onExit: (child: Child) => void,
  ) {
    const entry = childEntry();
    this.process = fork(entry.file, options.module ? [options.module] : [], {
      execArgv: [...entry.execArgv, `--max-old-space-size=${options.memoryMb}`],
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    this.process.stderr?.setEncoding('utf8');
    this.process.stderr?.on('data', (d: string) => {
      this.stderr = (this.stderr + d).slice(-STDERR_TAIL);
    });
    this.process.on('message', (m: ChildMessage) => this.message(m));
    this.process.on('exit', (code, signal) => this.exited(code, signal));
    this.process.on('error', () => {
      // Spawn failures and IPC errors surface as 'exit' too (or the job times out): nothing to add here.
    });
    this.idle();
  }

  /** An idle child must not keep the runner's process alive (the CLI may exit without close()). */
  private idle(): void {
    this.process.unref();
    this.process.channel?.unref();
  }

  run(job: Job, extractOptions: ChildExtractOptions): void {
    this.job = job;
    this.process.ref();
    this.process.channel?.ref();
    if (this.ready) this.arm();
    const m: ParentMessage = { type: 'extract', id: job.id, path: job.path, options: extractOptions };
    this.process.send(m);
  }

  abort(id: number): void {
    if (this.job?.id === id && !this.dead) this.process.send({ type: 'abort', id } satisfies ParentMessage);
  }

  private arm(): void {
    const job = this.job;
    if (!job) return;
    clearTimeout(job.timer);
    job.timer = setTimeout(() => {
      job.stalled = true;
      this.process.kill('SIGKILL');
    }, this.options.stallMs);
  }

  private finish(): Job | undefined {
    const job = this.job;
    if (job) clearTimeout(job.timer);
    this.job = undefined;
    if (!this.dead) this.idle();
    return job;
  }

  private message(m: ChildMessage): void {
    if (m.type === 'ready') {
      // The child's start (loading the pipeline: about a second, more under tsx) is not the document's time.
      this.ready = true;
      this.arm();
      return;
    }
    if (m.id !== this.job?.id) return;
    if (m.type === 'progress') {
      this.arm();
      this.job.onProgress?.({ page: m.page, pages: m.pages, stage: m.stage });
      return;
    }
    const job = this.finish();
    if (!job) return;
    if (m.type === 'done') job.resolve(m.result);
    else if (m.kind === 'bad-input') job.reject(new BadInputError(m.message));
    else if (m.kind === 'transient') job.reject(new TransientError(m.message));
    else job.reject(new InternalError(m.message));
  }

  private exited(code: number | null, signal: NodeJS.Signals | null): void {
    this.dead = true;
    const job = this.finish();
    this.onExit(this);
    if (!job) return;
    const secs = Math.round(this.options.stallMs / 1000);
    if (job.stalled) {
      job.reject(new BadInputError(`${job.path}: extraction made no progress for ${secs} s, stopped`));
    } else if (
      /heap out of memory|Allocation failed|Reached heap limit|ERR_WORKER_OUT_OF_MEMORY/i.test(this.stderr)
    ) {
      job.reject(
        new BadInputError(
          `${job.path}: extraction ran out of memory (over the ${this.options.memoryMb} MB limit)`,
        ),
      );
    } else {
      const how = signal ? `signal ${signal}` : `exit code ${String(code)}`;
      job.reject(new InternalError(`extraction of ${job.path} crashed (${how})`));
    }
  }
}

/**
 * Run each document's extraction in a child process with a heap limit and a stall limit, so that an
 * out-of-memory, a native crash or a runaway of one document fails that document (with a reason) and never
 * the runner. Children are reused from one document to the next (pdf.js and the OCR models load once per
 * child) and replaced after a crash; at most as many exist as documents are in flight at once.
 */
export function createIsolatedExtract(options: IsolatedOptions = {}): IsolatedExtract {
  const settings = {
    ...options,
    memoryMb: options.memoryMb ?? DEFAULT_CHILD_MEMORY_MB,
    stallMs: options.stallMs ?? DEFAULT_STALL_MS,
  };
  const extractOptions = options.extractOptions ?? {};
  const idle: Child[] = [];
  const all = new Set<Child>();
  let nextId = 1;
  let closed = false;

  const onExit = (child: Child): void => {
    all.delete(child);
    const i = idle.indexOf(child);
    if (i >= 0) idle.splice(i, 1);
  };

  const extract: ExtractFn = (path, runOptions) => {
    if (closed) return Promise.reject(new InternalError('isolated extractor used after close()'));
    const child = idle.pop() ?? new Child(settings, onExit);
    all.add(child);
    return new Promise<ExtractionResult>((resolve, reject) => {
      const id = nextId++;
      const onAbort = (): void => child.abort(id);
      const done = (): void => {
        runOptions.signal?.removeEventListener('abort', onAbort);
        if (!child.dead && !closed) idle.push(child);
      };
      child.run(
        {
          id,
          path,
          resolve: (r) => {
            done();
            resolve(r);
          },
          reject: (e) => {
            done();
            reject(e);
          },
          onProgress: runOptions.onProgress,
          timer: undefined,
          stalled: false,
        },
        extractOptions,
      );
      if (runOptions.signal?.aborted) onAbort();
      else runOptions.signal?.addEventListener('abort', onAbort, { once: true });
    });
  };

  return {
    extract,
    async close(): Promise<void> {
      closed = true;
      const exits = [...all].map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.dead) return resolve();
            c.process.once('exit', () => resolve());
            // An idle child is unref'd: waiting for its exit must keep this process alive until it comes.
            c.process.ref();
            c.process.disconnect();
          }),
      );
      idle.length = 0;
      await Promise.all(exits);
    },
  };
}
