import { existsSync } from 'node:fs';
import type { Severity } from '../model/index.js';
import { createInProcessRunner, expandInputs, type Runner, type RunSummary } from '../runner/index.js';
import type { Store } from '../store/index.js';
import { Option, command, openStore, parseCommand, positiveNumber, redisUrl, storeOption } from './args.js';
import type { CliIo, Command } from './command.js';
import { Progress } from './progress.js';
import { formatUnsupported, unsupportedFiles } from './unsupported.js';

const HELP = `Extract every document under the given files, folders (recursive) and globs into the store.
Already-done documents (same bytes, any name) are skipped; an interrupted run resumes where it stopped.
Files of formats tally does not read (.doc, .xls, .ofd …) found in the folders are listed in the summary.
Exit status: 0 when every file was stored, 1 when any failed, 2 for a usage error, 130 when interrupted.

--reprocess extracts done documents again (after an upgrade), keeping every reviewer correction at its stable
cell (family, row code or label, column); without paths, every done document at its stored path. In-process.

With REDIS_URL set, files are enqueued for the extract workers (workers/extract-worker.ts) and the
command waits for the persist worker to record each one.`;

interface IngestOptions {
  store?: string;
  concurrency?: number;
  ocr?: 'auto' | 'off' | 'force';
  inProcess?: boolean;
  queuePrefix?: string;
  reprocess?: boolean;
}

const define = () =>
  command('ingest', 'extract files, folders or globs into the store (resumable)', HELP)
    .argument('[paths...]', 'files, folders or globs (optional with --reprocess)')
    .addOption(storeOption())
    .option('--concurrency <n>', 'documents at once (default: the number of cores)', positiveNumber)
    .addOption(
      new Option(
        '--ocr <mode>',
        'OCR pages without a usable text layer (auto), never, or every page',
      ).choices(['auto', 'off', 'force']),
    )
    .option('--in-process', 'do not use the queue even when REDIS_URL is set')
    .option('--queue-prefix <p>', 'BullMQ key prefix (default: tally)')
    .option('--reprocess', 'extract done documents again, keeping every correction at its stable cell');

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
  async run(argv, io: CliIo): Promise<number> {
    const p = parseCommand<IngestOptions>(define(), argv, io);
    if ('exit' in p) return p.exit;
    const values = p.opts;
    const reprocess = values.reprocess === true;
    if (p.args.length === 0 && !reprocess) {
      io.stderr.write("tally ingest: missing paths (files, folders or globs); see 'tally ingest --help'\n");
      return 2;
    }
    let files: string[];
    if (p.args.length > 0) files = await expandInputs(p.args, io.cwd);
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
    const unsupported = await unsupportedFiles(p.args, io.cwd);
    // Re-extraction needs the store in this process (the corrections are re-applied as the result is saved).
    const url = reprocess ? undefined : redisUrl(io, values.inProcess);
    const { concurrency, ocr } = values;
    // In queue mode the persist worker owns the store; this process only enqueues and waits.
    let runner: Runner;
    let store: Store | undefined;
    if (url) {
      const { createQueueRunner } = await import('../queue/index.js');
      runner = createQueueRunner({
        url,
        ...(values.queuePrefix ? { prefix: values.queuePrefix } : {}),
        ...(ocr ? { ocr } : {}),
        onNotice: (message) => {
          progress.interrupt(`tally: ${message}\n`);
        },
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
        onProgress: (e) => progress.page(e),
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
      io.stdout.write(formatUnsupported(unsupported));
      if (summary.handedBack > 0) {
        io.stderr.write(
          `tally: interrupted; run the same command again to finish the remaining ${summary.handedBack} file(s)\n`,
        );
        return 130;
      }
      return summary.failed.length > 0 ? 1 : 0;
    } finally {
      progress.finish();
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
