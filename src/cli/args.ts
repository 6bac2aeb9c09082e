import { parseArgs, type ParseArgsConfig } from 'node:util';
import { BadInputError } from '../model/index.js';
import { defaultStorePath, openSqliteStore, type Store } from '../store/index.js';
import type { CliIo } from './command.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs, with its errors turned into one-line BadInputError for the top-level catch. */
export function parse<O extends Options>(
  command: string,
  argv: readonly string[],
  options: O,
  allowPositionals = true,
) {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals, strict: true });
  } catch (e) {
    throw new BadInputError(`${command}: ${(e as Error).message} (see tally ${command} --help)`, {
      cause: e,
    });
  }
}

/** `--store` beats TALLY_STORE beats `.tally/tally.db` under the working directory. */
export function storePath(flag: string | undefined, io: Pick<CliIo, 'cwd' | 'env'>): string {
  return flag !== undefined
    ? defaultStorePath(io.cwd, { TALLY_STORE: flag })
    : defaultStorePath(io.cwd, io.env);
}

export function openStore(flag: string | undefined, io: Pick<CliIo, 'cwd' | 'env'>): Store {
  return openSqliteStore(storePath(flag, io));
}

export function intOption(command: string, name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new BadInputError(`${command}: --${name} must be a whole number, got '${value}'`);
  return n;
}

export function choice<T extends string>(
  command: string,
  name: string,
  value: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new BadInputError(`${command}: --${name} must be one of ${allowed.join(', ')}, got '${value}'`);
  }
  return value as T;
}

/** Queue mode when REDIS_URL is set, unless --in-process. */
export function redisUrl(io: Pick<CliIo, 'env'>, inProcess: boolean | undefined): string | undefined {
  const url = io.env['REDIS_URL'];
  return inProcess || !url ? undefined : url;
}
