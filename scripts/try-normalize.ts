import { readFileSync } from 'node:fs';
import { textExportReader } from '../src/readers/text-export/text-export-reader.js';
import { normalizeDocument } from '../src/normalize/index.js';
const f = process.argv[2]!;
const doc = await textExportReader.read({ path: f, bytes: readFileSync(f) });
const n = normalizeDocument({ blocks: doc.blocks });
console.log(JSON.stringify(n.meta));
for (const t of n.tables) {
  console.log(
    `== ${t.id} ${t.type} "${t.title}" unit=${t.unit} label=${t.label} template=${t.template} cols=${t.columns.map((c) => c.key + '(' + c.label + ')').join(', ')}`,
  );
  if (t.fields)
    console.log(
      '  fields:',
      Object.entries(t.fields)
        .map(([k, v]) => `${k}=${v.value ?? JSON.stringify(v.raw.slice(0, 20))}`)
        .join(' | '),
    );
  for (const r of t.rows.slice(0, 40))
    console.log(
      `  ${r.id} [${r.role}${r.section ? '/' + r.section : ''}${r.parent ? ' ^' + r.parent : ''}] ${r.label.slice(0, 30)} :: ${Object.entries(
        r.cells,
      )
        .map(([k, v]) => `${k}=${v.value ?? (v.blank ? '∅' : JSON.stringify(v.raw.slice(0, 15)))}`)
        .join(' ')}`,
    );
}
