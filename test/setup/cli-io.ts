import { PassThrough } from 'node:stream';
import type { CliIo } from '../../src/cli/command.js';

export interface CapturedIo extends CliIo {
  out(): string;
  err(): string;
}

/** A CliIo writing into buffers, for running commands in tests. */
export function captureIo(
  cwd: string,
  env: NodeJS.ProcessEnv = {},
  signal: AbortSignal = new AbortController().signal,
): CapturedIo {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (b: Buffer) => (out += b.toString()));
  stderr.on('data', (b: Buffer) => (err += b.toString()));
  return { stdout, stderr, cwd, env, signal, out: () => out, err: () => err };
}
