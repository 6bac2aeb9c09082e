import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Command as Commander, CommanderError, InvalidArgumentError, Option } from 'commander';
import { BadInputError } from '../model/index.js';
import { defaultStorePath, openSqliteStore, type Store } from '../store/index.js';
import type { CliIo } from './command.js';

export { Commander, Option };

/** The version in package.json (found upward from this module: src/cli/ in the source, dist/src/cli/ built). */
export const VERSION: string = ((): string => {
  for (let dir = import.meta.dirname; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'tally' && pkg.version) return pkg.version;
    }
    if (dirname(dir) === dir) return '0.0.0';
  }
})();

/** Usage errors (unknown flag, bad value, missing argument) exit 2, as in most Unix tools; help and --version 0. */
export const USAGE_EXIT = 2;

/** Route commander's output to the command's streams and make it throw instead of exiting the process. */
export function configure(cmd: Commander, io: Pick<CliIo, 'stdout' | 'stderr'>, label: string): Commander {
  return cmd
    .exitOverride()
    .configureOutput({
      writeOut: (s) => void io.stdout.write(s),
      writeErr: (s) => void io.stderr.write(s),
      outputError: (s, write) => write(`${label}: ${s.replace(/^error: /, '')}`),
    })
    .showSuggestionAfterError(true)
    .showHelpAfterError(`(see ${label} --help)`);
}

/** The exit code for a CommanderError: 0 for help/version, 2 for every usage error. */
export function commanderExit(e: CommanderError): number {
  return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? 0 : USAGE_EXIT;
}

/** A subcommand's parser: `tally <name>`, with a description, the long help text, and the common behaviour. */
export function command(name: string, description: string, help: string): Commander {
  return new Commander(`tally ${name}`)
    .description(description)
    .helpOption('-h, --help', 'show this help')
    .addHelpText('after', `\n${help.trim()}\n`);
}

export type Parsed<O> = { readonly opts: O; readonly args: string[] } | { readonly exit: number };

/**
 * Parse a command line with its commander definition. Returns the options and arguments, or the exit code
 * when commander already answered (help printed: 0; a usage error printed with "did you mean": 2).
 */
export function parseCommand<O>(cmd: Commander, argv: readonly string[], io: CliIo): Parsed<O> {
  configure(cmd, io, cmd.name());
  try {
    cmd.parse([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return { exit: commanderExit(e) };
    throw e;
  }
  return { opts: cmd.opts<O & Record<string, unknown>>(), args: cmd.args };
}

/** commander argParser: a whole number ≥ 0. */
export function wholeNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 0)
    throw new InvalidArgumentError('must be a whole number.');
  return n;
}

/** commander argParser: a whole number ≥ 1. */
export function positiveNumber(value: string): number {
  const n = wholeNumber(value);
  if (n < 1) throw new InvalidArgumentError('must be at least 1.');
  return n;
}

/** The shared `--store <path>` option. */
export const storeOption = (): Option =>
  new Option('--store <path>', 'store file (default: $TALLY_STORE or .tally/tally.db)');

/** `--store` beats TALLY_STORE beats `.tally/tally.db` under the working directory. */
export function storePath(flag: string | undefined, io: Pick<CliIo, 'cwd' | 'env'>): string {
  return flag !== undefined
    ? defaultStorePath(io.cwd, { TALLY_STORE: flag })
    : defaultStorePath(io.cwd, io.env);
}

/** Open (or create) the store: for commands that write (ingest, watch). */
export function openStore(flag: string | undefined, io: Pick<CliIo, 'cwd' | 'env'>): Store {
  return openSqliteStore(storePath(flag, io));
}

/**
 * Open a store that must already exist: for commands that only read (export, status, review). A mistyped
 * --store is an error, never a new empty store that exports nothing.
 */
export function openExistingStore(flag: string | undefined, io: Pick<CliIo, 'cwd' | 'env'>): Store {
  const path = storePath(flag, io);
  if (!existsSync(path)) {
    const from = flag !== undefined ? '--store' : io.env['TALLY_STORE'] ? 'TALLY_STORE' : 'the default';
    throw new BadInputError(`no store at ${path} (from ${from}); run tally ingest first, or check the path`);
  }
  return openSqliteStore(path);
}

/** Queue mode when REDIS_URL is set, unless --in-process. */
export function redisUrl(io: Pick<CliIo, 'env'>, inProcess: boolean | undefined): string | undefined {
  const url = io.env['REDIS_URL'];
  return inProcess || !url ? undefined : url;
}
