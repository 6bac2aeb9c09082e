import { stat } from 'node:fs/promises';
import { FlowProducer, Queue, QueueEvents } from 'bullmq';
import {
  SummaryBuilder,
  type ItemOutcome,
  type RunOptions,
  type RunSummary,
  type Runner,
} from '../runner/index.js';
import { sha256File } from '../util/hash.js';
import {
  DEFAULT_PREFIX,
  EXTRACT_JOB_OPTIONS,
  PERSIST_JOB_OPTIONS,
  QUEUES,
  probeRedis,
  connectionFor,
  type QueueConfig,
} from './connection.js';
import type { ExtractJobData, PersistJobData, PersistOutcome, SeenJobData } from './jobs.js';

export interface QueueRunnerOptions extends QueueConfig {
  readonly ocr?: 'auto' | 'off' | 'force';
  /** How often to re-check documents whose completion event may have been missed (ms, default 2000). */
  readonly pollMs?: number;
  /**
   * Things the person waiting should know (no worker on a queue; a job Redis lost, enqueued again).
   * Without it they go nowhere.
   */
  readonly onNotice?: (message: string) => void;
  /** How long documents may wait with no worker on a queue before onNotice says so (ms, default 5000). */
  readonly noWorkerNoticeMs?: number;
  /** How many times a document whose jobs vanished from Redis is enqueued again before it fails (default 2). */
  readonly lostJobRetries?: number;
}

/** The queue runner: a Runner, and the way to tell the persist worker about a path (watch --done move). */
export interface QueueRunner extends Runner {
  recordPath(record: { sha256: string; path: string; bytes: number; mtimeMs?: number }): Promise<void>;
}

interface Pending {
  readonly path: string;
  readonly resolve: (o: ItemOutcome) => void;
}

/** A document this run enqueued (or found queued) and waits for. */
interface Enqueued {
  readonly path: string;
  readonly bytes: number;
  /** Times it was enqueued again because Redis no longer knew its job. */
  requeued: number;
}

function toOutcome(path: string, sha256: string, rv: PersistOutcome | null | undefined): ItemOutcome {
  if (!rv) return { kind: 'failed', path, sha256, reason: 'persist job finished without an outcome' };
  if (rv.kind === 'processed')
    return { kind: 'processed', path, sha256, pages: rv.pages, status: rv.status, anomalies: rv.anomalies };
  if (rv.kind === 'skipped') return { kind: 'skipped', path, sha256, reason: 'done' };
  return { kind: 'failed', path, sha256, reason: rv.reason };
}

/**
 * Enqueue files as flows (persist ← extract ← ocr pages) and wait for the persist worker's verdict on
 * each. This process never opens the store: it hashes, enqueues and listens.
 */
export function createQueueRunner(options: QueueRunnerOptions): QueueRunner {
  const connection = connectionFor(options.url);
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const persist = new Queue<PersistJobData | SeenJobData>(QUEUES.persist, { connection, prefix });
  const flows = new FlowProducer({ connection, prefix });
  // Connection errors surface as rejected commands; without listeners BullMQ also prints each one.
  persist.on('error', () => undefined);
  flows.on('error', () => undefined);
  const notice = options.onNotice ?? (() => undefined);
  const lostJobRetries = options.lostJobRetries ?? 2;

  /** The flow of one document: persist(sha256) ← extract(sha256) [← ocr pages, added by the extract worker]. */
  const addFlow = async (path: string, sha256: string, bytes: number): Promise<void> => {
    const data: ExtractJobData = { path, sha256, ...(options.ocr ? { ocr: options.ocr } : {}) };
    await flows.add({
      name: 'persist',
      queueName: QUEUES.persist,
      data: { path, sha256, bytes } satisfies PersistJobData,
      opts: { ...PERSIST_JOB_OPTIONS, jobId: sha256 },
      children: [
        {
          name: 'extract',
          queueName: QUEUES.extract,
          data,
          opts: { ...EXTRACT_JOB_OPTIONS, jobId: sha256, ignoreDependencyOnFailure: true },
        },
      ],
    });
  };

  /** Queues with no worker connected (BullMQ names each worker's connection after its queue). */
  const idleQueues = async (): Promise<string[]> => {
    const out: string[] = [];
    for (const name of [QUEUES.extract, QUEUES.persist]) {
      const q = name === QUEUES.persist ? persist : new Queue(name, { connection, prefix });
      q.on('error', () => undefined);
      try {
        if ((await q.getWorkersCount()) === 0) out.push(name);
      } catch {
        // CLIENT LIST refused (a managed Redis may forbid it): say nothing rather than something wrong.
      } finally {
        if (q !== persist) await q.close();
      }
    }
    return out;
  };

  return {
    name: 'bullmq',
    async run(paths: readonly string[], runOptions: RunOptions = {}): Promise<RunSummary> {
      await probeRedis(options.url);
      const summary = new SummaryBuilder();
      const emit = (o: ItemOutcome): void => {
        summary.add(o);
        runOptions.onItem?.(o);
      };
      const events = new QueueEvents(QUEUES.persist, { connection, prefix });
      events.on('error', () => undefined);
      await events.waitUntilReady();
      const pending = new Map<string, Pending[]>();
      const enqueued = new Map<string, Enqueued>();
      const settle = async (sha256: string): Promise<void> => {
        const waiting = pending.get(sha256);
        if (!waiting) return;
        // State first, then the job: read the other way round, a job completing in between would be seen
        // 'completed' with the return value it did not have yet.
        const state = await persist.getJobState(sha256);
        const mine = enqueued.get(sha256);
        if (state === 'unknown' && mine) {
          // Redis no longer knows the job (restarted without its data, flushed, evicted): waiting would be for
          // ever. Enqueue it again (the same ids, so never twice), or give up with the reason.
          if (mine.requeued < lostJobRetries) {
            mine.requeued++;
            notice(
              `the queue lost the job of ${mine.path} (Redis restarted without its data?); enqueued it again`,
            );
            await addFlow(mine.path, sha256, mine.bytes);
            return;
          }
          if (pending.get(sha256) !== waiting) return;
          pending.delete(sha256);
          const reason = `the queue lost the job ${lostJobRetries + 1} times (Redis losing its data?); not stored`;
          waiting.forEach((w) => w.resolve({ kind: 'failed', path: w.path, sha256, reason }));
          return;
        }
        const job = state === 'completed' || state === 'failed' ? await persist.getJob(sha256) : undefined;
        let outcomes: ItemOutcome[];
        if (job && state === 'completed') {
          const first = toOutcome(waiting[0]?.path ?? '', sha256, job.returnvalue as PersistOutcome | null);
          outcomes = waiting.map((w, i) =>
            i === 0 ? { ...first, path: w.path } : { kind: 'skipped', path: w.path, sha256, reason: 'done' },
          );
        } else if (job && state === 'failed') {
          outcomes = waiting.map((w) => ({
            kind: 'failed',
            path: w.path,
            sha256,
            reason: job.failedReason || 'persist failed',
          }));
        } else return;
        if (pending.get(sha256) !== waiting) return;
        pending.delete(sha256);
        waiting.forEach((w, i) => w.resolve(outcomes[i] ?? outcomes[0]!));
      };
      events.on('completed', ({ jobId }) => void settle(jobId));
      events.on('failed', ({ jobId }) => void settle(jobId));
      // Pages recognised by the OCR workers (job ids `${sha256}-p${n}`), as page events for the progress bar.
      const telling = new Set<Promise<void>>();
      const ocrEvents = runOptions.onProgress
        ? new QueueEvents(QUEUES.ocr, { connection, prefix })
        : undefined;
      const extractQ = ocrEvents
        ? new Queue<ExtractJobData>(QUEUES.extract, { connection, prefix })
        : undefined;
      if (ocrEvents && extractQ) {
        ocrEvents.on('error', () => undefined);
        extractQ.on('error', () => undefined);
        const pagesDone = new Map<string, Set<string>>();
        ocrEvents.on('completed', ({ jobId }) => {
          const sha256 = /^([0-9a-f]{64})-p\d+$/.exec(jobId)?.[1];
          const waiting = sha256 ? pending.get(sha256) : undefined;
          if (!sha256 || !waiting) return;
          const done = pagesDone.get(sha256) ?? new Set<string>();
          done.add(jobId);
          pagesDone.set(sha256, done);
          const page = done.size;
          const told = extractQ.getJob(sha256).then(
            (job) => {
              const pages = job?.data.ocrPages?.length ?? 0;
              for (const w of waiting) if (pages > 0) runOptions.onProgress?.({ path: w.path, page, pages, stage: 'ocr' });
            },
            () => undefined,
          );
          telling.add(told);
          void told.finally(() => telling.delete(told));
        });
        await ocrEvents.waitUntilReady();
      }
      // Events published while this listener was reconnecting (Redis restart) are re-checked by polling.
      const poll = setInterval(() => {
        for (const sha of pending.keys()) void settle(sha).catch(() => undefined);
      }, options.pollMs ?? 2000);
      // Documents waiting and no worker on a queue: say so (once per queue) rather than wait in silence.
      const told = new Set<string>();
      const workersCheck = setInterval(() => {
        if (pending.size === 0) return;
        void idleQueues().then((idle) => {
          for (const name of idle.filter((n) => !told.has(n))) {
            told.add(name);
            const entry = name === QUEUES.persist ? 'persist-worker' : 'extract-worker';
            notice(
              `no workers are consuming queue '${name}' (prefix ${prefix}); ${pending.size} document(s) wait: start \`node dist/workers/${entry}.js\` with the same REDIS_URL` +
                (name === QUEUES.persist ? ' (exactly one, beside the store)' : ''),
            );
          }
        });
      }, options.noWorkerNoticeMs ?? 5000);
      workersCheck.unref();

      const waits: Promise<void>[] = [];
      try {
        for (const path of paths) {
          if (runOptions.signal?.aborted) {
            emit({ kind: 'handed-back', path, sha256: null });
            continue;
          }
          let sha256: string;
          let bytes: number;
          let mtimeMs: number;
          try {
            const st = await stat(path);
            bytes = st.size;
            mtimeMs = st.mtimeMs;
            sha256 = await sha256File(path);
          } catch (e) {
            emit({
              kind: 'failed',
              path,
              sha256: null,
              reason: `${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
            });
            continue;
          }
          await persist.add(
            'seen',
            { path, sha256, bytes, mtimeMs },
            { removeOnComplete: true, removeOnFail: 100 },
          );
          const outcome = new Promise<ItemOutcome>((resolve) => {
            const list = pending.get(sha256) ?? [];
            list.push({ path, resolve });
            pending.set(sha256, list);
          });
          waits.push(outcome.then(emit));
          if ((pending.get(sha256)?.length ?? 0) > 1) continue;
          const state = await persist.getJobState(sha256);
          const existing = state === 'unknown' ? undefined : await persist.getJob(sha256);
          const rv = existing?.returnvalue as PersistOutcome | null | undefined;
          if (existing && state === 'completed' && rv?.kind === 'failed' && rv.retry) {
            // It failed because the file changed after it was queued; these bytes are here now: a new try.
            await existing.remove({ removeChildren: true });
            await addFlow(path, sha256, bytes);
            enqueued.set(sha256, { path, bytes, requeued: 0 });
            continue;
          }
          if (existing) {
            if (state === 'completed') {
              // Finished before this run: done documents count as skipped, failed ones keep their reason.
              const earlier = toOutcome(path, sha256, existing.returnvalue as PersistOutcome | null);
              const list = pending.get(sha256) ?? [];
              pending.delete(sha256);
              list.forEach((w) =>
                w.resolve(
                  earlier.kind === 'failed'
                    ? { ...earlier, path: w.path }
                    : { kind: 'skipped', path: w.path, sha256, reason: 'done' },
                ),
              );
            } else {
              enqueued.set(sha256, { path, bytes, requeued: 0 });
              void settle(sha256);
            }
            continue;
          }
          await addFlow(path, sha256, bytes);
          enqueued.set(sha256, { path, bytes, requeued: 0 });
        }
        // Ctrl-C while waiting: stop waiting; the jobs stay queued and the workers finish them.
        const aborted = new Promise<void>((resolve) => {
          if (runOptions.signal?.aborted) resolve();
          runOptions.signal?.addEventListener('abort', () => resolve(), { once: true });
        });
        await Promise.race([Promise.all(waits), aborted]);
        for (const [sha256, list] of pending) {
          pending.delete(sha256);
          list.forEach((w) => w.resolve({ kind: 'handed-back', path: w.path, sha256 }));
        }
        await Promise.all(waits);
      } finally {
        clearInterval(poll);
        clearInterval(workersCheck);
        await events.close();
        await Promise.allSettled([...telling]);
        await ocrEvents?.close();
        await extractQ?.close();
      }
      return summary.build();
    },
    async recordPath(record) {
      await persist.add('seen', record satisfies SeenJobData, { removeOnComplete: true, removeOnFail: 100 });
    },
    async close() {
      await flows.close();
      await persist.close();
    },
  };
}

/** Job counts per queue, for `tally status`. */
export async function queueDepths(config: QueueConfig): Promise<Record<string, Record<string, number>>> {
  await probeRedis(config.url);
  const connection = connectionFor(config.url);
  const prefix = config.prefix ?? DEFAULT_PREFIX;
  const out: Record<string, Record<string, number>> = {};
  for (const name of Object.values(QUEUES)) {
    const q = new Queue(name, { connection, prefix });
    q.on('error', () => undefined);
    try {
      out[name] = await q.getJobCounts(
        'waiting',
        'active',
        'delayed',
        'waiting-children',
        'prioritized',
        'completed',
        'failed',
      );
    } finally {
      await q.close();
    }
  }
  return out;
}
