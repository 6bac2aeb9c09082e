import { BadInputError, type ExtractionResult } from '../model/index.js';
import { UNREAD_PAGE_WARNING, extractFile } from '../pipeline/index.js';
import { Option, command, parseCommand } from './args.js';
import type { CliIo, Command } from './command.js';

const HELP = `Runs the whole pipeline on one file and prints a summary (tables, rows, anomalies by severity).
Exit status: 0 when the status is ok, 1 when partial or failed, 2 for bad input or a usage error.`;

const define = () =>
  command('extract', 'extract and check one file; --json for the full result', HELP)
    .argument('<file>', 'the file to read (the format is decided by its content)')
    .option(
      '--json',
      'write one JSON object (source, meta, tables, grids, texts, anomalies, status) to stdout',
    )
    .addOption(
      new Option('--ocr <mode>', 'auto: OCR pages without a usable text layer; off; force: every page')
        .choices(['auto', 'off', 'force'])
        .default('auto'),
    );

const SEVERITY_ZH = { error: '错误', warning: '警告', info: '提示' } as const;

/** The readable summary: what was found, and the anomalies a person should look at first. */
export function formatSummary(result: ExtractionResult): string {
  const lines: string[] = [];
  const m = result.meta;
  lines.push(`${result.source.path}`);
  lines.push(
    `  ${result.source.format}${result.source.pages !== null ? `, ${result.source.pages} pages` : ''}, sha256 ${result.source.sha256.slice(0, 12)}…`,
  );
  lines.push(
    `  department: ${m.department ?? '-'}   year: ${m.year ?? '-'}   kind: ${m.kind}   unit: ${m.unit ?? '-'}`,
  );
  lines.push(`  status: ${result.status}`);
  lines.push('', `tables (${result.tables.length}):`);
  for (const t of result.tables) {
    const flags = [t.template ? 'template' : '', t.unit ?? ''].filter(Boolean).join(', ');
    lines.push(
      `  ${t.id.padEnd(4)} ${t.type.padEnd(28)} ${String(t.rows.length).padStart(3)} rows  ${t.title}${flags ? `  (${flags})` : ''}`,
    );
  }
  const count = (s: 'error' | 'warning' | 'info'): number =>
    result.anomalies.filter((a) => a.severity === s).length;
  lines.push('', `anomalies: ${count('error')} errors, ${count('warning')} warnings, ${count('info')} info`);
  for (const a of result.anomalies.filter((x) => x.severity !== 'info').slice(0, 30)) {
    const fix = a.suggestion ? `  → ${a.suggestion.value}` : '';
    lines.push(
      `  [${SEVERITY_ZH[a.severity]}] ${a.rule} ${a.table}${a.row ? `/${a.row}` : ''}${a.column ? `/${a.column}` : ''}${fix}`,
    );
    lines.push(`      ${a.message}`);
  }
  if (result.warnings.length > 0) lines.push('', 'warnings:', ...result.warnings.map((w) => `  ${w}`));
  return lines.join('\n') + '\n';
}

/**
 * One line for the pages that could not be read (the warnings hold each page's cause), or undefined when
 * every page was read: "3 of 24 pages could not be read (pages 5, 9, 12); the result is partial".
 */
export function unreadPagesLine(result: ExtractionResult): string | undefined {
  const pages = result.warnings.flatMap((w) => {
    const m = UNREAD_PAGE_WARNING.exec(w);
    return m ? [Number(m[1])] : [];
  });
  if (pages.length === 0) return undefined;
  const of = result.source.pages !== null ? ` of ${result.source.pages}` : '';
  const list = pages.length > 12 ? `${pages.slice(0, 12).join(', ')}, …` : pages.join(', ');
  return `tally: ${pages.length}${of} page${pages.length === 1 && of === '' ? '' : 's'} could not be read (page${pages.length === 1 ? '' : 's'} ${list}); the result is ${result.status}, see its warnings`;
}

export const extractCommand: Command = {
  name: 'extract',
  summary: 'extract and check one file; --json for the full result',
  async run(argv: readonly string[], io: CliIo): Promise<number> {
    const p = parseCommand<{ json?: boolean; ocr: 'auto' | 'off' | 'force' }>(define(), argv, io);
    if ('exit' in p) return p.exit;
    const [file] = p.args;
    if (file === undefined)
      throw new BadInputError('extract takes exactly one file (see tally extract --help)');
    const result = await extractFile(file, { ocr: p.opts.ocr, signal: io.signal });
    io.stdout.write(p.opts.json ? JSON.stringify(result, null, 2) + '\n' : formatSummary(result));
    const line = unreadPagesLine(result);
    if (line) io.stderr.write(line + '\n');
    return result.status === 'ok' ? 0 : 1;
  },
};
