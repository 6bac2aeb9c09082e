import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'workers/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // One real redis-server for the run (the queue tests); fails on CI when it is missing, never skips there.
    globalSetup: ['test/setup/global-setup.ts'],
    pool: 'forks',
  },
});
