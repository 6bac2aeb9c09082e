import { readdir, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { isCandidate, isIgnoredName } from '../runner/index.js';

/**
 * Document formats people drop beside the ones tally reads, and expect to be read: office formats tally
 * has no reader for (old binary Word/Excel, WPS, OpenDocument, RTF, PowerPoint), OFD (the Chinese
 * fixed-layout format), CSV, images it does not decode, and archives. Other files (notes, JSON) are
 * not documents and are not listed.
 */
// prettier-ignore
export const UNSUPPORTED_DOCUMENTS: readonly string[] = [
  '.doc', '.docm', '.dot', '.dotx', '.rtf', '.odt', '.wps', '.wpt',
  '.xls', '.xlsm', '.xlsb', '.xlt', '.ods', '.et', '.ett', '.csv',
  '.ppt', '.pptx', '.odp', '.dps',
  '.ofd', '.ceb', '.xps', '.djvu', '.epub', '.mht', '.mhtml',
  '.bmp', '.gif', '.webp', '.heic',
  '.zip', '.rar', '.7z', '.tar', '.gz',
];

/** Files in the given folders that are documents tally does not read (.doc, .xls, .ofd, .wps …), sorted. */
export async function unsupportedFiles(inputs: readonly string[], cwd: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return; // expandInputs already reported a folder it cannot list
    }
    for (const e of entries) {
      if (isIgnoredName(e.name)) continue;
      const full = join(dir, e.name);
      if (e.isDirectory()) await walk(full);
      else if (
        e.isFile() &&
        !isCandidate(e.name) &&
        UNSUPPORTED_DOCUMENTS.includes(extname(e.name).toLowerCase())
      )
        out.push(full);
    }
  };
  for (const input of inputs) {
    if (/[*?[]/.test(input)) continue; // a glob names what it wants; what it matched is read and judged
    const abs = resolve(cwd, input);
    const st = await stat(abs).catch(() => undefined);
    if (st?.isDirectory()) await walk(abs);
  }
  return [...new Set(out)].sort();
}

/** A file name on one line of a report: control characters (a newline in a name) shown escaped. */
export function printable(name: string): string {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f]/.test(name) ? JSON.stringify(name) : name;
}

/** The summary lines for files not read: one count by extension, then the names (at most `limit`). */
export function formatUnsupported(files: readonly string[], limit = 20): string {
  if (files.length === 0) return '';
  const byExt = new Map<string, number>();
  for (const f of files) {
    const ext = extname(f).toLowerCase() || '(no extension)';
    byExt.set(ext, (byExt.get(ext) ?? 0) + 1);
  }
  const counts = [...byExt].map(([e, n]) => `${e} ${n}`).join(', ');
  const lines = [
    `not read (format not supported): ${files.length} file(s): ${counts}; convert .doc/.xls/.wps/.et to .docx/.xlsx, .ofd to PDF`,
  ];
  for (const f of files.slice(0, limit)) lines.push(`unsupported: ${printable(f)}`);
  if (files.length > limit) lines.push(`unsupported: … and ${files.length - limit} more`);
  return lines.join('\n') + '\n';
}
