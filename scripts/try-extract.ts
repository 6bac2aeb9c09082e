// Development aid: run the pipeline on one file and print what was found (tables, anomaly counts, errors).
import { extractFile } from '../src/pipeline/index.js';
const file = process.argv[2];
if (!file) throw new Error('usage: tsx scripts/try-extract.ts <file> [table-type]');
const r = await extractFile(file, { ocr: process.env.OCR === 'auto' ? 'auto' : 'off' });
console.log(r.status, r.source.pages, JSON.stringify(r.meta));
for (const t of r.tables)
  console.log(
    t.id,
    t.type,
    JSON.stringify(t.title.slice(0, 40)),
    t.rows.length,
    t.columns.map((c) => c.key).join(','),
  );
const c = { error: 0, warning: 0, info: 0 };
for (const a of r.anomalies) c[a.severity]++;
console.log(c);
for (const a of r.anomalies.filter((x) => x.severity !== 'info').slice(0, 25))
  console.log(a.severity, a.id, a.message.slice(0, 160));
const only = process.argv[3];
if (only)
  for (const t of r.tables.filter((x) => x.type === only))
    for (const row of t.rows)
      console.log(
        `  ${row.id} ${row.label} :: ${Object.entries(row.cells)
          .map(([k, v]) => `${k}=${v.value ?? (v.blank ? '∅' : JSON.stringify(v.raw.slice(0, 12)))}`)
          .join(' ')}`,
      );
