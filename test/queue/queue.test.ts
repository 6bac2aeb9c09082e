import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { pageForOcr } from '../support/scan-fixtures.js';
import { BadInputError, TransientError, type ExtractionResult, type Page } from '../../src/model/index.js';
import { extractFile } from '../../src/pipeline/index.js';
import {
  QUEUES,
  connectionFor,
  createQueueRunner,
  queueDepths,
  startExtractWorker,
  startOcrWorker,
  startPersistWorker,
  type QueueExtractFn,
  type QueueOcrFn,
  type RunningWorker,
} from '../../src/queue/index.js';
import { Watcher, type Runner } from '../../src/runner/index.js';
import { openSqliteStore, type Store } from '../../src/store/index.js';
import { sha256File } from '../../src/util/hash.js';
import { ingestCommand } from '../../src/cli/ingest.js';
import { statusCommand } from '../../src/cli/status.js';
import { captureIo } from '../setup/cli-io.js';
import { freePort, startRedis, type RedisHandle } from '../setup/redis.js';
import { sampleResult } from '../store/fixtures.js';
import {
  SAMPLE_BIG,
  SAMPLE_FOUR,
  SAMPLE_SMALL,
  dropPrefix,
  spawnWorker,
  uniquePrefix,
  until,
  type WorkerProcess,
} from './helpers.js';

const redisUrl = inject('redisUrl');

const pagesForOcr = (numbers: readonly number[]): Page[] => numbers.map(pageForOcr);

describe.skipIf(!redisUrl)('BullMQ runner and workers against a real Redis', () => {
  let prefix: string;
  let dir: string;
  let store: Store;
  let url: string;
  const cleanups: (() => Promise<void> | void)[] = [];
  const keep = <T extends RunningWorker | Runner>(x: T): T => {
    cleanups.push(() => x.close());
    return x;
  };
  const spawned = (w: WorkerProcess): WorkerProcess => {
    cleanups.push(async () => {
      if (w.child.exitCode === null && w.child.signalCode === null) {
        w.child.kill('SIGKILL');
        await w.exited;
      }
    });
    return w;
  };

  beforeEach(() => {
    prefix = uniquePrefix();
    url = redisUrl;
    dir = mkdtempSync(join(tmpdir(), 'tally-queue-'));
    store = openSqliteStore(join(dir, 'store.db'));
  });
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
    store.close();
    await dropPrefix(url, prefix);
    rmSync(dir, { recursive: true, force: true });
  });

  it('processes the same file dropped three times once (one document, three paths); a corrupt file fails with its reason and the queue keeps going', async () => {
    mkdirSync(join(dir, 'in', 'sub'), { recursive: true });
    const names = ['a.txt', 'b copy.txt', join('sub', 'c.txt')].map((n) => join(dir, 'in', n));
    for (const n of names) copyFileSync(SAMPLE_BIG, n);
    const corrupt = join(dir, 'in', 'corrupt.txt');
    writeFileSync(corrupt, Buffer.from([0x00, 0x01, 0x02, 0xff, 0x00, 0x10]));
    const small = join(dir, 'in', 'small.txt');
    copyFileSync(SAMPLE_SMALL, small);
    let extractions = 0;
    const counting = async (
      path: string,
      o: Parameters<typeof extractFile>[1],
    ): Promise<ExtractionResult> => {
      extractions++;
      return extractFile(path, o);
    };
    const persist = keep(startPersistWorker({ url, prefix, store }));
    const extract = keep(startExtractWorker({ url, prefix, concurrency: 2, extract: counting }));
    await Promise.all([persist.ready, extract.ready]);
    const runner = keep(createQueueRunner({ url, prefix, pollMs: 500 }));
    const s = await runner.run([...names, corrupt, small]);
    expect(s.processed).toBe(2);
    expect(s.skipped).toBe(2);
    expect(s.failed).toHaveLength(1);
    expect(s.failed[0]?.path).toBe(corrupt);
    expect(s.failed[0]?.reason).toMatch(/corrupt\.txt: .*not TEXT|unknown format/);
    expect(extractions).toBe(3); // big, small, and the corrupt one (tried once: bad input is never retried)

    const sha = await sha256File(SAMPLE_BIG);
    expect(store.getDocument(sha)?.status).toBe('done');
    await until(() => store.getPaths(sha).length === 3, 10_000, 'three paths recorded');
    expect(
      store
        .getPaths(sha)
        .map((p) => p.path)
        .sort(),
    ).toEqual([...names].sort());
    expect(store.getDocument(await sha256File(corrupt))).toMatchObject({ status: 'failed' });
    expect(store.getDocument(await sha256File(corrupt))?.error).toMatch(/corrupt\.txt/);
    expect(store.countByStatus()).toMatchObject({ done: 2, failed: 1 });

    // Enqueued again: nothing is extracted twice; the failure keeps its reason.
    const again = await runner.run([...names, corrupt, small]);
    expect(again).toMatchObject({ processed: 0, skipped: 4 });
    expect(again.failed).toHaveLength(1);
    expect(extractions).toBe(3);
    const depths = await queueDepths({ url, prefix });
    expect(depths['extract']).toMatchObject({ waiting: 0, active: 0 });
    expect(depths['persist']?.['completed']).toBe(3);
  });

  it('pages needing OCR become child jobs of the extract job; the parent extracts with their results', async () => {
    const file = join(dir, 'scan.pdf');
    writeFileSync(file, 'stand-in for a scanned PDF');
    const sha = await sha256File(file);
    const marked = pagesForOcr([1, 2, 3]);
    let reads = 0;
    // Stands in for a reader that marks three pages for OCR; what it builds from the OCR'd pages is real data flow.
    const extract: QueueExtractFn = async (path, o) => {
      reads++;
      const got = await o.ocrStage!({ path, bytes: new Uint8Array(), format: 'pdf', pages: marked });
      const r = sampleResult({ path });
      r.source = { ...r.source, sha256: sha, format: 'pdf', pages: 3 };
      r.texts = got.map((p) => ({
        kind: 'text',
        text: p.spans.map((x) => x.text).join(''),
        source: { page: p.number },
      }));
      r.status = 'ok';
      return r;
    };
    const ocrCalls: number[] = [];
    const ocr: QueueOcrFn = ({ pages }) =>
      Promise.resolve(
        pages.map((p) => {
          ocrCalls.push(p.number);
          if (p.number === 3) throw new BadInputError('page 3: image unreadable');
          return {
            ...p,
            spans: [
              {
                text: `第${p.number}页`,
                page: p.number,
                bbox: { x0: 0, y0: 0, x1: 10, y1: 10 },
                fontSize: 10,
                confidence: 0.9,
                origin: 'ocr' as const,
              },
            ],
            ocr: { needed: false },
          };
        }),
      );
    const workers = [
      keep(startPersistWorker({ url, prefix, store })),
      keep(startExtractWorker({ url, prefix, extract })),
      keep(startOcrWorker({ url, prefix, concurrency: 2, ocr })),
    ];
    await Promise.all(workers.map((w) => w.ready));
    const progress: { page: number; pages: number }[] = [];
    const s = await keep(createQueueRunner({ url, prefix, pollMs: 500 })).run([file], {
      onProgress: (e) => {
        expect(e.path).toBe(file);
        progress.push({ page: e.page, pages: e.pages });
      },
    });
    expect(s).toMatchObject({ processed: 1, failed: [] });
    // A page event per recognised page (the unreadable third fails, so two), out of the three sent to OCR.
    expect(progress.map((p) => p.page).sort()).toEqual([1, 2]);
    expect(progress.every((p) => p.pages === 3)).toBe(true);
    expect(reads).toBe(2); // read (stopped at the OCR hook), then again with the children's pages
    expect(ocrCalls.sort()).toEqual([1, 2, 3]); // one job per page; the unreadable page is not retried
    const r = store.getResult(sha);
    expect(r?.texts.map((t) => t.text)).toEqual(['第1页', '第2页', '']);
    expect(r?.warnings.join('\n')).toMatch(/OCR 失败.*page 3: image unreadable/);
    expect(r?.status).toBe('partial');
  });

  it('a page the OCR engine failed on is tried again; a page it fails on every time is stored unread with the reason', async () => {
    const file = join(dir, 'scan.pdf');
    writeFileSync(file, 'stand-in for a scanned PDF');
    const sha = await sha256File(file);
    const marked = pagesForOcr([1, 2]);
    const extract: QueueExtractFn = async (path, o) => {
      const got = await o.ocrStage!({ path, bytes: new Uint8Array(), format: 'pdf', pages: marked });
      const r = sampleResult({ path });
      r.source = { ...r.source, sha256: sha, format: 'pdf', pages: 2 };
      r.texts = got.map((p) => ({
        kind: 'text',
        text: p.spans.map((x) => x.text).join(''),
        source: { page: p.number },
      }));
      r.warnings = got
        .filter((p) => p.ocr.failed)
        .map((p) => `第 ${p.number} 页未能识别（${p.ocr.failed!.detail}）`);
      r.status = r.warnings.length > 0 ? 'partial' : 'ok';
      return r;
    };
    // As ocrPages reports an engine failure: the page comes back marked, it does not throw. Page 1 fails on its
    // first try only (a transient engine fault); page 2 on every try.
    const calls = new Map<number, number>();
    const ocr: QueueOcrFn = ({ pages }) =>
      Promise.resolve(
        pages.map((p) => {
          const n = (calls.get(p.number) ?? 0) + 1;
          calls.set(p.number, n);
          if (p.number === 2 || n === 1)
            return {
              ...p,
              ocr: { ...p.ocr, failed: { kind: 'engine' as const, detail: `worker crashed (${n})` } },
            };
          const span = {
            text: '第1页',
            page: 1,
            bbox: { x0: 0, y0: 0, x1: 10, y1: 10 },
            fontSize: 10,
            confidence: 0.9,
            origin: 'ocr' as const,
          };
          return { ...p, spans: [span], ocr: { needed: false } };
        }),
      );
    const workers = [
      keep(startPersistWorker({ url, prefix, store })),
      keep(startExtractWorker({ url, prefix, extract })),
      keep(startOcrWorker({ url, prefix, concurrency: 2, ocr })),
    ];
    await Promise.all(workers.map((w) => w.ready));
    const s = await keep(createQueueRunner({ url, prefix, pollMs: 500 })).run([file]);
    expect(s).toMatchObject({ processed: 1, failed: [] });
    expect(calls.get(1)).toBe(2); // read on its second try
    expect(calls.get(2)).toBe(3); // every try of OCR_JOB_OPTIONS.attempts, then handed on unread
    const r = store.getResult(sha);
    expect(r?.texts.map((t) => t.text)).toEqual(['第1页', '']);
    expect(r?.warnings).toEqual(['第 2 页未能识别（worker crashed (3)）']);
    expect(r?.status).toBe('partial');
  }, 30_000);

  it('tally ingest enqueues when REDIS_URL is set; tally status shows queue depths', async () => {
    const file = join(dir, 'doc.txt');
    copyFileSync(SAMPLE_SMALL, file);
    const persist = keep(startPersistWorker({ url, prefix, store }));
    const extract = keep(startExtractWorker({ url, prefix }));
    await Promise.all([persist.ready, extract.ready]);
    const env = { REDIS_URL: url, TALLY_STORE: join(dir, 'unused-by-ingest.db') };
    const io = captureIo(dir, env);
    expect(await ingestCommand.run(['--queue-prefix', prefix, 'doc.txt'], io)).toBe(0);
    expect(io.out()).toMatch(/processed 1, skipped \(already done\) 0, failed 0/);
    // In queue mode the persist worker owns the store; ingest never opened one.
    expect(existsSync(join(dir, 'unused-by-ingest.db'))).toBe(false);
    expect(store.countByStatus().done).toBe(1);
    const st = captureIo(dir, { ...env, TALLY_STORE: store.location });
    expect(await statusCommand.run(['--queue-prefix', prefix], st)).toBe(0);
    expect(st.out()).toMatch(/documents: queued 0, processing 0, done 1, failed 0/);
    expect(st.out()).toMatch(/queue extract: waiting 0, active 0/);
    expect(st.out()).toMatch(/queue persist: .*completed 1/);
  });

  it('a worker killed with SIGKILL mid-document: the job is recovered as stalled and completed by another worker', async () => {
    const file = join(dir, 'doc.txt');
    copyFileSync(SAMPLE_SMALL, file);
    const env = {
      REDIS_URL: url,
      TALLY_QUEUE_PREFIX: prefix,
      TALLY_EXTRACT_DELAY_MS: '3000',
      TALLY_LOCK_MS: '1500',
      TALLY_STALLED_MS: '500',
    };
    const persist = keep(startPersistWorker({ url, prefix, store }));
    await persist.ready;
    const a = spawned(spawnWorker('extract-worker.ts', env));
    await a.ready;
    const connection = connectionFor(url);
    const events = new QueueEvents(QUEUES.extract, { connection, prefix });
    cleanups.push(() => events.close());
    await events.waitUntilReady();
    const stalled = new Promise<string>((resolve) => events.on('stalled', ({ jobId }) => resolve(jobId)));
    const active = new Promise<string>((resolve) => events.on('active', ({ jobId }) => resolve(jobId)));

    const runner = keep(createQueueRunner({ url, prefix, pollMs: 500 }));
    const done = runner.run([file]);
    const sha = await sha256File(file);
    expect(await active).toBe(sha);
    // Killed while it holds the document (it waits 3 s before extracting): no result, no lock renewal.
    a.child.kill('SIGKILL');
    await a.exited;
    const b = spawned(spawnWorker('extract-worker.ts', env));
    await b.ready;
    expect(await stalled).toBe(sha);
    const s = await done;
    expect(s).toMatchObject({ processed: 1, failed: [] });
    expect(store.getDocument(sha)?.status).toBe('done');
  });

  it('SIGTERM lets a worker finish the document in hand, then exit cleanly', async () => {
    const file = join(dir, 'doc.txt');
    copyFileSync(SAMPLE_SMALL, file);
    const persist = keep(startPersistWorker({ url, prefix, store }));
    await persist.ready;
    const w = spawned(
      spawnWorker('extract-worker.ts', {
        REDIS_URL: url,
        TALLY_QUEUE_PREFIX: prefix,
        TALLY_EXTRACT_DELAY_MS: '1500',
      }),
    );
    await w.ready;
    const q = new Queue(QUEUES.extract, { connection: connectionFor(url), prefix });
    cleanups.push(() => q.close());
    const runner = keep(createQueueRunner({ url, prefix, pollMs: 500 }));
    const done = runner.run([file]);
    await until(async () => (await q.getActiveCount()) === 1, 10_000, 'the job to be active');
    w.child.kill('SIGTERM');
    expect(await w.exited).toBe(0);
    expect(await done).toMatchObject({ processed: 1 });
  });

  it('a file changed between enqueue and extraction fails with the reason (not left queued); ingested again, it is processed, not "already done"', async () => {
    const file = join(dir, 'doc.txt');
    copyFileSync(SAMPLE_SMALL, file);
    const before = await sha256File(file);
    const persist = keep(startPersistWorker({ url, prefix, store }));
    // Holds each document 1.5 s before reading it: the window in which the file is rewritten.
    const extract = keep(startExtractWorker({ url, prefix, delayMs: 1500 }));
    await Promise.all([persist.ready, extract.ready]);
    const q = new Queue(QUEUES.extract, { connection: connectionFor(url), prefix });
    cleanups.push(() => q.close());
    const env = { REDIS_URL: url };
    const io = captureIo(dir, env);
    const first = ingestCommand.run(['--queue-prefix', prefix, 'doc.txt'], io);
    await until(async () => (await q.getActiveCount()) === 1, 10_000, 'the job to be active');
    copyFileSync(SAMPLE_BIG, file); // rewritten while queued
    const after = await sha256File(file);
    expect(await first).toBe(1); // a failed file makes ingest exit non-zero
    expect(io.out()).toMatch(/processed 0, skipped \(already done\) 0, failed 1/);
    expect(io.out()).toMatch(/failed: .*doc\.txt: .*changed after it was queued/);
    expect(store.getDocument(before)).toMatchObject({ status: 'failed' });
    expect(store.getDocument(before)?.error).toMatch(/changed after it was queued/);
    expect(store.getDocument(after)).toBeUndefined(); // other bytes were not stored under the first job
    const again = captureIo(dir, env);
    expect(await ingestCommand.run(['--queue-prefix', prefix, 'doc.txt'], again)).toBe(0);
    expect(again.out()).toMatch(/processed 1, skipped \(already done\) 0, failed 0/);
    expect(store.getDocument(after)?.status).toBe('done');
    // Put back as it was when first queued: those bytes are tried again, not reported failed from before.
    copyFileSync(SAMPLE_SMALL, file);
    const back = captureIo(dir, env);
    expect(await ingestCommand.run(['--queue-prefix', prefix, 'doc.txt'], back)).toBe(0);
    expect(back.out()).toMatch(/processed 1, skipped \(already done\) 0, failed 0/);
    expect(store.getDocument(before)?.status).toBe('done');
  });

  it('jobs Redis lost while ingest waits are enqueued again (and finish), or fail with a reason: never a wait for ever', async () => {
    const file = join(dir, 'doc.txt');
    copyFileSync(SAMPLE_SMALL, file);
    const notices: string[] = [];
    const runner = keep(createQueueRunner({ url, prefix, pollMs: 200, onNotice: (m) => notices.push(m) }));
    const done = runner.run([file]);
    const persistQ = new Queue(QUEUES.persist, { connection: connectionFor(url), prefix });
    cleanups.push(() => persistQ.close());
    const sha = await sha256File(file);
    await until(
      async () => (await persistQ.getJobState(sha)) !== 'unknown',
      10_000,
      'the flow to be enqueued',
    );
    await dropPrefix(url, prefix); // Redis lost its data
    await until(() => notices.some((n) => /lost the job/.test(n)), 10_000, 'the lost-job notice');
    const persist = keep(startPersistWorker({ url, prefix, store }));
    const extract = keep(startExtractWorker({ url, prefix }));
    await Promise.all([persist.ready, extract.ready]);
    expect(await done).toMatchObject({ processed: 1, failed: [] });
    expect(store.getDocument(sha)?.status).toBe('done');

    // With no retries left (and still no worker), the wait ends with a reason.
    const other = join(dir, 'other.txt');
    copyFileSync(SAMPLE_BIG, other);
    await extract.close();
    const strict = keep(createQueueRunner({ url, prefix, pollMs: 200, lostJobRetries: 0 }));
    const waiting = strict.run([other]);
    const otherSha = await sha256File(other);
    await until(async () => (await persistQ.getJobState(otherSha)) !== 'unknown', 10_000, 'the second flow');
    await dropPrefix(url, prefix);
    const s = await waiting;
    expect(s.failed).toEqual([
      { path: other, reason: expect.stringMatching(/lost the job .*not stored/) as unknown },
    ]);
  });

  it('with no worker on the queue, ingest says so within seconds instead of waiting in silence', async () => {
    const file = join(dir, 'doc.txt');
    copyFileSync(SAMPLE_SMALL, file);
    const io = captureIo(dir, { REDIS_URL: url });
    const running = ingestCommand.run(['--queue-prefix', prefix, 'doc.txt'], io);
    await until(() => /no workers are consuming queue/.test(io.err()), 15_000, 'the no-worker notice');
    expect(io.err()).toMatch(
      /no workers are consuming queue 'extract' .*start `node dist\/workers\/extract-worker\.js`/,
    );
    expect(io.err()).toMatch(/no workers are consuming queue 'persist' .*persist-worker\.js/);
    const persist = keep(startPersistWorker({ url, prefix, store }));
    const extract = keep(startExtractWorker({ url, prefix }));
    await Promise.all([persist.ready, extract.ready]);
    expect(await running).toBe(0);
    expect(io.out()).toMatch(/processed 1/);
  });

  it('watch --done move in queue mode records the new path through the persist worker', async () => {
    const drop = join(dir, 'drop');
    mkdirSync(drop);
    const persist = keep(startPersistWorker({ url, prefix, store }));
    const extract = keep(startExtractWorker({ url, prefix }));
    await Promise.all([persist.ready, extract.ready]);
    copyFileSync(SAMPLE_SMALL, join(drop, 'one.txt'));
    const runner = keep(createQueueRunner({ url, prefix, pollMs: 300 }));
    const w = new Watcher({
      dir: drop,
      runner,
      done: 'move',
      settleMs: 0,
      recordPath: (r) => runner.recordPath(r),
    });
    await w.poll();
    expect((await w.poll()).map((o) => o.kind)).toEqual(['processed']);
    const sha = await sha256File(join(drop, '.tally-done', 'one.txt'));
    await until(
      () => store.getPaths(sha).some((p) => p.path === join(drop, '.tally-done', 'one.txt')),
      10_000,
      'the moved path recorded',
    );
  });

  it('the watcher restarted while files arrive: each file is extracted exactly once', async () => {
    const drop = join(dir, 'drop');
    mkdirSync(drop);
    const extracted: string[] = [];
    const persist = keep(startPersistWorker({ url, prefix, store }));
    const extract = keep(
      startExtractWorker({
        url,
        prefix,
        extract: (path, o) => {
          extracted.push(path);
          return extractFile(path, o);
        },
      }),
    );
    await Promise.all([persist.ready, extract.ready]);
    copyFileSync(SAMPLE_SMALL, join(drop, 'one.txt'));
    const w1 = new Watcher({
      dir: drop,
      runner: keep(createQueueRunner({ url, prefix, pollMs: 500 })),
      done: 'mark',
      settleMs: 0,
    });
    await w1.poll();
    copyFileSync(SAMPLE_BIG, join(drop, 'two.txt')); // arrives between polls
    expect((await w1.poll()).map((o) => o.kind)).toEqual(['processed']);
    // The watcher goes down; another file arrives, and a copy of one already done.
    copyFileSync(SAMPLE_FOUR[3]!, join(drop, 'three.html'));
    copyFileSync(SAMPLE_SMALL, join(drop, 'one again.txt'));
    const w2 = new Watcher({
      dir: drop,
      runner: keep(createQueueRunner({ url, prefix, pollMs: 500 })),
      done: 'mark',
      settleMs: 0,
    });
    await w2.poll();
    const after = await w2.poll();
    expect(
      after
        .filter((o) => o.kind === 'processed')
        .map((o) => o.path)
        .sort(),
    ).toEqual([join(drop, 'three.html'), join(drop, 'two.txt')]);
    expect(
      after
        .filter((o) => o.kind === 'skipped')
        .map((o) => o.path)
        .sort(),
    ).toEqual([join(drop, 'one again.txt'), join(drop, 'one.txt')]);
    expect(await w2.poll()).toEqual([]);
    expect(extracted.sort()).toEqual([
      join(drop, 'one.txt'),
      join(drop, 'three.html'),
      join(drop, 'two.txt'),
    ]);
    expect(store.countByStatus().done).toBe(3);
  });
});

describe.skipIf(!redisUrl)('Redis restarted mid-run', () => {
  let redis: RedisHandle | undefined;
  let dir: string;
  afterEach(async () => {
    await redis?.dispose();
    // The restarted server reuses the first one's data dir, which dispose() leaves to its creator.
    if (redis) rmSync(redis.dir, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it('workers reconnect and finish every document', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tally-restart-'));
    // Its own Redis with an append-only file, as in docker-compose.yml, so queued jobs survive the restart.
    redis = await startRedis({ appendonly: true });
    const { url, port } = redis;
    const prefix = uniquePrefix();
    const store = openSqliteStore(join(dir, 'store.db'));
    const files = SAMPLE_FOUR.map((sample, i) => {
      const p = join(dir, `${'abcd'[i]}${sample.slice(sample.lastIndexOf('.'))}`);
      copyFileSync(sample, p);
      return p;
    });
    const persist = startPersistWorker({ url, prefix, store });
    const extract = startExtractWorker({ url, prefix, delayMs: 400 });
    await Promise.all([persist.ready, extract.ready]);
    const runner = createQueueRunner({ url, prefix, pollMs: 300 });
    let restarted: Promise<void> | undefined;
    let restartedAt = '';
    const summary = await runner.run(files, {
      onItem: () => {
        restarted ??= (async () => {
          const dataDir = redis!.dir;
          await redis!.stop();
          redis = await startRedis({ appendonly: true, port, dir: dataDir });
          restartedAt = new Date().toISOString();
        })();
      },
    });
    await restarted;
    expect(summary).toMatchObject({ processed: 4, failed: [] });
    expect(store.countByStatus().done).toBe(4);
    // The restart really happened mid-run: documents were saved after Redis came back.
    expect(restartedAt).not.toBe('');
    expect(store.listDocuments().filter((d) => d.updatedAt > restartedAt).length).toBeGreaterThan(0);
    await runner.close();
    await extract.close();
    await persist.close();
    store.close();
  });
});

describe('Redis not there', () => {
  it('tally status and ingest say so in one line within seconds instead of waiting forever', async () => {
    const port = await freePort();
    const io = captureIo(tmpdir(), {
      REDIS_URL: `redis://127.0.0.1:${port}`,
      TALLY_STORE: join(tmpdir(), `tally-absent-${port}.db`),
    });
    openSqliteStore(join(tmpdir(), `tally-absent-${port}.db`)).close(); // status reads an existing store
    const t0 = Date.now();
    await expect(statusCommand.run([], io)).rejects.toThrow(
      new RegExp(`cannot reach Redis at redis://127.0.0.1:${port}`),
    );
    await expect(ingestCommand.run([SAMPLE_SMALL], io)).rejects.toBeInstanceOf(TransientError);
    expect(Date.now() - t0).toBeLessThan(15_000);
    rmSync(join(tmpdir(), `tally-absent-${port}.db`), { force: true });
    rmSync(join(tmpdir(), `tally-absent-${port}.db-wal`), { force: true });
    rmSync(join(tmpdir(), `tally-absent-${port}.db-shm`), { force: true });
  });
});
