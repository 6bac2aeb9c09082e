import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { BadInputError } from '../model/index.js';
import { Watcher, createInProcessRunner, type Runner } from '../runner/index.js';
import type { Store } from '../store/index.js';
import { choice, intOption, openStore, parse, redisUrl } from './args.js';
import type { CliIo, Command } from './command.js';

const USAGE = `usage: tally watch <dir> [options]

Process files as they arrive in <dir> (recursively). A file is read once its size and modification
time are unchanged across two polls; temporary names (*.part, *.tmp, .~lock*, dotfiles) are ignored.
Files that arrived while the watcher was down are picked up when it starts.

options:
  --done move|mark      move: put finished files into <dir>/.tally-done/; mark (default): leave them, recorded in the store
  --interval <ms>       poll interval (default 2000)
  --store <path>        store file (default: $TALLY_STORE or .tally/tally.db)
  --in-process          do not use the queue even when REDIS_URL is set
  --queue-prefix <p>    BullMQ key prefix (default: tally)`;

export const watchCommand: Command = {
  name: 'watch',
  summary: 'process files as they arrive in a folder',
  usage: USAGE,
  async run(argv, io: CliIo): Promise<number> {
    const { values, positionals } = parse('watch', argv, {
      done: { type: 'string' },
      interval: { type: 'string' },
      store: { type: 'string' },
      'in-process': { type: 'boolean' },
      'queue-prefix': { type: 'string' },
    });
    const [target, ...extra] = positionals;
    if (target === undefined || extra.length > 0) {
      io.stderr.write(USAGE + '\n');
      return 2;
    }
    const dir = resolve(io.cwd, target);
    const st = await stat(dir).catch(() => undefined);
    if (!st?.isDirectory()) throw new BadInputError(`watch: ${target} is not a folder`);
    const done = choice('watch', 'done', values.done, ['move', 'mark'] as const) ?? 'mark';
    const interval = intOption('watch', 'interval', values.interval) ?? 2000;
    const url = redisUrl(io, values['in-process']);
    let store: Store | undefined;
    let runner: Runner;
    if (url) {
      const { createQueueRunner } = await import('../queue/index.js');
      runner = createQueueRunner({
        url,
        ...(values['queue-prefix'] ? { prefix: values['queue-prefix'] } : {}),
      });
    } else {
      store = openStore(values.store, io);
      runner = createInProcessRunner({ store });
    }
    const watcher = new Watcher({
      dir,
      runner,
      ...(store ? { store } : {}),
      done,
      onItem: (o) => {
        const line =
          o.kind === 'processed'
            ? `done ${o.path} (${o.status}; anomalies: error ${o.anomalies.error}, warning ${o.anomalies.warning})`
            : o.kind === 'skipped'
              ? `already done ${o.path}`
              : o.kind === 'failed'
                ? `failed ${o.path}: ${o.reason}`
                : `left for later ${o.path}`;
        io.stderr.write(`${new Date().toISOString()} ${line}\n`);
      },
    });
    io.stderr.write(
      `tally: watching ${dir} every ${interval} ms (${url ? 'queue' : 'in-process'}, --done ${done}); Ctrl-C to stop\n`,
    );
    try {
      await watcher.run(io.signal, interval);
    } finally {
      await runner.close();
      store?.close();
    }
    return 0;
  },
};
