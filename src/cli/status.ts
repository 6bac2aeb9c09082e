import { DOCUMENT_STATUSES } from '../store/index.js';
import { command, openExistingStore, parseCommand, redisUrl, storeOption, wholeNumber } from './args.js';
import type { CliIo, Command } from './command.js';

const HELP = `Documents by status, open anomalies by severity, the last runs, and queue depths when REDIS_URL is set.
The store must exist (a mistyped --store is an error).`;

interface StatusOptions {
  store?: string;
  json?: boolean;
  failed: number;
  queuePrefix?: string;
}

const define = () =>
  command('status', 'documents by status, open anomalies, queue depths', HELP)
    .addOption(storeOption())
    .option('--json', 'machine-readable output')
    .option('--failed <n>', 'list up to n failed documents with their reasons', wholeNumber, 10)
    .option('--queue-prefix <p>', 'BullMQ key prefix (default: tally)');

export const statusCommand: Command = {
  name: 'status',
  summary: 'documents by status, open anomalies, queue depths',
  async run(argv, io: CliIo): Promise<number> {
    const p = parseCommand<StatusOptions>(define(), argv, io);
    if ('exit' in p) return p.exit;
    const values = p.opts;
    const store = openExistingStore(values.store, io);
    try {
      const documents = store.countByStatus();
      const anomalies = store.openAnomaliesBySeverity();
      const failed = store.listDocuments({ status: 'failed', limit: values.failed });
      const runs = store.listRuns(5);
      const url = redisUrl(io, false);
      let queues: Record<string, Record<string, number>> | undefined;
      if (url) {
        const { queueDepths } = await import('../queue/index.js');
        queues = await queueDepths({
          url,
          ...(values.queuePrefix ? { prefix: values.queuePrefix } : {}),
        });
      }
      if (values.json) {
        io.stdout.write(
          JSON.stringify(
            {
              store: store.location,
              documents,
              anomalies,
              failed: failed.map((d) => ({ sha256: d.sha256, path: d.path, error: d.error })),
              runs,
              queues,
            },
            null,
            2,
          ) + '\n',
        );
        return 0;
      }
      const out: string[] = [`store: ${store.location}`];
      out.push(`documents: ${DOCUMENT_STATUSES.map((s) => `${s} ${documents[s]}`).join(', ')}`);
      out.push(
        `open anomalies: error ${anomalies.error}, warning ${anomalies.warning}, info ${anomalies.info}`,
      );
      for (const d of failed) out.push(`  failed ${d.sha256.slice(0, 12)} ${d.path}: ${d.error ?? ''}`);
      if (queues) {
        for (const [name, counts] of Object.entries(queues)) {
          out.push(
            `queue ${name}: ${Object.entries(counts)
              .map(([k, v]) => `${k} ${v}`)
              .join(', ')}`,
          );
        }
      }
      for (const r of runs) {
        out.push(
          `run #${r.id} ${r.kind} ${r.startedAt}${r.finishedAt ? ` → ${r.finishedAt}: processed ${r.processed}, skipped ${r.skipped}, failed ${r.failed}` : ' (unfinished)'}`,
        );
      }
      io.stdout.write(out.join('\n') + '\n');
      return 0;
    } finally {
      store.close();
    }
  },
};
