import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Redis } from 'ioredis';

export const ROOT = new URL('../..', import.meta.url).pathname;

/**
 * Documents from the repository's samples/ (never ../shared: the queue tests must run, not skip, anywhere).
 * BIG: seed 004's nine 决算 tables as a text export; SMALL: seed 001's 绩效目标表 as a text export.
 */
export const SAMPLE_BIG = join(ROOT, 'samples', '004-final-accounts-2023-tables.txt');
export const SAMPLE_SMALL = join(ROOT, 'samples', '001-performance-yingshang-2023.txt');
/** Four distinct small documents. */
export const SAMPLE_FOUR = [
  SAMPLE_SMALL,
  join(ROOT, 'samples', '000-performance-qingshuitang-2023.html'),
  join(ROOT, 'samples', '002-performance-shangwu-2023.html'),
  join(ROOT, 'samples', '003-performance-kegongxin-2023.html'),
];

/** A key prefix no other test (or run) uses. */
export const uniquePrefix = (): string => `tally-test-${randomBytes(6).toString('hex')}`;

/** Delete every key under a prefix (the test's queues). */
export async function dropPrefix(url: string, prefix: string): Promise<void> {
  const r = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await r.del(...keys);
    } while (cursor !== '0');
  } finally {
    r.disconnect();
  }
}

export interface WorkerProcess {
  readonly child: ChildProcess;
  /** Resolves when the worker printed its `ready` line. */
  readonly ready: Promise<void>;
  readonly exited: Promise<number | null>;
  output(): string;
}

/** Run a workers/ entry point as a real child process (node + the tsx loader). */
export function spawnWorker(entry: string, env: NodeJS.ProcessEnv): WorkerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', `workers/${entry}`], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes(' ready pid=')) resolve();
    });
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    child.once('exit', (code) => reject(new Error(`${entry} exited (${code}) before ready:\n${out}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, ready, exited, output: () => out };
}

/** Poll `check` until it is truthy or the deadline passes (for state only observable by asking). */
export async function until<T>(
  check: () => Promise<T> | T,
  timeoutMs = 30_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
