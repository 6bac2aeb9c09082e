import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BadInputError } from '../model/index.js';
import { openSqliteStore } from '../store/index.js';
import type { CliIo } from './command.js';
import { reviewCommand } from './review.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tally-review-cli-'));
  openSqliteStore(join(dir, 't.db')).close();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function io(env: NodeJS.ProcessEnv = {}): { io: CliIo; out: PassThrough; controller: AbortController } {
  const out = new PassThrough();
  const controller = new AbortController();
  return {
    io: { stdout: out, stderr: new PassThrough(), cwd: dir, env, signal: controller.signal },
    out,
    controller,
  };
}

describe('tally review', () => {
  it('refuses to listen beyond loopback without a token', async () => {
    const { io: cli } = io();
    await expect(
      reviewCommand.run(['--host', '0.0.0.0', '--store', join(dir, 't.db')], cli),
    ).rejects.toBeInstanceOf(BadInputError);
  });

  it('prints its loopback address, serves the page with the token from the environment, and stops on abort', async () => {
    const {
      io: cli,
      out,
      controller,
    } = io({ TALLY_REVIEW_TOKEN: 'a-long-enough-token-123', TALLY_REVIEWER: '甲' });
    const running = reviewCommand.run(['--store', join(dir, 't.db')], cli);
    const line = await new Promise<string>((resolve) =>
      out.once('data', (b: Buffer) => resolve(b.toString('utf8'))),
    );
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(line)?.[1];
    expect(url).toBeDefined();
    const anonymous = await fetch(`${url}api/queue`);
    expect(anonymous.status).toBe(401);
    const withToken = await fetch(`${url}api/queue`, {
      headers: { authorization: 'Bearer a-long-enough-token-123' },
    });
    expect(withToken.status).toBe(200);
    controller.abort();
    await expect(running).resolves.toBe(0);
  });

  it('starts on a store that does not exist yet only with --create, and takes an upload there', async () => {
    const fresh = join(dir, 'new', 'fresh.db');
    await expect(reviewCommand.run(['--store', fresh], io().io)).rejects.toBeInstanceOf(BadInputError);
    const { io: cli, out, controller } = io({ TALLY_REVIEWER: '甲' });
    const running = reviewCommand.run(['--create', '--in-process', '--store', fresh], cli);
    const line = await new Promise<string>((resolve) =>
      out.once('data', (b: Buffer) => resolve(b.toString('utf8'))),
    );
    expect(line).toContain('uploads in-process');
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(line)?.[1] ?? '';
    const page = await fetch(url);
    const cookie = /tally_review=[^;]+/.exec(page.headers.get('set-cookie') ?? '')?.[0] ?? '';
    const session = (await (await fetch(`${url}api/session`, { headers: { cookie } })).json()) as {
      csrf: string;
    };
    const form = new FormData();
    form.append('file', new File(['not a document\u0000'], 'x.bin'));
    const res = await fetch(`${url}api/documents`, {
      method: 'POST',
      body: form,
      headers: { cookie, 'x-csrf-token': session.csrf, origin: url.replace(/\/$/, '') },
    });
    expect(res.status).toBe(415);
    controller.abort();
    await expect(running).resolves.toBe(0);
    const store = openSqliteStore(fresh);
    expect(store.listUploads().map((u) => [u.name, u.status])).toEqual([['x.bin', 'rejected']]);
    store.close();
  });
});
