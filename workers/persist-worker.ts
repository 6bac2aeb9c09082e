/**
 * Persist worker: the store's only writer in queue mode. Run exactly ONE per store, on the machine that
 * holds the SQLite file. Env: REDIS_URL, TALLY_QUEUE_PREFIX, TALLY_STORE (default .tally/tally.db).
 */
import { startPersistWorker } from '../src/queue/index.js';
import { defaultStorePath, openSqliteStore } from '../src/store/index.js';
import { runWorker, workerEnv } from './common.js';

let close: (() => void) | undefined;
runWorker(
  'persist-worker',
  () => {
    const { concurrency: _ignored, ...config } = workerEnv();
    const store = openSqliteStore(defaultStorePath(process.cwd(), process.env));
    close = () => store.close();
    return startPersistWorker({ ...config, store });
  },
  () => close?.(),
);
