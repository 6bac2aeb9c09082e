import { Command as Commander, CommanderError } from 'commander';
import { isTallyError } from '../model/index.js';
import { VERSION, commanderExit, configure } from './args.js';
import type { CliIo, Command } from './command.js';

/** Commands load lazily so `tally extract` never pays for the queue or the review server. */
const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  extract: {
    summary: 'extract and check one file; --json for the full result',
    load: async () => (await import('./extract.js')).extractCommand,
  },
  ingest: {
    summary: 'extract files, folders or globs into the store (resumable)',
    load: async () => (await import('./ingest.js')).ingestCommand,
  },
  watch: {
    summary: 'process files as they arrive in a folder',
    load: async () => (await import('./watch.js')).watchCommand,
  },
  status: {
    summary: 'documents by status, open anomalies, queue depths',
    load: async () => (await import('./status.js')).statusCommand,
  },
  export: {
    summary: 'export values (corrections applied) as csv, xlsx, json or sqlite',
    load: async () => (await import('./export.js')).exportCommand,
  },
  review: {
    summary: 'review flagged rows in a web page beside the source image',
    load: async () => (await import('./review.js')).reviewCommand,
  },
};

/**
 * The command line: commander picks the command (unknown ones get "did you mean", exit 2; `--version`,
 * `--help`), then the command parses the rest with its own commander definition.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const program = configure(new Commander('tally'), io, 'tally')
    .description('Structured, arithmetic-checked data from Chinese public-finance disclosures.')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show this help')
    .helpCommand(false)
    .configureHelp({ subcommandTerm: (cmd) => cmd.name() + (cmd.name() === 'help' ? ' [command]' : '') })
    .enablePositionalOptions()
    .addHelpText('after', '\nRun `tally <command> --help` for its options.');
  let chosen: { name: string; args: string[] } | undefined;
  for (const [name, c] of Object.entries(COMMANDS)) {
    program
      .command(name)
      .description(c.summary)
      // The command's own parser sees everything after its name, --help included.
      .helpOption(false)
      .passThroughOptions()
      .allowUnknownOption()
      .allowExcessArguments()
      .argument('[args...]')
      .action((args: string[]) => {
        chosen = { name, args };
      });
  }
  program
    .command('help')
    .description('show help for a command')
    .argument('[command]')
    .action((name: string | undefined) => {
      if (name === undefined) return program.help();
      if (!(name in COMMANDS))
        return program.error(`unknown command '${name}'`, { code: 'commander.unknownCommand' });
      chosen = { name, args: ['--help'] };
    });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return commanderExit(e);
    throw e;
  }
  if (!chosen) return 2;
  const command = await COMMANDS[chosen.name]!.load();
  return command.run(chosen.args, io);
}

/** A write to a closed pipe (`tally export | head`): the reader has what it wanted, so stop quietly. */
export function isBrokenPipe(e: unknown): boolean {
  return (e as NodeJS.ErrnoException | undefined)?.code === 'EPIPE';
}

/** The one top-level catch: every failure becomes one line and an exit code; stacks only with TALLY_DEBUG=1. */
export function reportFailure(e: unknown, io: Pick<CliIo, 'stderr' | 'env'>): number {
  if (isBrokenPipe(e)) return 0;
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
  // `tally export | head`: once head exits, writes fail with EPIPE. Leave at once and quietly (as cat does,
  // bar the signal): there is no one left to read the rest.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: unknown) => {
      if (isBrokenPipe(e)) process.exit(0);
      throw e;
    });
  }
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
