import type { ConnectionOptions, DefaultJobOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { BadInputError, TransientError } from '../model/index.js';

/** Default BullMQ key prefix; tests use a unique one each so runs never see each other's jobs. */
export const DEFAULT_PREFIX = 'tally';

/** The three queues: extract (one job per document), ocr (one per page needing OCR), persist (the store's inbox). */
export const QUEUES = { extract: 'extract', ocr: 'ocr', persist: 'persist' } as const;

export interface QueueConfig {
  /** redis://[user:pass@]host:port[/db] */
  readonly url: string;
  readonly prefix?: string;
}

/**
 * BullMQ connection options from REDIS_URL. `maxRetriesPerRequest: null` makes commands wait through a
 * Redis restart instead of failing, which BullMQ requires for workers; every client reconnects on its own.
 */
export function connectionFor(url: string): ConnectionOptions {
  let u: URL;
  try {
    u = new URL(url);
  } catch (e) {
    throw new BadInputError(`REDIS_URL '${url}' is not a URL (expected redis://host:port)`, { cause: e });
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:')
    throw new BadInputError(`REDIS_URL '${url}' must start with redis://`);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  return {
    host: u.hostname || '127.0.0.1',
    port: u.port ? Number(u.port) : 6379,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(Number.isInteger(db) ? { db } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
    // Reconnect quickly at first, then at most every 2 s, forever: a worker outlives a Redis restart.
    retryStrategy: (times: number) => Math.min(100 * times, 2000),
  };
}

/** Retries for transient failures: 5 tries, 1 s, 2 s, 4 s, 8 s apart. Bad input fails at once (UnrecoverableError). */
export const EXTRACT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  // The result lives on in the persist job's children values; the extract job itself is not needed.
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600 },
};

export const OCR_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600 },
};

/**
 * Persist jobs are kept a day after completion: their id (the sha256) is what makes a file dropped again
 * within that window a no-op in Redis; after it, the store itself answers "already done".
 */
export const PERSIST_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 10,
  backoff: { type: 'exponential', delay: 500 },
  removeOnComplete: { age: 24 * 3600 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/**
 * Fail fast when Redis is not there: BullMQ clients wait for it forever (right for workers, which must
 * outlive a restart), but a command someone just typed should say so in a few seconds.
 */
export async function probeRedis(url: string, timeoutMs = 5000): Promise<void> {
  connectionFor(url); // validates the URL with a clear message
  const r = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  r.on('error', () => undefined);
  try {
    await r.connect();
    await r.ping();
  } catch (e) {
    throw new TransientError(`cannot reach Redis at ${url} (${(e as Error).message})`, { cause: e });
  } finally {
    r.disconnect();
  }
}
