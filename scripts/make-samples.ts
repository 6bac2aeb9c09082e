/**
 * Build the committed samples in samples/ from the real seed exports, so tests and demos never need
 * LibreOffice:
 *
 *   seed text export ──text-export reader──▶ blocks ──▶ <seed>.html ──soffice──▶ <seed>.docx, <seed>.pdf
 *   seed 004's nine 决算 tables ──▶ 004-final-accounts-2023-tables.html (ruled, merged headers)
 *                               ──exceljs──▶ …-tables.xlsx ──soffice calc──▶ …-tables.pdf (ruled, landscape)
 *   merged-cells.html (rowspan/colspan, a Word vertical merge) ──soffice──▶ merged-cells.docx
 *
 * Values are the seeds' own, glitches included (85715.09, 2346.4, 10.618; "• 0" is printed as 0 because the
 * artifact cleaner drops the stray bullet). Run: npx tsx scripts/make-samples.ts [seedsDir] [--tables-only]
 * Needs soffice (libreoffice-writer) and fonts-noto-cjk for the DOCX/PDF files.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { applyHeaderFixes } from './lib/header-fixes.js';
import ExcelJS from 'exceljs';
import type { Block, Grid } from '../src/model/index.js';
import { textExportToBlocks } from '../src/readers/text-export/index.js';

const repo = join(import.meta.dirname, '..');
const args = process.argv.slice(2);
/** --tables-only rebuilds just the seed-004 table samples (the slow DOCX/PDF conversions are skipped). */
const tablesOnly = args.includes('--tables-only');
const seedsDir = args.find((a) => !a.startsWith('--')) ?? join(repo, '..', 'shared', 'seeds');
const outDir = join(repo, 'samples');

/** Seed → sample base name: number, what it is, year. */
export const SAMPLE_SEEDS = [
  { prefix: '000', name: '000-performance-qingshuitang-2023' },
  { prefix: '001', name: '001-performance-yingshang-2023' },
  { prefix: '002', name: '002-performance-shangwu-2023' },
  { prefix: '003', name: '003-performance-kegongxin-2023' },
  { prefix: '004', name: '004-final-accounts-2023' },
] as const;

/** A merged range in grid coordinates (0-based, inclusive). */
interface Merge {
  readonly r0: number;
  readonly c0: number;
  readonly r1: number;
  readonly c1: number;
}
const m = (r0: number, c0: number, r1: number, c1: number): Merge => ({ r0, c0, r1, c1 });
/** Vertical merges of the rows r0..r1 for each column in cols. */
const down = (r0: number, r1: number, cols: readonly number[]): Merge[] => cols.map((c) => m(r0, c, r1, c));

/**
 * The header merges of the nine 决算 tables as the official forms print them, written against the seed's
 * grid positions (so they only ever cover cells the seed left empty). Seed 004's text export shifted one
 * header (公开09: 决算数 sits at column 4 where the form prints it over columns 6–10); `HEADER_FIXES` puts it back
 * where the form has it, so the samples are the document, not the export's slip.
 */
const NINE_TABLES: readonly { title: string; label: string; merges: readonly Merge[] }[] = [
  { title: '收入支出决算总表', label: '公开01表', merges: [m(0, 0, 0, 2), m(0, 3, 0, 5)] },
  { title: '收入决算表', label: '公开02表', merges: [m(0, 0, 0, 1), ...down(0, 1, [2, 3, 4, 5, 6, 7, 8]), m(2, 0, 2, 1)] },
  { title: '支出决算表', label: '公开03表', merges: [m(0, 0, 0, 1), ...down(0, 1, [2, 3, 4, 5, 6, 7]), m(2, 0, 2, 1)] },
  { title: '财政拨款收入支出决算总表', label: '公开04表', merges: [m(0, 0, 0, 2), m(0, 3, 0, 8)] },
  { title: '一般公共预算财政拨款支出决算表', label: '公开05表', merges: [m(0, 0, 0, 1), m(0, 2, 0, 4), m(2, 0, 2, 1)] },
  { title: '一般公共预算财政拨款基本支出决算明细表', label: '公开06表', merges: [] },
  {
    title: '政府性基金预算财政拨款收入支出决算表',
    label: '公开07表',
    merges: [m(0, 0, 0, 1), ...down(0, 1, [2, 3, 7]), m(0, 4, 0, 6), m(2, 0, 2, 1)],
  },
  { title: '国有资本经营预算财政拨款支出决算表', label: '公开08表', merges: [m(0, 0, 0, 1), m(0, 2, 0, 4), m(2, 0, 2, 1)] },
  {
    title: '财政拨款“三公”经费支出决算表',
    label: '公开09表',
    merges: [m(0, 0, 0, 5), m(0, 6, 0, 10), m(1, 2, 1, 4), m(1, 7, 1, 9), ...down(1, 2, [0, 1, 5, 6, 10])],
  },
];

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** Cell and paragraph text into HTML: line breaks as <br>, so blank lines inside a cell survive. */
const textHtml = (s: string): string => s.split('\n').map(escapeHtml).join('<br>');

function gridToHtml(grid: Grid, merges: readonly Merge[] = []): string {
  const owner = new Map<string, Merge>();
  const covered = new Set<string>();
  for (const mg of merges) {
    owner.set(`${mg.r0},${mg.c0}`, mg);
    for (let r = mg.r0; r <= mg.r1; r++) for (let c = mg.c0; c <= mg.c1; c++) if (r !== mg.r0 || c !== mg.c0) covered.add(`${r},${c}`);
  }
  const rows: string[] = [];
  for (let r = 0; r < grid.nRows; r++) {
    const cells = grid.cells.filter((c) => c.row === r).sort((a, b) => a.col - b.col);
    const tds = cells
      .filter((c) => {
        if (covered.has(`${c.row},${c.col}`) && c.text !== '') throw new Error(`merge covers "${c.text}" in ${grid.id}`);
        return !covered.has(`${c.row},${c.col}`);
      })
      .map((c) => {
        const mg = owner.get(`${c.row},${c.col}`);
        const span = mg ? `${mg.r1 > mg.r0 ? ` rowspan="${mg.r1 - mg.r0 + 1}"` : ''}${mg.c1 > mg.c0 ? ` colspan="${mg.c1 - mg.c0 + 1}"` : ''}` : '';
        // Amounts are right-aligned and never wrapped: a wrapped "766.56" would print as "766.5" over "6".
        const figure = /^-?[\d.,]+%?$/.test(c.text);
        const amount = figure && !/^\d{3,7}$/.test(c.text);
        return `<td${span}${amount ? ' align="right"' : ''}${figure ? ' nowrap' : ''}>${textHtml(c.text)}</td>`;
      });
    rows.push(`<tr>${tds.join('')}</tr>`);
  }
  return `<table border="1" cellspacing="0" cellpadding="3" style="border-collapse:collapse">\n${rows.join('\n')}\n</table>`;
}

function pageHtml(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: "Noto Sans CJK SC", "Noto Serif CJK SC", sans-serif; font-size: 10pt; }
table { border-collapse: collapse; margin: 6pt 0; }
td { border: 1px solid #000; padding: 2pt 4pt; vertical-align: middle; }
</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/** Short lines ending in 表 (table titles) and part headings become headings; everything else a paragraph. */
function blocksToBody(blocks: readonly Block[]): string {
  return blocks
    .map((b, i) => {
      if (b.kind === 'grid') return gridToHtml(b.grid);
      if (i === 0) return `<h1>${textHtml(b.text)}</h1>`;
      if (b.text.length <= 30 && /(表|^第[一二三四五]部分)$/.test(b.text)) return `<h2>${textHtml(b.text)}</h2>`;
      return `<p>${textHtml(b.text)}</p>`;
    })
    .join('\n');
}

function documentTitle(blocks: readonly Block[]): string {
  const first = blocks[0];
  if (first?.kind === 'text') return first.text;
  for (const b of blocks) {
    if (b.kind !== 'grid') continue;
    const t = b.grid.cells.find((c) => /表$/.test(c.text) && c.text.length <= 40);
    if (t) return t.text;
  }
  return 'sample';
}

/** HTML → DOCX/PDF or XLSX → PDF with LibreOffice, in a private profile so parallel runs share no lock. */
function convert(input: string, to: 'docx' | 'pdf', dest: string): void {
  const fromHtml = input.endsWith('.html');
  const work = mkdtempSync(join(tmpdir(), 'tally-samples-'));
  try {
    const args = [
      `-env:UserInstallation=file://${join(work, 'profile')}`,
      '--headless',
      ...(fromHtml ? ['--infilter=HTML (StarWriter)'] : []),
      '--convert-to',
      to === 'docx' ? 'docx:MS Word 2007 XML' : fromHtml ? 'pdf:writer_pdf_Export' : 'pdf:calc_pdf_Export',
      '--outdir',
      work,
      input,
    ];
    execFileSync('soffice', args, { stdio: 'pipe', timeout: 180_000 });
    const produced = join(work, basename(input).replace(/\.(html|xlsx)$/, `.${to}`));
    copyFileSync(produced, dest);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function seedFile(prefix: string): string {
  const f = readdirSync(seedsDir).find((x) => x.startsWith(prefix));
  if (!f) throw new Error(`seed ${prefix} not found in ${seedsDir}`);
  return join(seedsDir, f);
}

/** Printed width in Latin character cells: CJK characters take two. */
const displayWidth = (text: string): number =>
  Math.max(0, ...text.split('\n').map((line) => [...line].reduce((w, ch) => w + (/[\u2e80-\uffef]/u.test(ch) ? 2 : 1), 0)));

/** Excel number format that prints the value with the seed's own decimals ("242.70" stays 242.70). */
const numFmtFor = (text: string): string => {
  const dec = text.split('.')[1]?.length ?? 0;
  return dec === 0 ? '0' : `0.${'0'.repeat(dec)}`;
};

async function nineTablesXlsx(grids: readonly Grid[], dest: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'tally make-samples';
  grids.forEach((grid, i) => {
    const spec = NINE_TABLES[i];
    if (!spec) return;
    const ws = wb.addWorksheet(`${spec.label} ${spec.title}`.slice(0, 31));
    const codeCols = new Set(grid.cells.filter((c) => /编码|代码/.test(c.text)).map((c) => c.col));
    for (const c of grid.cells) {
      const cell = ws.getCell(c.row + 1, c.col + 1);
      const isNumber = /^-?\d+(\.\d+)?$/.test(c.text) && !(codeCols.has(c.col) && /^\d{3,}$/.test(c.text));
      if (isNumber) {
        cell.value = Number(c.text);
        cell.numFmt = numFmtFor(c.text);
      } else {
        cell.value = c.text;
      }
      cell.border = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } };
    }
    for (const mg of spec.merges) ws.mergeCells(mg.r0 + 1, mg.c0 + 1, mg.r1 + 1, mg.c1 + 1);
    // Columns wide enough for their figures (a wrapped "766.56" would print as "766.5" over "6"); long labels
    // wrap inside their cell instead of widening the page.
    for (let col = 0; col < grid.nCols; col++) {
      const inCol = grid.cells.filter((c) => c.col === col && !spec.merges.some((mg) => mg.c0 === col && mg.c1 > mg.c0 && mg.r0 === c.row));
      const figures = Math.max(0, ...inCol.filter((c) => /^-?[\d.]+$/.test(c.text)).map((c) => c.text.length));
      const labels = Math.max(0, ...inCol.filter((c) => !/^-?[\d.]+$/.test(c.text)).map((c) => displayWidth(c.text)));
      // Labels up to 20 characters (40 cells) fit on one line: a wrapped label in a fixed-height row would overprint
      // the next row in the printed PDF.
      ws.getColumn(col + 1).width = Math.max(figures + 3, Math.min(labels + 2, 42), 6);
    }
    ws.eachRow((row) => {
      row.eachCell((cell) => {
        cell.alignment = { vertical: 'middle', wrapText: typeof cell.value === 'string', horizontal: typeof cell.value === 'number' ? 'right' : 'left' };
      });
    });
    // Printed like the published forms: landscape, one page wide, the title and form number in the page header.
    ws.pageSetup = { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
    ws.headerFooter = { oddHeader: `&C&14${spec.title}&R${spec.label}  单位：万元` };
  });
  writeFileSync(dest, new Uint8Array(await wb.xlsx.writeBuffer()));
}

const rowsOf = (grid: Grid): string[][] =>
  Array.from({ length: grid.nRows }, (_, r) =>
    grid.cells.filter((c) => c.row === r).sort((a, b) => a.col - b.col).map((c) => c.text),
  );

/**
 * Write blocks back in the Word-table text dialect the text-export reader reads: " \t" opens a table, a TAB
 * opens a cell, an empty line ends a row, and a paragraph after a table is preceded by two empty lines (one
 * would make it part of the last cell).
 */
function toWordTableExport(blocks: readonly Block[]): string {
  const out: string[] = [];
  for (const b of blocks) {
    if (b.kind === 'text') {
      out.push(b.text.replace(/\n/g, ' '), '');
      continue;
    }
    rowsOf(b.grid).forEach((row, r) => {
      row.forEach((text, c) => {
        const [first = '', ...rest] = text.split('\n');
        out.push(`${r === 0 && c === 0 ? ' \t' : '\t'}${first}`, ...rest);
      });
      out.push('');
    });
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

/** Write blocks back in the PDF-text dialect: one TAB-separated line per row, paragraphs between tables. */
function toPdfTextExport(blocks: readonly Block[]): string {
  const out: string[] = [];
  for (const b of blocks) {
    if (b.kind === 'text') out.push(b.text, '');
    else out.push(...rowsOf(b.grid).map((row) => row.join('\t')), '', '');
  }
  return `${out.join('\n')}\n`;
}

/** A small DOCX fixture with horizontal and vertical merges, the case mammoth's rowspan support must cover. */
const MERGED_CELLS_HTML = pageHtml(
  '合并单元格样例',
  `<p>合并单元格样例（支出决算表表头）</p>
<table border="1" cellspacing="0" cellpadding="3">
<tr><td colspan="2">项目</td><td rowspan="2">本年支出合计</td><td colspan="2">本年支出</td></tr>
<tr><td>科目编码</td><td>科目名称</td><td>基本支出</td><td>项目支出</td></tr>
<tr><td>2010401</td><td>行政运行</td><td align="right">288.41</td><td align="right">288.41</td><td align="right">0</td></tr>
</table>`,
);

async function main(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  for (const { prefix, name } of tablesOnly ? [] : SAMPLE_SEEDS) {
    const { blocks } = textExportToBlocks(readFileSync(seedFile(prefix), 'utf8'));
    const html = join(outDir, `${name}.html`);
    writeFileSync(html, pageHtml(documentTitle(blocks), blocksToBody(blocks)));
    convert(html, 'docx', join(outDir, `${name}.docx`));
    convert(html, 'pdf', join(outDir, `${name}.pdf`));
    console.log(`${name}: html, docx, pdf`);
    if (prefix === '001') {
      // One text export in the Word-table dialect, so text-reader tests run without ../shared/seeds.
      writeFileSync(join(outDir, `${name}.txt`), toWordTableExport(blocks));
      console.log(`${name}: txt`);
    }
  }

  // Seed 004's nine 决算 tables: its first nine grids, in the order the document prints them.
  const blocks004 = textExportToBlocks(readFileSync(seedFile('004'), 'utf8')).blocks;
  const grids = applyHeaderFixes(blocks004.flatMap((b) => (b.kind === 'grid' ? [b.grid] : [])).slice(0, NINE_TABLES.length));
  const body = grids
    .map((g, i) => {
      const spec = NINE_TABLES[i];
      if (!spec) return '';
      const first = g.cells.find((c) => c.row === 0 && c.col === 0)?.text ?? '';
      if (i === 3 && !first.startsWith('收入')) throw new Error('seed 004 grids are not in the expected order');
      return `<h2>${escapeHtml(spec.title)}</h2>\n<p>${spec.label}\u3000\u3000单位：万元</p>\n${gridToHtml(g, spec.merges)}`;
    })
    .join('\n');
  const tablesHtml = join(outDir, '004-final-accounts-2023-tables.html');
  writeFileSync(tablesHtml, pageHtml('株洲经济开发区管理委员会产业发展局2023年度部门决算表', `<h1>2023年度部门决算表</h1>\n${body}`));
  writeFileSync(
    join(outDir, '004-final-accounts-2023-tables.txt'),
    toPdfTextExport(
      grids.flatMap((g, i): Block[] => [
        { kind: 'text', text: `${NINE_TABLES[i]?.title ?? ''}`, source: {} },
        { kind: 'text', text: `${NINE_TABLES[i]?.label ?? ''} 单位：万元`, source: {} },
        { kind: 'grid', grid: g },
      ]),
    ),
  );
  const tablesXlsx = join(outDir, '004-final-accounts-2023-tables.xlsx');
  await nineTablesXlsx(grids, tablesXlsx);
  // The ruled PDF is printed from the workbook, as many published 决算 PDFs are (Excel → PDF): every cell
  // bordered, merged headers, one sheet per table.
  convert(tablesXlsx, 'pdf', join(outDir, '004-final-accounts-2023-tables.pdf'));
  console.log('004-final-accounts-2023-tables: html, txt, xlsx, pdf');

  if (tablesOnly) return;
  const merged = join(outDir, 'merged-cells.html');
  writeFileSync(merged, MERGED_CELLS_HTML);
  convert(merged, 'docx', join(outDir, 'merged-cells.docx'));
  console.log('merged-cells: html, docx');
}

export { NINE_TABLES };

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  });
}
