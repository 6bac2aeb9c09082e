export { createInProcessRunner, reasonOf } from './in-process.js';
export type { InProcessOptions } from './in-process.js';
export { SummaryBuilder, countBySeverity } from './runner.js';
export type { ExtractFn, ItemOutcome, RunOptions, RunSummary, Runner } from './runner.js';
export { expandInputs, isCandidate, isIgnoredName, DONE_DIR } from './files.js';
export { Watcher } from './watcher.js';
export type { WatcherOptions } from './watcher.js';
