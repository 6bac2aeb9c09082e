import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/index.js';
import { ROOT, SAMPLE_BIG } from './helpers.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** `tally ingest` as a real process (bench/ingest-cli.ts runs the CLI from source). */
const ingest = (storePath: string, input: string) =>
  spawn(
    process.execPath,
    ['--import', 'tsx', 'bench/ingest-cli.ts', 'ingest', '--in-process', '--concurrency', '2', input],
    {
      cwd: ROOT,
      env: { ...process.env, TALLY_STORE: storePath, REDIS_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );

describe('tally ingest killed with SIGKILL', () => {
  it('resumes: every file accounted for, no document saved twice', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tally-crash-'));
    const input = join(dir, 'in');
    mkdirSync(input);
    const seed = readFileSync(SAMPLE_BIG, 'utf8');
    const n = 24;
    for (let i = 0; i < n; i++) {
      // Distinct documents of the same shape: every two-decimal amount scaled per file.
      writeFileSync(
        join(input, `d${i}.txt`),
        seed.replace(/\b\d+\.\d{2}\b/g, (m) => (Number(m) * (1 + (i + 1) / 97)).toFixed(2)),
      );
    }
    const storePath = join(dir, 'store.db');
    const first = ingest(storePath, input);
    const exited = new Promise<void>((r) => first.once('exit', () => r()));
    const store = openSqliteStore(storePath);
    // The store is the only observable state of a running ingest: poll it with a deadline.
    const deadline = Date.now() + 120_000;
    while (store.countByStatus().done < 3 && first.exitCode === null && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    first.kill('SIGKILL');
    await exited;
    const atKill = store.countByStatus();
    expect(atKill.done).toBeGreaterThanOrEqual(3);
    expect(atKill.done).toBeLessThan(n);

    const second = ingest(storePath, input);
    let out = '';
    second.stdout.on('data', (b: Buffer) => (out += b.toString()));
    const code = await new Promise<number | null>((r) => second.once('exit', (c) => r(c)));
    expect(code).toBe(0);
    expect(out).toContain(`skipped (already done) ${atKill.done}`);
    const counts = store.countByStatus();
    expect(counts).toEqual({ queued: 0, processing: 0, done: n, failed: 0 });
    const docs = store.listDocuments();
    // Claimed twice only if it was in flight at the kill (and so never saved by the first run).
    expect(docs.filter((d) => d.attempts > 1).length).toBeLessThanOrEqual(atKill.processing);
    for (let i = 0; i < n; i++) expect(store.lookupPath(join(input, `d${i}.txt`))).toBeDefined();
    store.close();
  }, 240_000);
});
