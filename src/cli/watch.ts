import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { BadInputError } from '../model/index.js';
import { Watcher, createInProcessRunner, type Runner, type WatcherOptions } from '../runner/index.js';
import { DEFAULT_SETTLE_MS } from '../runner/watcher.js';
import type { Store } from '../store/index.js';
import {
  Option,
  command,
  openStore,
  parseCommand,
  positiveNumber,
  redisUrl,
  storeOption,
  wholeNumber,
} from './args.js';
import type { CliIo, Command } from './command.js';

const HELP = `Process files as they arrive in <dir> (recursively). A file is read once its size and modification
time have stayed unchanged for --settle ms (and across two polls); temporary names (*.part, *.tmp,
.~lock*, dotfiles) are ignored. Files that arrived while the watcher was down are picked up when it starts.
A writer that pauses longer than --settle can still be read early: where you can, write under a temporary
name (*.part) and rename when done.`;

interface WatchOptions {
  done: 'move' | 'mark';
  interval: number;
  settle: number;
  store?: string;
  inProcess?: boolean;
  queuePrefix?: string;
}

const define = () =>
  command('watch', 'process files as they arrive in a folder', HELP)
    .argument('<dir>', 'the drop folder')
    .addOption(
      new Option(
        '--done <mode>',
        'move: put finished files into <dir>/.tally-done/ (the store records the new path); mark: leave them, recorded in the store',
      )
        .choices(['move', 'mark'])
        .default('mark'),
    )
    .option('--interval <ms>', 'poll interval', positiveNumber, 2000)
    .option(
      '--settle <ms>',
      'how long a file must stay unchanged before it is read',
      wholeNumber,
      DEFAULT_SETTLE_MS,
    )
    .addOption(storeOption())
    .option('--in-process', 'do not use the queue even when REDIS_URL is set')
    .option('--queue-prefix <p>', 'BullMQ key prefix (default: tally)');

export const watchCommand: Command = {
  name: 'watch',
  summary: 'process files as they arrive in a folder',
  async run(argv, io: CliIo): Promise<number> {
    const p = parseCommand<WatchOptions>(define(), argv, io);
    if ('exit' in p) return p.exit;
    const values = p.opts;
    const [target = '.'] = p.args;
    const dir = resolve(io.cwd, target);
    const st = await stat(dir).catch(() => undefined);
    if (!st?.isDirectory()) throw new BadInputError(`watch: ${target} is not a folder`);
    const { done, interval, settle } = values;
    const url = redisUrl(io, values.inProcess);
    let store: Store | undefined;
    let runner: Runner;
    let recordPath: WatcherOptions['recordPath'];
    if (url) {
      const { createQueueRunner } = await import('../queue/index.js');
      const queue = createQueueRunner({
        url,
        ...(values.queuePrefix ? { prefix: values.queuePrefix } : {}),
        onNotice: (message) => void io.stderr.write(`${new Date().toISOString()} tally: ${message}\n`),
      });
      runner = queue;
      recordPath = (r) => queue.recordPath(r);
    } else {
      store = openStore(values.store, io);
      runner = createInProcessRunner({ store });
    }
    const watcher = new Watcher({
      dir,
      runner,
      ...(store ? { store } : {}),
      ...(recordPath ? { recordPath } : {}),
      done,
      settleMs: settle,
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
      `tally: watching ${dir} every ${interval} ms, settle ${settle} ms (${url ? 'queue' : 'in-process'}, --done ${done}); Ctrl-C to stop\n`,
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
