/**
 * OCR worker: takes one page per job (children of extract jobs). Env as for extract-worker.ts; the OCR
 * engine runs its own worker threads, so one OCR worker per machine is usually enough.
 */
import { startOcrWorker } from '../src/queue/index.js';
import { runWorker, workerEnv } from './common.js';

runWorker('ocr-worker', () => startOcrWorker(workerEnv()));
