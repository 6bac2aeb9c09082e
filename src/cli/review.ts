import { once } from 'node:events';
import { startReviewServer } from '../review/index.js';
import { createInProcessRunner, type Runner } from '../runner/index.js';
import {
  command,
  openExistingStore,
  openStore,
  parseCommand,
  positiveNumber,
  redisUrl,
  storeOption,
  wholeNumber,
} from './args.js';
import type { CliIo, Command } from './command.js';

const HELP = `Start the review page: a queue of open anomalies beside the source (page image for PDFs, source line or
cell otherwise), where a reviewer accepts a suggestion, types a value or marks a false alarm. Every
correction is attributed to the reviewer, re-runs the document's validation, and is kept in the store
(tally export writes the corrected values). The store must exist, unless --create.

Files uploaded on the page (drag and drop) or with POST /api/documents (multipart/form-data, field file) are kept
in the store's own folder (<store>.files/<sha256>/<name>) and extracted in the background by the same runner as
tally ingest: in-process, or the BullMQ queue when REDIS_URL is set (unless --in-process). A document's page has a
button that extracts it again keeping every correction (like tally ingest --reprocess).`;

interface ReviewOptions {
  store?: string;
  port?: number;
  host?: string;
  reviewer?: string;
  token?: string;
  maxUploadMb?: number;
  inProcess?: boolean;
  queuePrefix?: string;
  create?: boolean;
  trustProxy?: boolean;
}

const define = () =>
  command('review', 'review flagged rows in a web page beside the source image', HELP)
    .addOption(storeOption())
    .option('--port <n>', 'port (default 0: a free one; the address is printed)', wholeNumber)
    .option('--host <h>', 'address to listen on (default 127.0.0.1; anything else needs a token)')
    .option('--reviewer <name>', 'reviewer name (default $TALLY_REVIEWER; else asked on the login page)')
    .option(
      '--token <t>',
      'require this token (default $TALLY_REVIEW_TOKEN): a login page, or Authorization: Bearer',
    )
    .option('--max-upload-mb <n>', 'largest uploaded file in MB (default 200)', positiveNumber)
    .option('--create', 'create the store when it does not exist yet (to fill it by uploads)')
    .option(
      '--trust-proxy',
      'behind one reverse proxy: count failed logins per X-Forwarded-For client, not per proxy (needs a token)',
    )
    .option('--in-process', 'extract uploads in this process even when REDIS_URL is set')
    .option('--queue-prefix <p>', 'BullMQ key prefix for uploads (default: tally)');

export const reviewCommand: Command = {
  name: 'review',
  summary: 'review flagged rows in a web page beside the source image',
  async run(argv, io: CliIo): Promise<number> {
    const p = parseCommand<ReviewOptions>(define(), argv, io);
    if ('exit' in p) return p.exit;
    const values = p.opts;
    const port = values.port;
    const token = values.token ?? io.env['TALLY_REVIEW_TOKEN'];
    const reviewer = values.reviewer ?? io.env['TALLY_REVIEWER'];
    const store = values.create === true ? openStore(values.store, io) : openExistingStore(values.store, io);
    // Uploads go through the runner tally ingest would use: the queue when REDIS_URL is set, else in-process.
    const url = redisUrl(io, values.inProcess);
    let runner: Runner;
    if (url) {
      const { createQueueRunner } = await import('../queue/index.js');
      runner = createQueueRunner({
        url,
        ...(values.queuePrefix ? { prefix: values.queuePrefix } : {}),
        onNotice: (message) => io.stderr.write(`tally review: ${message}\n`),
      });
    } else runner = createInProcessRunner({ store });
    try {
      const server = await startReviewServer({
        store,
        ...(values.host !== undefined ? { host: values.host } : {}),
        ...(port !== undefined ? { port } : {}),
        ...(token !== undefined && token !== '' ? { token } : {}),
        ...(reviewer !== undefined && reviewer !== '' ? { reviewer } : {}),
        ...(values.trustProxy === true ? { trustProxy: true } : {}),
        uploads: {
          runner,
          ...(values.maxUploadMb !== undefined
            ? { maxFileBytes: Math.round(values.maxUploadMb * 1024 * 1024) }
            : {}),
        },
      });
      io.stdout.write(
        `tally review: listening on ${server.url} (store ${store.location}; uploads ${url ? 'queued on REDIS_URL' : 'in-process'}); Ctrl-C to stop\n`,
      );
      if (!io.signal.aborted) await once(io.signal, 'abort');
      await server.close();
      return 0;
    } finally {
      store.close();
    }
  },
};
