/**
 * `tally <args>` from source, for benchmarks and crash tests that need the CLI as a real process
 * (bin/tally.js runs the compiled build). Same signal handling as the real entry point.
 */
import { runAsProcess } from '../src/cli/main.js';

runAsProcess();
