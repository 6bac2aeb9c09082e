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
 * One file per command under src/cli/, each exporting a Command that parses its own argv with commander
 * (src/cli/args.ts: --help, usage errors exit 2 with "did you mean"). `run` returns the exit code; it throws
 * TallyError (or anything) only for failures, which main.ts's single catch turns into one line.
 */
export interface Command {
  readonly name: string;
  /** One line for `tally --help`. */
  readonly summary: string;
  run(argv: readonly string[], io: CliIo): Promise<number>;
}
