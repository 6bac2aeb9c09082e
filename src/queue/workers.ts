import { readFile } from 'node:fs/promises';
import { Queue, Worker } from 'bullmq';
import { extractFile } from '../pipeline/index.js';
import type { Store } from '../store/index.js';
import { DEFAULT_PREFIX, QUEUES, connectionFor, type QueueConfig } from './connection.js';
import { extractProcessor, ocrProcessor, type QueueExtractFn, type QueueOcrFn } from './extract-processor.js';
import type { ExtractJobData, OcrJobData, PersistJobData, SeenJobData } from './jobs.js';
import { persistProcessor } from './persist-processor.js';

export interface WorkerTuning {
  /** Jobs at once in this process. */
  readonly concurrency?: number;
  /**
   * How long a job's lock lasts without renewal (ms, default 30 000). A worker killed mid-job loses its
   * lock after this; the stalled check (every `stalledIntervalMs`) then puts the job back for another worker.
   */
  readonly lockDurationMs?: number;
  readonly stalledIntervalMs?: number;
}

export interface RunningWorker {
  /** Resolves once the worker is connected and taking jobs. */
  readonly ready: Promise<void>;
  /**
   * Graceful stop: take no new job, let the jobs in hand finish (their results are written), then
   * disconnect. A job that cannot finish (the process is killed) is recovered as stalled by another worker.
   */
  close(): Promise<void>;
}

function tuning(t: WorkerTuning) {
  return {
    ...(t.concurrency !== undefined ? { concurrency: t.concurrency } : {}),
    ...(t.lockDurationMs !== undefined ? { lockDuration: t.lockDurationMs } : {}),
    ...(t.stalledIntervalMs !== undefined ? { stalledInterval: t.stalledIntervalMs } : {}),
    // A job may be found stalled twice (two workers killed under it) before it is failed.
    maxStalledCount: 2,
  };
}

function wrap(workers: Worker[], queues: Queue[] = []): RunningWorker {
  return {
    ready: Promise.all(workers.map((w) => w.waitUntilReady())).then(() => undefined),
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all(queues.map((q) => q.close()));
    },
  };
}

/** An extract worker (documents) in this process. */
export function startExtractWorker(
  config: QueueConfig & WorkerTuning & { extract?: QueueExtractFn; delayMs?: number },
): RunningWorker {
  const connection = connectionFor(config.url);
  const prefix = config.prefix ?? DEFAULT_PREFIX;
  const ocrQueue = new Queue<OcrJobData>(QUEUES.ocr, { connection, prefix });
  ocrQueue.on('error', () => undefined);
  const extract: QueueExtractFn = config.extract ?? ((path, options) => extractFile(path, options));
  const worker = new Worker<ExtractJobData>(
    QUEUES.extract,
    extractProcessor({ extract, ocrQueue, ...(config.delayMs ? { delayMs: config.delayMs } : {}) }),
    { connection, prefix, ...tuning(config) },
  );
  // A failing job is reported through the persist job; an 'error' listener keeps BullMQ from crashing
  // the process on connection errors while Redis restarts.
  worker.on('error', () => undefined);
  return wrap([worker], [ocrQueue]);
}

/** An OCR worker (one page per job). */
export function startOcrWorker(config: QueueConfig & WorkerTuning & { ocr?: QueueOcrFn }): RunningWorker {
  const connection = connectionFor(config.url);
  const prefix = config.prefix ?? DEFAULT_PREFIX;
  const worker = new Worker<OcrJobData>(
    QUEUES.ocr,
    ocrProcessor({
      readFile: async (p) => new Uint8Array(await readFile(p)),
      ...(config.ocr ? { ocr: config.ocr } : {}),
    }),
    { connection, prefix, ...tuning(config) },
  );
  worker.on('error', () => undefined);
  return wrap([worker]);
}

/**
 * The persist worker: run exactly one per store (it is the store's only writer in queue mode), with
 * concurrency 1 so saves are serialized in job order.
 */
export function startPersistWorker(
  config: QueueConfig & Omit<WorkerTuning, 'concurrency'> & { store: Store },
): RunningWorker {
  const connection = connectionFor(config.url);
  const prefix = config.prefix ?? DEFAULT_PREFIX;
  const worker = new Worker<PersistJobData | SeenJobData>(QUEUES.persist, persistProcessor(config.store), {
    connection,
    prefix,
    ...tuning(config),
    concurrency: 1,
  });
  worker.on('error', () => undefined);
  return wrap([worker]);
}
