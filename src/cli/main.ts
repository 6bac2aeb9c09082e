import { isTallyError } from '../model/index.js';
import type { CliIo, Command } from './command.js';

/** Commands load lazily so `tally extract` never pays for the queue or the review server. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  extract: async () => (await import('./extract.js')).extractCommand,
  ingest: async () => (await import('./ingest.js')).ingestCommand,
  watch: async () => (await import('./watch.js')).watchCommand,
  status: async () => (await import('./status.js')).statusCommand,
  export: async () => (await import('./export.js')).exportCommand,
  review: async () => (await import('./review.js')).reviewCommand,
};

async function help(io: CliIo): Promise<void> {
  const lines = ['usage: tally <command> [options]', '', 'commands:'];
  for (const [name, load] of Object.entries(COMMANDS)) {
    try {
      lines.push(`  ${name.padEnd(9)} ${(await load()).summary}`);
    } catch {
      // A command whose module is not present in this build is simply not listed.
    }
  }
  lines.push('', 'Run `tally <command> --help` for its options.');
  io.stdout.write(lines.join('\n') + '\n');
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    await help(io);
    return name ? 0 : 1;
  }
  const load = COMMANDS[name];
  if (!load) {
    io.stderr.write(`tally: unknown command '${name}' (see tally --help)\n`);
    return 2;
  }
  const command = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(command.usage.trimEnd() + '\n');
    return 0;
  }
  return command.run(rest, io);
}

/** The one top-level catch: every failure becomes one line and an exit code; stacks only with TALLY_DEBUG=1. */
export function reportFailure(e: unknown, io: Pick<CliIo, 'stderr' | 'env'>): number {
  if (io.env['TALLY_DEBUG'] === '1' && e instanceof Error) io.stderr.write((e.stack ?? String(e)) + '\n');
  if (isTallyError(e)) {
    io.stderr.write(`tally: ${e.message}\n`);
    return e.exitCode;
  }
  const message = e instanceof Error ? e.message : String(e);
  io.stderr.write(`tally: internal error: ${message.split('\n')[0] ?? ''} (set TALLY_DEBUG=1 for details)\n`);
  return 70;
}

/**
 * Run the CLI as this process: argv, stdio, exit code, and signals (the first SIGINT/SIGTERM lets the current
 * item finish, a second quits). The real entry point and bench/ingest-cli.ts (the CLI from source) both use it.
 */
export function runAsProcess(): void {
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = (sig: NodeJS.Signals): void => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130);
    process.stderr.write(`\ntally: ${sig} received, finishing the current item (again to quit now)\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const io: CliIo = {
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
    env: process.env,
    signal: controller.signal,
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.exitCode = reportFailure(e, io);
    },
  );
}

const isEntry = process.argv[1] !== undefined && /[\\/](main\.js|tally(\.js)?)$/.test(process.argv[1]);
if (isEntry) runAsProcess();
