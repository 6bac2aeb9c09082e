/**
 * Where the material outside the repository lives: `TALLY_SHARED` when set, else `../shared` beside the
 * repository root. Tests and benchmarks that read it skip cleanly when it is absent (a user's clone has no
 * ../shared); nothing in the repository names an absolute path of one machine.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root (this file is test/support/shared.ts). */
export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');

/** The shared folder: seeds/, corpus/ … */
export const SHARED_DIR = process.env['TALLY_SHARED']
  ? resolve(process.env['TALLY_SHARED'])
  : join(REPO_ROOT, '..', 'shared');

/** A path inside the shared folder. */
export function sharedPath(...parts: string[]): string {
  return join(SHARED_DIR, ...parts);
}

/** True when every named path inside the shared folder exists (use with describe.skipIf / it.skipIf). */
export function hasShared(...paths: string[][]): boolean {
  return paths.length === 0 ? existsSync(SHARED_DIR) : paths.every((p) => existsSync(sharedPath(...p)));
}

/** The seeds folder and the corpus folder. */
export const SEEDS_DIR = sharedPath('seeds');
export const CORPUS_DIR = sharedPath('corpus');
