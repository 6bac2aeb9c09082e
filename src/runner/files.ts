import { readdir, realpath, stat } from 'node:fs/promises';
import type { Dirent } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import { BadInputError } from '../model/index.js';
import { KNOWN_EXTENSIONS } from '../readers/index.js';

/** The folder `--done move` files go to; dot-named so walking and watching never pick it up again. */
export const DONE_DIR = '.tally-done';

/**
 * Names never read: dotfiles (and dot-folders such as .tally-done), editors' lock files, and partial
 * downloads or copies still being written under a temporary name.
 */
export function isIgnoredName(name: string): boolean {
  if (name.startsWith('.') || name.startsWith('~$')) return true;
  const lower = name.toLowerCase();
  return (
    lower.endsWith('.part') ||
    lower.endsWith('.tmp') ||
    lower.endsWith('.crdownload') ||
    lower.endsWith('.partial') ||
    lower.endsWith('~')
  );
}

/** True for a file tally reads (known extension, not ignored). */
export function isCandidate(name: string): boolean {
  return !isIgnoredName(name) && KNOWN_EXTENSIONS.includes(extname(name).toLowerCase());
}

const GLOB_CHARS = /[*?[]/;

/** `**` any depth, `*` within a segment, `?` one character, `[...]` a class. */
function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i] ?? '';
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        re += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else re += '[^/]*';
    } else if (ch === '?') re += '[^/]';
    else if (ch === '[') {
      const end = glob.indexOf(']', i);
      if (end < 0) re += '\\[';
      else {
        re += glob.slice(i, end + 1);
        i = end;
      }
    } else re += /[.+^${}()|\\]/.test(ch) ? `\\${ch}` : ch;
  }
  return new RegExp(`^${re}$`);
}

/**
 * What a directory entry is, following a symbolic link: a link to a file or a folder is taken as that file or
 * folder (a drop folder of links is a common layout); a dangling link is 'broken' and is handed on, so the
 * runner reports it as a file it cannot read instead of leaving it out without a word.
 */
export async function entryKind(e: Dirent, full: string): Promise<'file' | 'dir' | 'broken' | 'other'> {
  if (e.isDirectory()) return 'dir';
  if (e.isFile()) return 'file';
  if (!e.isSymbolicLink()) return 'other';
  try {
    const st = await stat(full);
    return st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other';
  } catch {
    return 'broken';
  }
}

/** Folders already walked (by real path): a link back up the tree is walked once, not for ever. */
async function firstVisit(dir: string, visited: Set<string>): Promise<boolean> {
  let real: string;
  try {
    real = await realpath(dir);
  } catch {
    return false;
  }
  if (visited.has(real)) return false;
  visited.add(real);
  return true;
}

async function* walk(dir: string, visited = new Set<string>()): AsyncGenerator<string> {
  if (!(await firstVisit(dir, visited))) return;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    throw new BadInputError(`${dir}: cannot list (${(e as NodeJS.ErrnoException).code ?? String(e)})`, {
      cause: e,
    });
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (isIgnoredName(e.name)) continue;
    const full = join(dir, e.name);
    const kind = await entryKind(e, full);
    if (kind === 'dir') yield* walk(full, visited);
    else if ((kind === 'file' || kind === 'broken') && isCandidate(e.name)) yield full;
  }
}

/**
 * Expand the command line's paths and globs into absolute file paths, each once, in a stable order.
 * A folder is walked recursively for known extensions; a file named explicitly is taken whatever its
 * extension (the pipeline decides by content). A path that matches nothing is BadInputError.
 */
export async function expandInputs(inputs: readonly string[], cwd: string): Promise<string[]> {
  const seen = new Set<string>();
  const out: string[] = [];
  const add = (p: string): void => {
    if (!seen.has(p)) {
      seen.add(p);
      out.push(p);
    }
  };
  for (const input of inputs) {
    if (GLOB_CHARS.test(input)) {
      const abs = resolve(cwd, input).split(sep).join('/');
      const parts = abs.split('/');
      const firstGlob = parts.findIndex((p) => GLOB_CHARS.test(p));
      const base = parts.slice(0, firstGlob).join('/') || '/';
      const re = globToRegExp(abs);
      let matched = 0;
      for await (const f of walkAll(base)) {
        if (re.test(f.split(sep).join('/'))) {
          add(f);
          matched++;
        }
      }
      if (matched === 0) throw new BadInputError(`${input}: no files match`);
      continue;
    }
    const abs = resolve(cwd, input);
    let st;
    try {
      st = await stat(abs);
    } catch (e) {
      throw new BadInputError(`${input}: not found`, { cause: e });
    }
    if (st.isDirectory()) for await (const f of walk(abs)) add(f);
    else add(abs);
  }
  return out;
}

/** Walk for globs: every non-ignored file (the glob itself says which extensions it wants). */
async function* walkAll(dir: string, visited = new Set<string>()): AsyncGenerator<string> {
  if (!(await firstVisit(dir, visited))) return;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (isIgnoredName(e.name)) continue;
    const full = join(dir, e.name);
    const kind = await entryKind(e, full);
    if (kind === 'dir') yield* walkAll(full, visited);
    else if (kind === 'file' || kind === 'broken') yield full;
  }
}
