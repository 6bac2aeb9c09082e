import { reportFailure } from '../src/cli/main.js';
import { BadInputError } from '../src/model/index.js';
import type { QueueConfig, RunningWorker, WorkerTuning } from '../src/queue/index.js';

/** Settings every worker reads from its environment (docker-compose sets them). */
export function workerEnv(env: NodeJS.ProcessEnv = process.env): QueueConfig & WorkerTuning {
  const url = env['REDIS_URL'];
  if (!url) throw new BadInputError('REDIS_URL is not set (e.g. redis://127.0.0.1:6379)');
  const num = (name: string): number | undefined => {
    const v = env[name];
    if (v === undefined || v === '') return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n <= 0)
      throw new BadInputError(`${name} must be a positive whole number, got '${v}'`);
    return n;
  };
  const concurrency = num('TALLY_CONCURRENCY');
  const lock = num('TALLY_LOCK_MS');
  const stalled = num('TALLY_STALLED_MS');
  return {
    url,
    ...(env['TALLY_QUEUE_PREFIX'] ? { prefix: env['TALLY_QUEUE_PREFIX'] } : {}),
    ...(concurrency !== undefined ? { concurrency } : {}),
    ...(lock !== undefined ? { lockDurationMs: lock } : {}),
    ...(stalled !== undefined ? { stalledIntervalMs: stalled } : {}),
  };
}

/**
 * Start a worker and keep it until SIGTERM/SIGINT, then close it gracefully (jobs in hand finish).
 * Prints one `ready` line on stdout once connected: supervisors and tests wait for it.
 */
export function runWorker(name: string, start: () => RunningWorker, onClose?: () => void): void {
  let worker: RunningWorker;
  try {
    worker = start();
  } catch (e) {
    process.exitCode = reportFailure(e, { stderr: process.stderr, env: process.env });
    return;
  }
  let closing = false;
  const stop = (sig: string): void => {
    if (closing) {
      // Second signal: leave now; the jobs in hand are recovered as stalled by other workers.
      process.stderr.write(`${name}: ${sig} again, exiting without waiting\n`);
      process.exit(130);
    }
    closing = true;
    process.stderr.write(`${name}: ${sig}, finishing jobs in hand\n`);
    worker.close().then(
      () => {
        onClose?.();
        process.exit(0);
      },
      (e: unknown) => {
        process.stderr.write(`${name}: close failed: ${String(e)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  worker.ready.then(
    () => process.stdout.write(`${name} ready pid=${process.pid}\n`),
    (e: unknown) => {
      process.exitCode = reportFailure(e, { stderr: process.stderr, env: process.env });
    },
  );
}
