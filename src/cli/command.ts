/** Where a command writes. Tests pass buffers; the real CLI passes process streams. */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Aborted on SIGINT/SIGTERM: long commands finish or hand back the current item, then return. */
  readonly signal: AbortSignal;
}

/**
 * One file per command under src/cli/, each exporting a Command. `run` returns the exit code; it throws
 * TallyError (or anything) only for failures, which main.ts's single catch turns into one line.
 */
export interface Command {
  readonly name: string;
  /** One line for `tally --help`. */
  readonly summary: string;
  /** Usage text for `tally <name> --help`. */
  readonly usage: string;
  run(argv: readonly string[], io: CliIo): Promise<number>;
}
