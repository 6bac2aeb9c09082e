import { DOCUMENT_STATUSES } from '../store/index.js';
import { openStore, parse, redisUrl } from './args.js';
import type { CliIo, Command } from './command.js';

const USAGE = `usage: tally status [--store <path>] [--json] [--failed <n>]

Documents by status, open anomalies by severity, the last runs, and queue depths when REDIS_URL is set.

options:
  --store <path>       store file (default: $TALLY_STORE or .tally/tally.db)
  --json               machine-readable output
  --failed <n>         list up to n failed documents with their reasons (default 10)
  --queue-prefix <p>   BullMQ key prefix (default: tally)`;

export const statusCommand: Command = {
  name: 'status',
  summary: 'documents by status, open anomalies, queue depths',
  usage: USAGE,
  async run(argv, io: CliIo): Promise<number> {
    const { values } = parse(
      'status',
      argv,
      {
        store: { type: 'string' },
        json: { type: 'boolean' },
        failed: { type: 'string' },
        'queue-prefix': { type: 'string' },
      },
      false,
    );
    const store = openStore(values.store, io);
    try {
      const documents = store.countByStatus();
      const anomalies = store.openAnomaliesBySeverity();
      const failed = store.listDocuments({ status: 'failed', limit: Number(values.failed ?? 10) });
      const runs = store.listRuns(5);
      const url = redisUrl(io, false);
      let queues: Record<string, Record<string, number>> | undefined;
      if (url) {
        const { queueDepths } = await import('../queue/index.js');
        queues = await queueDepths({
          url,
          ...(values['queue-prefix'] ? { prefix: values['queue-prefix'] } : {}),
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
