import { defineConfig, mergeConfig } from 'vitest/config';
import base from '../../vitest.config.js';

/**
 * The main config plus the Redis global setup, for running the queue tests before the lead registers
 * test/setup/global-setup.ts in vitest.config.ts: `npx vitest run -c test/setup/vitest.redis.config.ts test/queue`.
 */
export default mergeConfig(
  base,
  defineConfig({ root: new URL('../..', import.meta.url).pathname, test: { globalSetup: ['test/setup/global-setup.ts'] } }),
);
