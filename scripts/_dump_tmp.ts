import { readFileSync } from 'node:fs';
import { textExportToBlocks } from '../src/readers/text-export/index.js';
const f = process.argv[2]!;
const { dialect, blocks } = textExportToBlocks(readFileSync(f, 'utf8'));
console.log('dialect', dialect);
for (const b of blocks) {
  if (b.kind === 'text') console.log(`T[${b.source.line?.start}-${b.source.line?.end}] ${b.text.slice(0, 80)}`);
  else {
    const g = b.grid;
    console.log(`G ${g.id} ${g.nRows}x${g.nCols} lines ${g.source.line?.start}-${g.source.line?.end}`);
    for (let r = 0; r < g.nRows; r++) {
      const cs = g.cells.filter((c) => c.row === r);
      console.log(`  r${r}(${cs.length}) ` + cs.map((c) => JSON.stringify(c.text.slice(0, 30))).join(' | '));
    }
  }
}
