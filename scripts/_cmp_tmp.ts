import { readFileSync, readdirSync } from 'node:fs';
import { textExportToBlocks } from '../src/readers/text-export/index.js';
import { htmlReader } from '../src/readers/html/index.js';
import { docxReader } from '../src/readers/docx/index.js';
import { gridDifferences } from '../test/readers/sample-fidelity.js';
const names = ['000-performance-qingshuitang-2023','001-performance-yingshang-2023','002-performance-shangwu-2023','003-performance-kegongxin-2023','004-final-accounts-2023'];
for (const name of names) {
  const seed = readdirSync('../shared/seeds').find((f) => f.startsWith(name.slice(0, 3)))!;
  const exp = textExportToBlocks(readFileSync('../shared/seeds/' + seed, 'utf8')).blocks.flatMap((b) => b.kind === 'grid' ? [b.grid] : []);
  for (const [fmt, reader] of [['html', htmlReader], ['docx', docxReader]] as const) {
    const doc = await reader.read({ path: name, bytes: new Uint8Array(readFileSync(`samples/${name}.${fmt}`)) });
    const got = doc.blocks.flatMap((b) => b.kind === 'grid' ? [b.grid] : []);
    const strict = { collapseSpaces: true, padShortRows: fmt === 'docx', dropBlankLines: fmt === 'docx' };
    const d = exp.flatMap((g, i) => got[i] ? gridDifferences(g, got[i]!, strict) : [`${g.id} missing`]);
    console.log(name, fmt, `grids ${got.length}/${exp.length}`, `diffs ${d.length}`, d.slice(0, 8));
  }
}
