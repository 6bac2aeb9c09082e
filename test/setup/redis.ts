import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** redis-server on PATH, else the Debian location; undefined when neither exists. */
export function findRedisServer(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dirs = [
    ...(env['PATH'] ?? '').split(delimiter).filter(Boolean),
    '/usr/bin',
    '/usr/local/bin',
    '/usr/sbin',
  ];
  for (const d of dirs) {
    const p = join(d, 'redis-server');
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** A free loopback port (the OS picks it; closed again before redis binds it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface RedisHandle {
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  readonly process: ChildProcess;
  /** Stop this server (SIGTERM, waits for exit). The data dir is kept for a restart. */
  stop(): Promise<void>;
  /** Stop and remove the data dir. */
  dispose(): Promise<void>;
}

export interface StartRedisOptions {
  readonly binary?: string;
  readonly port?: number;
  /** Reuse a data dir (restart with the same AOF). */
  readonly dir?: string;
  /** Persist with an append-only file (for restart tests); default off (`--save ''`, no AOF). */
  readonly appendonly?: boolean;
}

/** Start redis-server on loopback; resolves once it accepts connections ("Ready to accept connections"). */
export async function startRedis(options: StartRedisOptions = {}): Promise<RedisHandle> {
  const binary = options.binary ?? findRedisServer();
  if (!binary)
    throw new Error('redis-server not found on PATH or in /usr/bin (apt-get install redis-server)');
  const port = options.port ?? (await freePort());
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'tally-redis-'));
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    '--appendonly',
    options.appendonly ? 'yes' : 'no',
    ...(options.appendonly ? ['--appendfsync', 'always'] : []),
    '--protected-mode',
    'yes',
    '--daemonize',
    'no',
  ];
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (b: Buffer): void => {
      log += b.toString();
      if (log.includes('Ready to accept connections')) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) =>
      reject(new Error(`redis-server exited (${code}) before it was ready:\n${log.slice(-2000)}`)),
    );
  });
  child.stdout.resume();
  child.stderr.resume();
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    await exited;
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    process: child,
    stop,
    async dispose() {
      await stop();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
