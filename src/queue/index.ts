/**
 * The queue: the only module that imports bullmq/ioredis. Processors are thin; the work is the pipeline's.
 *
 * Design (why it is shaped this way):
 *
 *   tally ingest / tally watch            extract workers (any number, any machine)     persist worker (ONE)
 *   ──────────────────────────            ───────────────────────────────────────       ────────────────────
 *   hash file → sha256                    extract job (id = sha256)                     persist job (id = sha256)
 *   persist:'seen' {path,sha256} ───────────────────────────────────────────────────▶  record the path
 *   flow ─▶ persist(sha256)                 read → OCR hook stops it? ─▶ ocr jobs        ◀─ runs when its child
 *              └─ extract(sha256)           (id sha256-pN, children of the extract job)     finished or failed
 *                    └─ ocr(sha256-pN)…     await-ocr → extract with the children's      save result in ONE
 *                                           pages → return ExtractionResult ──────────▶  transaction, or mark
 *                                                                                          failed with reason
 *
 * - Identity: every job id derives from the content sha256, so the same bytes enqueued again (renamed,
 *   copied, dropped twice) hit an existing job and are not processed again; each path still arrives as a
 *   `seen` job, so the store lists every path. When Redis has forgotten the job, the persist worker finds
 *   the document done and skips it.
 * - Ownership: workers on other machines never open the SQLite file. Results travel back through Redis as
 *   the extract job's return value (the persist parent's children values); the single persist worker
 *   (concurrency 1) is the store's only writer. Files live on a volume mounted at the same path everywhere.
 * - Failures: BadInputError (and bugs) become UnrecoverableError: failed at once, no retries.
 *   TransientError is retried with exponential backoff (EXTRACT_JOB_OPTIONS). The extract child is added
 *   with `ignoreDependencyOnFailure`, so its final failure still runs the persist parent, which reads the
 *   reason (getIgnoredChildrenFailures) and stores it; the queue keeps going.
 * - Crashes: a worker killed mid-job stops renewing its lock; BullMQ's stalled check hands the job to
 *   another worker (maxStalledCount 2). The persist step is idempotent, so nothing is written twice.
 * - Shutdown: workers/ entry points close on SIGTERM/SIGINT: no new jobs, jobs in hand finish; a job that
 *   cannot finish in time is recovered as stalled.
 * - Redis restarts: connections retry forever (maxRetriesPerRequest null); run Redis with appendonly so
 *   queued jobs survive (docker-compose.yml does).
 */
export {
  DEFAULT_PREFIX,
  QUEUES,
  connectionFor,
  probeRedis,
  EXTRACT_JOB_OPTIONS,
  OCR_JOB_OPTIONS,
  PERSIST_JOB_OPTIONS,
} from './connection.js';
export type { QueueConfig } from './connection.js';
export type { ExtractJobData, OcrJobData, PersistJobData, SeenJobData, PersistOutcome } from './jobs.js';
export { extractProcessor, ocrProcessor, toJobError, lazyOcrPages } from './extract-processor.js';
export type { QueueExtractFn, QueueOcrFn } from './extract-processor.js';
export { persistProcessor } from './persist-processor.js';
export { startExtractWorker, startOcrWorker, startPersistWorker } from './workers.js';
export type { RunningWorker, WorkerTuning } from './workers.js';
export { createQueueRunner, queueDepths } from './queue-runner.js';
export type { QueueRunner, QueueRunnerOptions } from './queue-runner.js';
