import { UnrecoverableError, WaitingChildrenError, type Job, type Queue } from 'bullmq';
import { BadInputError, TransientError, type ExtractionResult, type Page } from '../model/index.js';
import type { ExtractOptions } from '../pipeline/index.js';
import { OCR_JOB_OPTIONS } from './connection.js';
import { CHANGED_AFTER_QUEUED, type ExtractJobData, type OcrJobData } from './jobs.js';
import { sha256File } from '../util/hash.js';

export type QueueExtractFn = (path: string, options: ExtractOptions) => Promise<ExtractionResult>;

/** Thrown from inside the pipeline's OCR hook to stop the first pass once we know which pages need OCR. */
class NeedsOcr extends Error {
  constructor(
    readonly format: 'pdf' | 'image',
    readonly pages: readonly Page[],
  ) {
    super('pages need OCR');
  }
}

/** Map a pipeline failure to BullMQ's vocabulary: bad input and bugs are not retried, transient faults are. */
export function toJobError(e: unknown): Error {
  if (e instanceof WaitingChildrenError || e instanceof UnrecoverableError) return e;
  if (e instanceof TransientError) return e;
  const message = e instanceof Error ? e.message : String(e);
  const line = message.split('\n')[0] ?? message;
  return new UnrecoverableError(e instanceof BadInputError ? line : `internal error: ${line}`);
}

/**
 * The extract job, in two steps (BullMQ's "process step jobs" pattern, the step kept in job data so a
 * retry resumes at the right one):
 *  read      run the pipeline; if the reader marks pages for OCR, the OCR hook stops it, one OCR child
 *            job per page is added (id `${sha}-p${n}`, so a retry adds none twice) and the job waits.
 *  await-ocr run the pipeline again with the children's pages as the OCR stage's answer.
 * The return value (the whole ExtractionResult) becomes the persist parent's child value.
 */
export function extractProcessor(options: {
  extract: QueueExtractFn;
  ocrQueue: Queue;
  delayMs?: number;
  /** The file's sha256 now (default: hash it); tests stand in for it. */
  hash?: (path: string) => Promise<string>;
}) {
  const { extract, ocrQueue } = options;
  const changed = (path: string, sha256: string, now: string): UnrecoverableError =>
    new UnrecoverableError(
      `${path}: ${CHANGED_AFTER_QUEUED} (sha256 ${sha256.slice(0, 12)}… → ${now.slice(0, 12)}…); ingest it again`,
    );
  /** The job names the bytes it was queued for; different bytes are a different document. */
  const checked = (job: Job<ExtractJobData>, result: ExtractionResult): ExtractionResult => {
    if (result.source.sha256 !== job.data.sha256)
      throw changed(job.data.path, job.data.sha256, result.source.sha256);
    return result;
  };
  const run = async (job: Job<ExtractJobData>, token: string | undefined): Promise<ExtractionResult> => {
    const { path, sha256 } = job.data;
    const ocr = job.data.ocr ?? 'auto';
    // Before any work (as the in-process runner does after it): a file rewritten between enqueue and now
    // fails this job with the reason, instead of storing other bytes under this job's id.
    const now = await (options.hash ?? sha256File)(path).catch(() => undefined);
    if (now !== undefined && now !== sha256) throw changed(path, sha256, now);
    if (job.data.step === 'await-ocr') {
      const values = await job.getChildrenValues<Page>();
      const failures = await job.getIgnoredChildrenFailures();
      const byNumber = new Map(Object.values(values).map((p) => [p.number, p]));
      const result = await extract(path, {
        ocr,
        ocrStage: ({ pages }) => Promise.resolve(pages.map((p) => byNumber.get(p.number) ?? p)),
      });
      const failed = Object.values(failures);
      if (failed.length > 0) {
        result.warnings.push(...failed.map((reason) => `OCR 失败，页面未识别：${reason}`));
        if (result.status === 'ok') result.status = 'partial';
      }
      return checked(job, result);
    }
    let needs: NeedsOcr | undefined;
    try {
      return checked(
        job,
        await extract(path, {
          ocr,
          ocrStage: (input) => Promise.reject(new NeedsOcr(input.format, input.pages)),
        }),
      );
    } catch (e) {
      if (!(e instanceof NeedsOcr)) throw e;
      needs = e;
    }
    if (!job.id) throw new UnrecoverableError('extract job without an id');
    for (const page of needs.pages) {
      const data: OcrJobData = { path, sha256, format: needs.format, page };
      await ocrQueue.add('ocr', data, {
        ...OCR_JOB_OPTIONS,
        jobId: `${sha256}-p${page.number}`,
        parent: { id: job.id, queue: job.queueQualifiedName },
        ignoreDependencyOnFailure: true,
      });
    }
    await job.updateData({ ...job.data, step: 'await-ocr', ocrPages: needs.pages.map((p) => p.number) });
    if (token !== undefined && (await job.moveToWaitingChildren(token))) throw new WaitingChildrenError();
    // Every child finished before we asked: carry on at once.
    return run(job, token);
  };
  return async (job: Job<ExtractJobData>, token?: string): Promise<ExtractionResult> => {
    try {
      if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
      return await run(job, token);
    } catch (e) {
      throw toJobError(e);
    }
  };
}

/** Recognise pages (the OCR stage's contract; see OcrStage in src/pipeline/extract.ts). */
export type QueueOcrFn = (input: {
  path: string;
  bytes: Uint8Array;
  format: 'pdf' | 'image';
  pages: readonly Page[];
}) => Promise<Page[]>;

/** The default OCR: the OCR reader's ocrPages, loaded on first use (tesseract is heavy). */
export const lazyOcrPages: QueueOcrFn = async (input) => {
  const { ocrPages } = await import('../readers/ocr/index.js');
  return ocrPages(input);
};

/** The OCR job: one page, recognised by the OCR stage. */
export function ocrProcessor(options: { readFile: (path: string) => Promise<Uint8Array>; ocr?: QueueOcrFn }) {
  const ocr = options.ocr ?? lazyOcrPages;
  return async (job: Job<OcrJobData>): Promise<Page> => {
    try {
      const bytes = await options.readFile(job.data.path);
      const [page] = await ocr({
        path: job.data.path,
        bytes,
        format: job.data.format,
        pages: [job.data.page],
      });
      if (!page) throw new TransientError(`OCR returned nothing for page ${job.data.page.number}`);
      // The engine failed on this page (not its image, not the time limit): try again while tries are left,
      // then hand the page on marked unread, so the document is stored partial with the reason.
      const failed = page.ocr.failed;
      if (failed?.kind === 'engine' && job.attemptsMade + 1 < (job.opts.attempts ?? 1))
        throw new TransientError(`page ${page.number}: ${failed.detail}`);
      return page;
    } catch (e) {
      throw toJobError(e);
    }
  };
}
