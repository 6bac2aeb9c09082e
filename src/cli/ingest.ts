import { existsSync } from 'node:fs';
import type { Severity } from '../model/index.js';
import { createInProcessRunner, expandInputs, type Runner, type RunSummary } from '../runner/index.js';
import type { Store } from '../store/index.js';
import { choice, intOption, openStore, parse, redisUrl } from './args.js';
import type { CliIo, Command } from './command.js';
import { Progress } from './progress.js';

const USAGE = `usage: tally ingest [options] <paths or globs…>

Extract every document under the given files, folders (recursive) and globs into the store.
Already-done documents (same bytes, any name) are skipped; an interrupted run resumes where it stopped.

options:
  --store <path>        store file (default: $TALLY_STORE or .tally/tally.db)
  --concurrency <n>     documents at once (default: the number of cores)
  --ocr auto|off|force  OCR pages without a usable text layer (auto, default), never, or every page
  --in-process          do not use the queue even when REDIS_URL is set
  --queue-prefix <p>    BullMQ key prefix (default: tally)
  --reprocess           extract done documents again (after an upgrade), keeping every reviewer
                        correction at its stable cell (family, row code or label, column); without
                        paths, every done document at its stored path. Runs in-process.

With REDIS_URL set, files are enqueued for the extract workers (workers/extract-worker.ts) and the
command waits for the persist worker to record each one.`;

export function formatSummary(s: RunSummary, open?: Record<Severity, number>): string {
  const lines = [
    `processed ${s.processed}, skipped (already done) ${s.skipped}, failed ${s.failed.length}` +
      (s.handedBack ? `, left for the next run ${s.handedBack}` : '') +
      ` in ${(s.elapsedMs / 1000).toFixed(1)} s` +
      (s.pages ? ` (${s.pages} pages)` : ''),
    `anomalies in processed documents: error ${s.anomalies.error}, warning ${s.anomalies.warning}, info ${s.anomalies.info}`,
  ];
  if (open)
    lines.push(
      `open anomalies in the store: error ${open.error}, warning ${open.warning}, info ${open.info}`,
    );
  if (s.reprocessed)
    lines.push(
      `reprocessed ${s.reprocessed}, corrections re-applied ${s.reapplied}, orphaned ${s.orphaned.length}`,
    );
  for (const o of s.orphaned)
    lines.push(`orphaned correction (its cell is gone; kept in the trail): ${o.path}: ${o.correction}`);
  for (const f of s.failed) lines.push(`failed: ${f.path}: ${f.reason}`);
  return lines.join('\n') + '\n';
}

export const ingestCommand: Command = {
  name: 'ingest',
  summary: 'extract files, folders or globs into the store (resumable)',
  usage: USAGE,
  async run(argv, io: CliIo): Promise<number> {
    const { values, positionals } = parse('ingest', argv, {
      store: { type: 'string' },
      concurrency: { type: 'string' },
      ocr: { type: 'string' },
      'in-process': { type: 'boolean' },
      'queue-prefix': { type: 'string' },
      reprocess: { type: 'boolean' },
    });
    const reprocess = values.reprocess === true;
    if (positionals.length === 0 && !reprocess) {
      io.stderr.write(USAGE + '\n');
      return 2;
    }
    let files: string[];
    if (positionals.length > 0) files = await expandInputs(positionals, io.cwd);
    else {
      const s = openStore(values.store, io);
      try {
        files = storedPaths(s);
        const done = s.countByStatus().done;
        if (files.length < done)
          io.stderr.write(
            `tally: ${done - files.length} done document(s) have no file left at their stored paths; not reprocessed\n`,
          );
      } finally {
        s.close();
      }
    }
    // Re-extraction needs the store in this process (the corrections are re-applied as the result is saved).
    const url = reprocess ? undefined : redisUrl(io, values['in-process']);
    const concurrency = intOption('ingest', 'concurrency', values.concurrency);
    const ocr = choice('ingest', 'ocr', values.ocr, ['auto', 'off', 'force'] as const);
    // In queue mode the persist worker owns the store; this process only enqueues and waits.
    let runner: Runner;
    let store: Store | undefined;
    if (url) {
      const { createQueueRunner } = await import('../queue/index.js');
      runner = createQueueRunner({
        url,
        ...(values['queue-prefix'] ? { prefix: values['queue-prefix'] } : {}),
        ...(ocr ? { ocr } : {}),
      });
    } else {
      store = openStore(values.store, io);
      runner = createInProcessRunner({
        store,
        ...(concurrency ? { concurrency } : {}),
        // The pipeline runs in child processes (src/runner/isolated.ts); the OCR mode travels with each job.
        ...(ocr ? { isolation: { extractOptions: { ocr } } } : {}),
      });
    }
    const runId = store?.startRun('ingest', argv);
    const progress = new Progress({ stream: io.stderr, total: files.length });
    try {
      const summary = await runner.run(files, {
        signal: io.signal,
        onItem: (o) => progress.add(o),
        ...(reprocess ? { reprocess } : {}),
      });
      progress.finish();
      if (store && runId !== undefined) {
        store.finishRun(runId, {
          processed: summary.processed,
          skipped: summary.skipped,
          failed: summary.failed.length,
        });
      }
      io.stdout.write(formatSummary(summary, store?.openAnomaliesBySeverity()));
      if (summary.handedBack > 0) {
        io.stderr.write(
          `tally: interrupted; run the same command again to finish the remaining ${summary.handedBack} file(s)\n`,
        );
        return 130;
      }
      return summary.failed.length > 0 ? 1 : 0;
    } finally {
      await runner.close();
      store?.close();
    }
  },
};

/** Every done document at the first of its stored paths that still exists. */
function storedPaths(store: Store): string[] {
  const out: string[] = [];
  for (const d of store.listDocuments({ status: 'done' })) {
    const p = store.getPaths(d.sha256).find((x) => existsSync(x.path));
    if (p) out.push(p.path);
  }
  return out;
}
