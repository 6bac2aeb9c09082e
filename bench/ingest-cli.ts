/**
 * `tally <args>` from source, for benchmarks and crash tests that need the CLI as a real process
 * (bin/tally.js runs the compiled build). Same signal handling as the real entry point.
 */
import { main, reportFailure } from '../src/cli/main.js';

const controller = new AbortController();
const stopOnce = (): void => controller.abort();
process.on('SIGINT', stopOnce);
process.on('SIGTERM', stopOnce);
const io = {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
  signal: controller.signal,
};
main(process.argv.slice(2), io).then(
  (code) => (process.exitCode = code),
  (e: unknown) => (process.exitCode = reportFailure(e, io)),
);
