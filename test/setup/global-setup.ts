import type { TestProject } from 'vitest/node';
import { findRedisServer, startRedis } from './redis.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** redis://127.0.0.1:<port> of the Redis started for this test run; '' when none could be started locally. */
    redisUrl: string;
  }
}

/**
 * Starts one redis-server for the whole run on a free loopback port, in a temp dir, with persistence off
 * (`--save ''`), and hands its URL to tests (`inject('redisUrl')`). Tests isolate themselves with unique
 * queue prefixes. Without redis-server the queue tests are skipped locally, but on CI (CI=true) the run
 * fails here: a CI that silently skipped them would pass without the feature.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const binary = findRedisServer();
  if (!binary) {
    if (process.env['CI'] === 'true') {
      throw new Error(
        'CI=true but redis-server is not installed: the queue tests cannot run (apt-get install redis-server)',
      );
    }
    process.stderr.write(
      'global-setup: redis-server not found; queue tests will be skipped (they never are on CI)\n',
    );
    project.provide('redisUrl', '');
    return () => Promise.resolve();
  }
  const redis = await startRedis({ binary });
  project.provide('redisUrl', redis.url);
  return () => redis.dispose();
}
