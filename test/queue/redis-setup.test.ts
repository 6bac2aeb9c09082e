import { Redis } from 'ioredis';
import { describe, expect, inject, it } from 'vitest';

describe('global setup', () => {
  it('provides a running Redis on loopback (never skipped on CI)', async () => {
    const url = inject('redisUrl');
    // On CI a missing Redis (or a globalSetup not registered) must fail here, not skip the queue tests.
    if (process.env['CI'] === 'true') expect(url).toBeTruthy();
    if (!url) return;
    expect(url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
    const r = new Redis(url);
    expect(await r.ping()).toBe('PONG');
    expect(await r.config('GET', 'save')).toEqual(['save', '']);
    r.disconnect();
  });
});
