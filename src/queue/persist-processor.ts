import type { Job } from 'bullmq';
import type { ExtractionResult } from '../model/index.js';
import { countBySeverity } from '../runner/index.js';
import type { Store } from '../store/index.js';
import { CHANGED_AFTER_QUEUED, type PersistJobData, type PersistOutcome, type SeenJobData } from './jobs.js';

/**
 * The persist consumer: the only queue code that touches the store. `seen` records a path; `persist`
 * (the flow's root, run once its extract child has finished or failed for good) saves the result in one
 * transaction, or records the failure reason. A persist job run again after a crash finds the document
 * done and does nothing, so a document is never saved twice.
 */
export function persistProcessor(store: Store) {
  return async (job: Job<PersistJobData | SeenJobData>): Promise<PersistOutcome | null> => {
    const d = job.data;
    store.registerDocument({
      sha256: d.sha256,
      path: d.path,
      bytes: d.bytes,
      ...('mtimeMs' in d && d.mtimeMs !== undefined ? { mtimeMs: d.mtimeMs } : {}),
    });
    if (job.name === 'seen') return null;
    if (store.getDocument(d.sha256)?.status === 'done') return { kind: 'skipped' };
    const values = await job.getChildrenValues<ExtractionResult>();
    const result = Object.values(values)[0];
    if (result) {
      store.saveResult({ ...result, source: { ...result.source, path: d.path } });
      return {
        kind: 'processed',
        pages: result.source.pages,
        status: result.status,
        anomalies: countBySeverity(result),
      };
    }
    const failures = await job.getIgnoredChildrenFailures();
    const reason = Object.values(failures)[0] ?? 'extract job ended without a result';
    store.markFailed(d.sha256, reason);
    return {
      kind: 'failed',
      reason: reason.split('\n')[0] ?? reason,
      ...(reason.includes(CHANGED_AFTER_QUEUED) ? { retry: true } : {}),
    };
  };
}
