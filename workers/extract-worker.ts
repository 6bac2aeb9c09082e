/**
 * Extract worker: takes extract jobs (one per document) and runs the pipeline. Any number may run, on any
 * machine that mounts the files at the same path. Env: REDIS_URL, TALLY_QUEUE_PREFIX, TALLY_CONCURRENCY
 * (documents at once, default 1: the pipeline is CPU-bound, run one worker per core instead),
 * TALLY_LOCK_MS / TALLY_STALLED_MS (crash recovery timing), TALLY_EXTRACT_DELAY_MS (benchmarks and
 * crash tests only: hold each document this long first, standing in for a slow OCR page).
 */
import { startExtractWorker } from '../src/queue/index.js';
import { runWorker, workerEnv } from './common.js';

runWorker('extract-worker', () => {
  const delay = Number(process.env['TALLY_EXTRACT_DELAY_MS'] ?? 0);
  return startExtractWorker({ ...workerEnv(), ...(delay > 0 ? { delayMs: delay } : {}) });
});
