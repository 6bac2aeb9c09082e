import { describe, expect, it } from 'vitest';
import { BadInputError, ExtractedDocument, cellText, type Block, type Grid } from '../../model/index.js';
import { decodeHtml, htmlReader } from './html-reader.js';
import { htmlToBlocks } from './html-to-blocks.js';

const grids = (blocks: readonly Block[]): Grid[] =>
  blocks.flatMap((b) => (b.kind === 'grid' ? [b.grid] : []));
const texts = (blocks: readonly Block[]): string[] =>
  blocks.flatMap((b) => (b.kind === 'text' ? [b.text] : []));

describe('htmlToBlocks', () => {
  it('places spanned cells with an occupancy matrix', () => {
    const html = `<table>
<tr><td rowspan="2">项目</td><td colspan="2">本年支出</td></tr>
<tr><td>基本支出</td><td>项目支出</td></tr>
<tr><td>合计</td><td>1</td><td>2</td></tr>
</table>`;
    const [g] = grids(htmlToBlocks(html, { lines: true }).blocks);
    expect(g).toMatchObject({ id: 'g0', nRows: 3, nCols: 3, method: 'explicit' });
    expect(g!.cells.map((c) => [c.row, c.col, c.rowSpan, c.colSpan, c.text])).toEqual([
      [0, 0, 2, 1, '项目'],
      [0, 1, 1, 2, '本年支出'],
      [1, 1, 1, 1, '基本支出'],
      [1, 2, 1, 1, '项目支出'],
      [2, 0, 1, 1, '合计'],
      [2, 1, 1, 1, '1'],
      [2, 2, 1, 1, '2'],
    ]);
    expect(cellText(g!, 1, 0)).toBe('项目');
    expect(g!.cells[2]!.source).toEqual({ cell: { grid: 'g0', row: 1, col: 1 }, line: { start: 3, end: 3 } });
  });

  it('clamps absurd spans instead of building a huge grid', () => {
    const [g] = grids(
      htmlToBlocks(
        '<table><tr><td colspan="100000" rowspan="99999">a</td><td>b</td></tr><tr><td>c</td></tr></table>',
        { lines: false },
      ).blocks,
    );
    expect(g!.nCols).toBe(1001);
    expect(g!.cells[0]).toMatchObject({ rowSpan: 2, colSpan: 1000 });
    expect(g!.cells[2]).toMatchObject({ row: 1, col: 1000, text: 'c' });
  });

  it('flattens nested tables into the outer cell', () => {
    const html =
      '<table><tr><td>外<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table></td><td>x</td></tr></table>';
    const gs = grids(htmlToBlocks(html, { lines: false }).blocks);
    expect(gs).toHaveLength(1);
    expect(gs[0]!.cells.map((c) => c.text)).toEqual(['外\na b\nc', 'x']);
  });

  it('skips scripts, styles and templates, decodes entities, keeps paragraphs and <br>', () => {
    const html = `<!doctype html><html><head><title>  决算 &amp; 说明 </title><style>p{}</style><script>alert(1)</script></head>
<body><h1>收入决算表</h1><script>document.write('x')</script><noscript>nojs</noscript><template><p>t</p></template>
<p>单位：&nbsp;万元</p><div>注：一<br>二</div><table><tr><td>&lt;1&gt;</td></tr></table><p>后记</p></body></html>`;
    const { blocks, title } = htmlToBlocks(html, { lines: true });
    expect(title).toBe('决算 & 说明');
    expect(texts(blocks)).toEqual(['收入决算表', '单位：\u00a0万元', '注：一\n二', '后记']);
    expect(blocks.map((b) => b.kind)).toEqual(['text', 'text', 'text', 'grid', 'text']);
    expect(grids(blocks)[0]!.cells[0]!.text).toBe('<1>');
    const first = blocks[0];
    expect(first?.kind === 'text' ? first.source : undefined).toEqual({
      paragraph: 1,
      line: { start: 2, end: 2 },
    });
  });

  it('collapses whitespace like a browser, without spaces at line starts', () => {
    const { blocks } = htmlToBlocks('<p>  a \n  b<br>\n   c  <span> d</span></p>', { lines: false });
    expect(texts(blocks)).toEqual(['a b\nc d']);
  });

  it('keeps a table caption as the paragraph before the grid', () => {
    const { blocks } = htmlToBlocks('<table><caption>支出决算表</caption><tr><td>1</td></tr></table>', {
      lines: true,
    });
    expect(blocks.map((b) => (b.kind === 'text' ? b.text : b.grid.id))).toEqual(['支出决算表', 'g0']);
  });

  it('keeps empty cells and rows', () => {
    const [g] = grids(
      htmlToBlocks('<table><tr><td></td><td> </td></tr><tr></tr><tr><td>1</td></tr></table>', {
        lines: false,
      }).blocks,
    );
    expect(g!.nRows).toBe(3);
    expect(g!.cells.map((c) => c.text)).toEqual(['', '', '1']);
  });
});

describe('htmlReader', () => {
  it('reads a document that passes the model schema', async () => {
    const doc = await htmlReader.read({
      path: 'a.html',
      bytes: new TextEncoder().encode('<title>t</title><p>x</p><table><tr><td>1</td></tr></table>'),
    });
    expect(ExtractedDocument.parse(doc).title).toBe('t');
  });

  it('decodes GB18030 pages, declared or not', () => {
    const gbk = new Uint8Array([0x3c, 0x70, 0x3e, 0xb2, 0xe2, 0xca, 0xd4]); // <p>测试
    expect(decodeHtml('x', gbk)).toBe('<p>测试');
  });

  it('refuses empty and contentless input', async () => {
    await expect(htmlReader.read({ path: 'e.html', bytes: new Uint8Array() })).rejects.toBeInstanceOf(
      BadInputError,
    );
    await expect(
      htmlReader.read({ path: 'e.html', bytes: new TextEncoder().encode('<html><script>x</script></html>') }),
    ).rejects.toBeInstanceOf(BadInputError);
  });
});
