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

With REDIS_URL set, files are enqueued for the extract workers (workers/extract-worker.ts) and the
command waits for the persist worker to record each one.`;

interface IngestOptions {
  store?: string;
  concurrency?: number;
  ocr?: 'auto' | 'off' | 'force';
  inProcess?: boolean;
  queuePrefix?: string;
}

const define = () =>
  command('ingest', 'extract files, folders or globs into the store (resumable)', HELP)
    .argument('<paths...>', 'files, folders or globs')
    .addOption(storeOption())
    .option('--concurrency <n>', 'documents at once (default: the number of cores)', positiveNumber)
    .addOption(
      new Option(
        '--ocr <mode>',
        'OCR pages without a usable text layer (auto), never, or every page',
      ).choices(['auto', 'off', 'force']),
    )
    .option('--in-process', 'do not use the queue even when REDIS_URL is set')
    .option('--queue-prefix <p>', 'BullMQ key prefix (default: tally)');

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
    const files = await expandInputs(p.args, io.cwd);
    const unsupported = await unsupportedFiles(p.args, io.cwd);
    const url = redisUrl(io, values.inProcess);
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
