import { load } from 'cheerio';
import { BadInputError, type Block, type Grid, type GridCell, type Provenance } from '../../model/index.js';
import { cleanCellText, cleanTextLine } from '../artifacts.js';
import { checkHtmlDepth } from './html-depth.js';

/**
 * The slice of cheerio's DOM (domhandler nodes built by parse5) this module reads. Declared here so the
 * walker depends on the shape it uses, not on a transitive package.
 */
interface DomLocation {
  readonly startLine: number;
  readonly endLine: number;
}
interface DomNode {
  readonly type: string;
  readonly name?: string;
  readonly data?: string;
  readonly attribs?: Readonly<Record<string, string>>;
  readonly children?: readonly DomNode[];
  readonly sourceCodeLocation?: DomLocation | null;
}

export interface HtmlToBlocksOptions {
  /** Give line provenance from the HTML source (true for HTML files; false for HTML generated from DOCX). */
  readonly lines: boolean;
}

export interface HtmlBlocks {
  readonly blocks: Block[];
  /** The document's <title>, cleaned; undefined when absent or empty. */
  readonly title?: string;
}

/** Largest HTML accepted, characters: far above any real disclosure, low enough to refuse a decompression bomb. */
export const MAX_HTML_CHARS = 64 * 1024 * 1024;
/** The HTML standard's own limit for colspan. */
const MAX_COLSPAN = 1000;
/** Grid positions one table may cover (rows × columns); beyond this a table is hostile, not a disclosure. */
const MAX_TABLE_POSITIONS = 4_000_000;

/** Content that is never text a reader sees: code, styles, fallbacks, embedded documents. */
const SKIPPED = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'object',
  'embed',
  'svg',
  'math',
  'head',
  'select',
  'button',
]);
/** Elements that start and end a paragraph. */
const BLOCK = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'center',
  'dd',
  'details',
  'dialog',
  'dir',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'li',
  'main',
  'menu',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'ul',
  'caption',
  'tr',
  'td',
  'th',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'html',
  'legend',
  'option',
]);

const isElement = (n: DomNode): boolean => n.type === 'tag' || n.type === 'script' || n.type === 'style';
const childrenOf = (n: DomNode): readonly DomNode[] => n.children ?? [];
const elementChildren = (n: DomNode, ...names: string[]): DomNode[] =>
  childrenOf(n).filter((c) => isElement(c) && names.includes(c.name ?? ''));

/**
 * Text as rendered, in lines: runs of HTML whitespace collapse to one space, <br> breaks the line, block
 * elements start a new line, and (inside a <pre>) whitespace is kept. NBSP is not HTML whitespace and is
 * kept for the artifact cleaner to trim at edges.
 */
class TextCollector {
  private out = '';
  private first: number | undefined;
  private last: number | undefined;

  text(data: string, pre: boolean, loc: DomLocation | null | undefined): void {
    const t = pre ? data : data.replace(/[ \t\n\r\f]+/g, ' ');
    if (t === '') return;
    // A space never starts a line or doubles one already there (HTML's whitespace collapsing).
    const atLineStart = this.out === '' || this.out.endsWith('\n');
    const piece = !pre && t.startsWith(' ') && (atLineStart || this.out.endsWith(' ')) ? t.slice(1) : t;
    this.out += piece;
    if (loc && t.trim() !== '') {
      this.first ??= loc.startLine;
      this.last = loc.endLine;
    }
  }

  lineBreak(): void {
    this.out = this.out.replace(/ +$/, '') + '\n';
  }

  blockBoundary(): void {
    if (this.out !== '' && !this.out.endsWith('\n')) this.lineBreak();
  }

  get value(): string {
    return this.out;
  }

  get lines(): { start: number; end: number } | undefined {
    return this.first !== undefined && this.last !== undefined
      ? { start: this.first, end: this.last }
      : undefined;
  }
}

/** Collect an element's text. Nested tables are flattened here: their rows become lines, cells spaces. */
function collectText(node: DomNode, into: TextCollector, pre = false): void {
  for (const child of childrenOf(node)) {
    if (child.type === 'text') {
      into.text(child.data ?? '', pre, child.sourceCodeLocation);
      continue;
    }
    if (!isElement(child)) continue;
    const name = child.name ?? '';
    if (SKIPPED.has(name)) continue;
    if (name === 'br') {
      into.lineBreak();
      continue;
    }
    if (name === 'td' || name === 'th') {
      into.text(' ', false, undefined);
      collectText(child, into, pre);
      into.text(' ', false, undefined);
      continue;
    }
    const block = BLOCK.has(name);
    if (block) into.blockBoundary();
    collectText(child, into, pre || name === 'pre');
    if (block) into.blockBoundary();
  }
}

/** Rows of a table, in order, not descending into nested tables. */
function tableRows(table: DomNode): DomNode[] {
  const rows: DomNode[] = [];
  for (const child of childrenOf(table)) {
    if (!isElement(child)) continue;
    if (child.name === 'tr') rows.push(child);
    else if (child.name === 'thead' || child.name === 'tbody' || child.name === 'tfoot')
      rows.push(...elementChildren(child, 'tr'));
  }
  return rows;
}

function spanAttr(cell: DomNode, name: string): number | undefined {
  const raw = cell.attribs?.[name];
  if (raw === undefined) return undefined;
  const n = Number.parseInt(raw.trim(), 10);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * One table as a grid, spans honoured with an occupancy matrix: each cell is placed at the first free column
 * of its row and marks the positions it covers, so a cell spanning rows pushes the cells of later rows right,
 * as a browser lays it out. colspan is clamped to 1..1000 (the HTML limit) and rowspan to the rows left in the
 * table (rowspan=0 means "to the end"), so an absurd span cannot blow the grid up.
 */
function tableToGrid(table: DomNode, id: string, withLines: boolean): Grid {
  const rows = tableRows(table);
  const occupied: boolean[][] = rows.map(() => []);
  const cells: GridCell[] = [];
  let nCols = 0;
  let positions = 0;
  rows.forEach((tr, r) => {
    let c = 0;
    for (const td of elementChildren(tr, 'td', 'th')) {
      const line = occupied[r] ?? [];
      while (line[c]) c++;
      const colSpan = Math.min(Math.max(spanAttr(td, 'colspan') ?? 1, 1), MAX_COLSPAN);
      const rowsLeft = rows.length - r;
      const rawRowSpan = spanAttr(td, 'rowspan') ?? 1;
      const rowSpan = rawRowSpan === 0 ? rowsLeft : Math.min(Math.max(rawRowSpan, 1), rowsLeft);
      positions += rowSpan * colSpan;
      if (positions > MAX_TABLE_POSITIONS) {
        throw new BadInputError(
          `table ${id} covers more than ${MAX_TABLE_POSITIONS} cells; not a disclosure table`,
        );
      }
      for (let dr = 0; dr < rowSpan; dr++) {
        const o = occupied[r + dr];
        if (o) for (let dc = 0; dc < colSpan; dc++) o[c + dc] = true;
      }
      const collector = new TextCollector();
      collectText(td, collector);
      const source: Provenance = { cell: { grid: id, row: r, col: c } };
      const loc = td.sourceCodeLocation;
      if (withLines && loc) source.line = { start: loc.startLine, end: loc.endLine };
      cells.push({ row: r, col: c, rowSpan, colSpan, text: cleanCellText(collector.value), source });
      c += colSpan;
      nCols = Math.max(nCols, c);
    }
  });
  const loc = table.sourceCodeLocation;
  return {
    id,
    nRows: rows.length,
    nCols,
    cells,
    method: 'explicit',
    source: withLines && loc ? { line: { start: loc.startLine, end: loc.endLine } } : {},
  };
}

/**
 * Turn an HTML document into blocks in document order: every outermost <table> becomes a grid (ids g0, g1, …),
 * the text around tables becomes one TextBlock per paragraph (headings, <p>, <div>, list items; <br> inside a
 * paragraph is kept as a line break inside the block). Nothing is evaluated: parse5 builds a tree, scripts,
 * styles and embedded content are skipped unread, entities are decoded by the parser.
 */
export function htmlToBlocks(html: string, options: HtmlToBlocksOptions): HtmlBlocks {
  if (html.length > MAX_HTML_CHARS) throw new BadInputError(`HTML is over ${MAX_HTML_CHARS} characters`);
  // Before parsing: the parser's cost per element grows with the depth, and the walk below recurses per level.
  checkHtmlDepth(html);
  const $ = load(html, { sourceCodeLocationInfo: true });
  const root = $.root()[0] as unknown as DomNode;
  const blocks: Block[] = [];
  let gridCount = 0;
  let paragraphCount = 0;
  let para = new TextCollector();

  const flush = (): void => {
    // A paragraph's own line breaks (<br>) are kept; edges trimmed like a cell's.
    const text = cleanCellText(para.value);
    if (text !== '') {
      paragraphCount++;
      const source: Provenance = { paragraph: paragraphCount };
      const lines = para.lines;
      if (options.lines && lines) source.line = lines;
      blocks.push({ kind: 'text', text, source });
    }
    para = new TextCollector();
  };

  const walk = (node: DomNode, pre: boolean): void => {
    for (const child of childrenOf(node)) {
      if (child.type === 'text') {
        para.text(child.data ?? '', pre, child.sourceCodeLocation);
        continue;
      }
      if (!isElement(child)) continue;
      const name = child.name ?? '';
      if (SKIPPED.has(name) || name === 'title') continue;
      if (name === 'br') {
        para.lineBreak();
        continue;
      }
      if (name === 'table') {
        flush();
        // A <caption> is the table's title: kept as the paragraph just before the grid, not lost with it.
        for (const caption of elementChildren(child, 'caption')) {
          collectText(caption, para);
          flush();
        }
        blocks.push({ kind: 'grid', grid: tableToGrid(child, `g${gridCount++}`, options.lines) });
        continue;
      }
      const block = BLOCK.has(name);
      if (block) flush();
      walk(child, pre || name === 'pre');
      if (block) flush();
    }
  };
  walk(root, false);
  flush();

  const title = cleanTextLine($('head > title').first().text().replace(/\s+/g, ' '));
  return title === '' ? { blocks } : { blocks, title };
}
