import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import {
  createQueueRunner,
  startExtractWorker,
  startPersistWorker,
  type RunningWorker,
} from '../../src/queue/index.js';
import { createReviewApp, type ReviewApp } from '../../src/review/index.js';
import { openSqliteStore, type Store } from '../../src/store/index.js';
import { yearDocumentText } from '../support/year-documents.js';
import { dropPrefix, uniquePrefix } from './helpers.js';

const redisUrl = inject('redisUrl');
const TOKEN = 'upload-queue-token-0123456789';

describe.skipIf(!redisUrl)('uploads through the BullMQ runner (REDIS_URL set)', () => {
  let prefix: string;
  let dir: string;
  let store: Store;
  let review: ReviewApp | undefined;
  const workers: RunningWorker[] = [];

  beforeEach(() => {
    prefix = uniquePrefix();
    dir = mkdtempSync(join(tmpdir(), 'tally-upload-queue-'));
    store = openSqliteStore(join(dir, 'store.db'));
  });
  afterEach(async () => {
    await review?.uploads.close();
    for (const w of workers.splice(0)) await w.close();
    store.close();
    await dropPrefix(redisUrl, prefix);
    rmSync(dir, { recursive: true, force: true });
  });

  it('enqueues an uploaded file for the extract workers; the persist worker stores it and the upload is done', async () => {
    const persist = startPersistWorker({ url: redisUrl, prefix, store });
    const extract = startExtractWorker({ url: redisUrl, prefix });
    workers.push(persist, extract);
    await Promise.all([persist.ready, extract.ready]);
    review = createReviewApp({
      store,
      token: TOKEN,
      uploads: { runner: createQueueRunner({ url: redisUrl, prefix, pollMs: 300 }) },
    });
    const text = yearDocumentText({ department: '株洲市测试局', year: 2022, opening: 30, closing: 30 });
    const form = new FormData();
    form.append('file', new File([text], '株洲市测试局 2022年 决算.txt'));
    const res = await review.app.request('http://127.0.0.1/api/documents', {
      method: 'POST',
      body: form,
      headers: { authorization: `Bearer ${TOKEN}`, 'x-tally-reviewer': 'script' },
    });
    expect(res.status).toBe(202);
    const [u] = ((await res.json()) as { uploads: { id: number; sha256: string }[] }).uploads;
    await review.uploads.idle();
    expect(store.getUpload(u?.id ?? 0)).toMatchObject({ status: 'done', sha256: u?.sha256 });
    const doc = store.getDocument(u?.sha256 ?? '');
    expect(doc).toMatchObject({ status: 'done', department: '株洲市测试局', year: 2022 });
    expect(store.getPaths(u?.sha256 ?? '').map((p) => p.path)).toEqual([
      join(`${store.location}.files`, u?.sha256 ?? '', '株洲市测试局 2022年 决算.txt'),
    ]);
  });
});
