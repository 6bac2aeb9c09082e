/**
 * Throughput benchmark: `npx tsx bench/throughput.ts [--files 1000] [--docs 80] [--long 300]`.
 *
 *  1. Queue throughput with 1 and with 2 extract-worker processes (real Redis, real pipeline) on the
 *     same generated corpus: documents/s, tables/s, and the speed-up.
 *  2. Peak RSS of each worker process sampled every 250 ms across a long run, first quarter against
 *     last quarter (growth there means a leak).
 *  3. A `tally ingest` of N generated files, killed with SIGKILL part-way and run again: every file is
 *     accounted for, no document saved twice (attempts > 1 only for the few in flight at the kill).
 *
 * The corpus: copies of the plain-text 决算 export seeds/004 with every two-decimal amount scaled by a
 * per-file factor, so each file is a distinct document of the same shape.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createQueueRunner, startPersistWorker } from '../src/queue/index.js';
import { openSqliteStore } from '../src/store/index.js';
import { startRedis } from '../test/setup/redis.js';
import { hasShared, sharedPath } from '../test/support/shared.js';

const ROOT = new URL('..', import.meta.url).pathname;
// Seed 004 from the shared folder; without it, the repository's sample of the same nine tables.
const SEED = hasShared(['seeds', '004_4ab3c6d7eb047470.txt'])
  ? sharedPath('seeds', '004_4ab3c6d7eb047470.txt')
  : join(ROOT, 'samples', '004-final-accounts-2023-tables.txt');

const { values } = parseArgs({
  options: {
    files: { type: 'string', default: '1000' },
    docs: { type: 'string', default: '80' },
    long: { type: 'string', default: '300' },
  },
});
const N_INGEST = Number(values.files);
const N_DOCS = Number(values.docs);
const N_LONG = Number(values.long);

function generate(dir: string, n: number, offset = 0): string[] {
  mkdirSync(dir, { recursive: true });
  const seed = readFileSync(SEED, 'utf8');
  const files: string[] = [];
  for (let i = 0; i < n; i++) {
    const k = 1 + (i + offset + 1) / 997;
    const text = seed.replace(/\b(\d+)\.(\d{2})\b/g, (m) => (Number(m) * k).toFixed(2));
    const p = join(dir, `dept-${String(i + offset).padStart(5, '0')}.txt`);
    writeFileSync(p, text);
    files.push(p);
  }
  return files;
}

function rssKb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Every child started, killed outright if the benchmark itself dies, so no worker outlives it. */
const started = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of started) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});
// Make a terminating signal run the 'exit' handler above.
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => process.exit(130));

function spawnExtractWorker(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'workers/extract-worker.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  started.add(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes(' ready pid=')) resolve(child);
    });
    child.once('exit', (c) => reject(new Error(`extract worker exited ${c}`)));
  });
}

async function stop(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null) return resolve();
          c.once('exit', () => resolve());
          c.kill('SIGTERM');
        }),
    ),
  );
}

interface QueueRun {
  workers: number;
  docs: number;
  seconds: number;
  docsPerSecond: number;
  tablesPerSecond: number;
  rssSamples: number[][];
}

async function queueRun(url: string, workers: number, files: string[], work: string): Promise<QueueRun> {
  const log = (m: string): void => void process.stderr.write(`[bench ${workers}w] ${m}\n`);
  const prefix = `bench-${workers}-${Date.now()}`;
  const store = openSqliteStore(join(work, `queue-${workers}-${Date.now()}.db`));
  const persist = startPersistWorker({ url, prefix, store });
  await persist.ready;
  log('persist ready');
  const children = await Promise.all(
    Array.from({ length: workers }, () => spawnExtractWorker({ REDIS_URL: url, TALLY_QUEUE_PREFIX: prefix })),
  );
  const rssSamples = children.map(() => [] as number[]);
  const sampler = setInterval(() => children.forEach((c, i) => rssSamples[i]!.push(rssKb(c.pid ?? 0))), 250);
  log('workers ready');
  const runner = createQueueRunner({ url, prefix, pollMs: 1000 });
  const t0 = performance.now();
  const s = await runner.run(files);
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  log(`run done in ${seconds.toFixed(1)} s`);
  const tables = store
    .listDocuments({ status: 'done' })
    .reduce((n, d) => n + (store.getResult(d.sha256)?.tables.length ?? 0), 0);
  if (s.processed !== files.length)
    throw new Error(
      `queue run processed ${s.processed} of ${files.length}: ${JSON.stringify(s.failed.slice(0, 3))}`,
    );
  await runner.close();
  await stop(children);
  log('workers stopped');
  await persist.close();
  store.close();
  return {
    workers,
    docs: files.length,
    seconds,
    docsPerSecond: files.length / seconds,
    tablesPerSecond: tables / seconds,
    rssSamples,
  };
}

function rssReport(samples: number[]): {
  peakMb: number;
  firstQuarterPeakMb: number;
  lastQuarterPeakMb: number;
} {
  const q = Math.max(1, Math.floor(samples.length / 4));
  const mb = (kb: number): number => Math.round(kb / 102.4) / 10;
  return {
    peakMb: mb(Math.max(...samples)),
    firstQuarterPeakMb: mb(Math.max(...samples.slice(0, q))),
    lastQuarterPeakMb: mb(Math.max(...samples.slice(-q))),
  };
}

/** `tally ingest` as a real process (bench/ingest-cli.ts), so it can be killed. */
function ingestProcess(storePath: string, dir: string): ChildProcess {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'bench/ingest-cli.ts', 'ingest', '--in-process', dir],
    {
      cwd: ROOT,
      env: { ...process.env, TALLY_STORE: storePath, REDIS_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  started.add(child);
  return child;
}

async function resumableIngest(work: string): Promise<Record<string, number | string | boolean>> {
  const dir = join(work, 'ingest');
  const files = generate(dir, N_INGEST, 100_000);
  const storePath = join(work, 'ingest.db');
  const t0 = performance.now();
  const first = ingestProcess(storePath, dir);
  const firstExit = new Promise<void>((r) => first.once('exit', () => r()));
  // Kill once about a third is done (polled from the store, which is the only observable state).
  const probe = openSqliteStore(storePath);
  const target = Math.floor(N_INGEST / 3);
  while (probe.countByStatus().done < target && first.exitCode === null)
    await new Promise((r) => setTimeout(r, 200));
  first.kill('SIGKILL');
  await firstExit;
  const atKill = probe.countByStatus();
  const second = ingestProcess(storePath, dir);
  let out = '';
  second.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  const code = await new Promise<number | null>((r) => second.once('exit', (c) => r(c)));
  const seconds = (performance.now() - t0) / 1000;
  const docs = probe.listDocuments();
  const counts = probe.countByStatus();
  const pathsOk = files.every((f) => probe.lookupPath(f) !== undefined);
  const reprocessed = docs.filter((d) => d.attempts > 1).length;
  const maxAttempts = Math.max(...docs.map((d) => d.attempts));
  probe.close();
  return {
    files: N_INGEST,
    seconds: Math.round(seconds * 10) / 10,
    docsPerSecond: Math.round((N_INGEST / seconds) * 100) / 100,
    doneAtKill: atKill.done,
    processingAtKill: atKill.processing,
    secondRunExit: code ?? -1,
    secondRunSummary: out.split('\n')[0] ?? '',
    done: counts.done,
    failed: counts.failed,
    everyFileRecorded: pathsOk,
    documentsClaimedTwice: reprocessed,
    maxAttempts,
  };
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'tally-bench-'));
  const redis = await startRedis();
  try {
    const corpus = generate(join(work, 'corpus'), N_DOCS);
    const one = await queueRun(redis.url, 1, corpus, work);
    const two = await queueRun(redis.url, 2, generate(join(work, 'corpus2'), N_DOCS, 10_000), work);
    console.log(`queue throughput (${N_DOCS} text documents, ${SEED.split('/').pop()} shape):`);
    for (const r of [one, two]) {
      console.log(
        `  ${r.workers} worker(s): ${r.seconds.toFixed(1)} s, ${r.docsPerSecond.toFixed(2)} docs/s, ${r.tablesPerSecond.toFixed(1)} tables/s`,
      );
    }
    console.log(`  speed-up 2 vs 1: ${(two.docsPerSecond / one.docsPerSecond).toFixed(2)}×`);

    const long = await queueRun(redis.url, 2, generate(join(work, 'long'), N_LONG, 20_000), work);
    console.log(`worker RSS across a ${N_LONG}-document run (${long.seconds.toFixed(0)} s):`);
    long.rssSamples.forEach((s, i) => {
      const r = rssReport(s);
      const growth = r.lastQuarterPeakMb - r.firstQuarterPeakMb;
      console.log(
        `  worker ${i + 1}: peak ${r.peakMb} MB; first-quarter peak ${r.firstQuarterPeakMb} MB, last-quarter peak ${r.lastQuarterPeakMb} MB (${growth >= 0 ? '+' : ''}${growth.toFixed(1)} MB)`,
      );
    });

    const ingest = await resumableIngest(work);
    console.log(`resumable ingest of ${N_INGEST} generated files (SIGKILL at ~1/3, then run again):`);
    for (const [k, v] of Object.entries(ingest)) console.log(`  ${k}: ${String(v)}`);
    // Claimed twice is allowed only for documents that were in flight when the process was killed.
    const ok =
      ingest['done'] === N_INGEST &&
      ingest['everyFileRecorded'] === true &&
      ingest['secondRunExit'] === 0 &&
      Number(ingest['documentsClaimedTwice']) <= Number(ingest['processingAtKill']) &&
      Number(ingest['maxAttempts']) <= 2;
    console.log(ok ? 'OK: every file accounted for, none saved twice' : 'FAILED: see figures above');
    if (!ok) process.exitCode = 1;
  } finally {
    await redis.dispose();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
