// Development aid: print the grids (and the first text blocks) the pipeline read from a file.
import { extractFile } from '../src/pipeline/index.js';
import { cellText } from '../src/model/index.js';
const [file, which] = process.argv.slice(2);
if (!file) throw new Error('usage: tsx scripts/try-grid.ts <file> [table id]');
const r = await extractFile(file, { ocr: 'off' });
if (!which)
  for (const t of r.texts.slice(0, 15))
    console.log('TEXT', JSON.stringify(t.text.slice(0, 80)), JSON.stringify(t.source));
for (const t of r.tables.filter((x) => !which || x.id === which)) {
  const g = r.grids.find((x) => x.id === t.grid)!;
  console.log(
    `== ${t.id} ${t.type} grid ${g.id} ${g.nRows}x${g.nCols} ${g.method} pages=${g.pages?.join(',')}`,
  );
  for (let i = 0; i < Math.min(g.nRows, Number(process.env.ROWS ?? 14)); i++)
    console.log(
      '  ' +
        Array.from({ length: g.nCols }, (_, c) => cellText(g, i, c).replace(/\n/g, '⏎').slice(0, 14)).join(
          ' | ',
        ),
    );
}
