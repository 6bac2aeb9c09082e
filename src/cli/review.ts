import { once } from 'node:events';
import { startReviewServer } from '../review/index.js';
import { intOption, openStore, parse } from './args.js';
import type { CliIo, Command } from './command.js';

const USAGE = `usage: tally review [options]

Start the review page: a queue of open anomalies beside the source (page image for PDFs, source line or
cell otherwise), where a reviewer accepts a suggestion, types a value or marks a false alarm. Every
correction is attributed to the reviewer, re-runs the document's validation, and is kept in the store
(tally export writes the corrected values).

options:
  --store <path>      store file (default: $TALLY_STORE or .tally/tally.db)
  --port <n>          port (default 0: a free one; the address is printed)
  --host <h>          address to listen on (default 127.0.0.1; anything else needs a token)
  --reviewer <name>   reviewer name (default $TALLY_REVIEWER; else asked on the login page)
  --token <t>         require this token (default $TALLY_REVIEW_TOKEN): a login page, or Authorization: Bearer`;

export const reviewCommand: Command = {
  name: 'review',
  summary: 'review flagged rows in a web page beside the source image',
  usage: USAGE,
  async run(argv, io: CliIo): Promise<number> {
    const { values } = parse(
      'review',
      argv,
      {
        store: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        reviewer: { type: 'string' },
        token: { type: 'string' },
      },
      false,
    );
    const port = intOption('review', 'port', values.port);
    const token = values.token ?? io.env['TALLY_REVIEW_TOKEN'];
    const reviewer = values.reviewer ?? io.env['TALLY_REVIEWER'];
    const store = openStore(values.store, io);
    try {
      const server = await startReviewServer({
        store,
        ...(values.host !== undefined ? { host: values.host } : {}),
        ...(port !== undefined ? { port } : {}),
        ...(token !== undefined && token !== '' ? { token } : {}),
        ...(reviewer !== undefined && reviewer !== '' ? { reviewer } : {}),
      });
      io.stdout.write(`tally review: listening on ${server.url} (store ${store.location}); Ctrl-C to stop\n`);
      if (!io.signal.aborted) await once(io.signal, 'abort');
      await server.close();
      return 0;
    } finally {
      store.close();
    }
  },
};
