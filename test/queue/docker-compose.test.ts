import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from './helpers.js';

interface Service {
  command?: string[];
  image?: string;
  build?: unknown;
  environment?: Record<string, string>;
  volumes?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  deploy?: { replicas?: number };
}

// Docker cannot run here: check the file's promises against the repository instead.
const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const mainTs = readFileSync(join(ROOT, 'src/cli/main.ts'), 'utf8');

/** The source file a command runs: dist/X.js is compiled from X.ts; bin/tally.js <cmd> is src/cli/<cmd>.ts. */
function entryOf(command: readonly string[]): string[] {
  const [node, script, sub] = command;
  expect(node).toBe('node');
  if (script === 'bin/tally.js') {
    expect(sub, 'tally subcommand').toBeDefined();
    expect(mainTs).toMatch(
      new RegExp(`\\b${sub}: \\{[^}]*load: async \\(\\) => \\(await import\\('\\./${sub}\\.js'\\)\\)`),
    );
    return ['bin/tally.js', `src/cli/${sub}.ts`];
  }
  const m = /^dist\/(.+)\.js$/.exec(script ?? '');
  expect(m, `${script} should be a compiled entry point under dist/`).not.toBeNull();
  return [`${m![1]}.ts`];
}

describe('docker-compose.yml', () => {
  it('every service command runs a real entry point in the repository', () => {
    for (const [name, svc] of Object.entries(compose.services)) {
      if (name === 'redis') continue;
      expect(svc.command, name).toBeDefined();
      for (const file of entryOf(svc.command!))
        expect(existsSync(join(ROOT, file)), `${name}: ${file}`).toBe(true);
    }
  });

  it('runs redis with persistence and a healthcheck, and every tally service waits for it', () => {
    const redis = compose.services['redis']!;
    expect(redis.command).toContain('--appendonly');
    expect(redis.command![redis.command!.indexOf('--appendonly') + 1]).toBe('yes');
    expect(redis.healthcheck?.test).toContain('ping');
    for (const [name, svc] of Object.entries(compose.services)) {
      if (name === 'redis') continue;
      expect(svc.depends_on?.['redis']?.condition, name).toBe('service_healthy');
      expect(svc.environment?.['REDIS_URL'], name).toBe('redis://redis:6379');
    }
  });

  it('scales extract workers, keeps exactly one persist worker, and shares the drop folder and the store', () => {
    const s = compose.services;
    expect(s['extract-worker']?.deploy?.replicas).toBeGreaterThan(1);
    expect(s['persist-worker']?.deploy?.replicas).toBe(1);
    const mounts = (svc: string): string[] =>
      (s[svc]?.volumes ?? []).map((v) => v.split(':').slice(0, 2).join(':'));
    for (const svc of ['extract-worker', 'ocr-worker', 'watcher'])
      expect(mounts(svc)).toContain('drop:/data/drop');
    for (const svc of ['persist-worker', 'review', 'watcher'])
      expect(mounts(svc)).toContain('store:/data/store');
    // Workers that may run on other machines never mount the store.
    expect(mounts('extract-worker').some((m) => m.startsWith('store:'))).toBe(false);
    expect(Object.keys(compose.volumes)).toEqual(expect.arrayContaining(['store', 'drop', 'redis-data']));
    expect(s['watcher']?.command).toEqual(expect.arrayContaining(['watch', '/data/drop', '--done', 'move']));
    expect(s['review']?.command).toEqual(expect.arrayContaining(['review', '--host', '0.0.0.0']));
    expect(s['review']?.environment?.['TALLY_REVIEW_TOKEN']).toMatch(/TALLY_REVIEW_TOKEN/);
    expect(s['review']?.healthcheck).toBeDefined();
  });
});
