// Development aid: the narrative claims of one file, each with its verdict, and the narrative anomalies.
// usage: tsx scripts/try-narrative.ts <file> [--all]   (--all also lists claims that hold or stay unresolved)
import { extractFile } from '../src/pipeline/index.js';
import { checkClaims } from '../src/validate/rules/narrative.js';

const file = process.argv[2];
if (!file) throw new Error('usage: tsx scripts/try-narrative.ts <file> [--all]');
const all = process.argv.includes('--all');
const r = await extractFile(file, { ocr: 'off' });
const { records, claims } = checkClaims(r.texts, r.tables);
console.log(JSON.stringify(claims));
for (const c of records)
  if (all || c.verdict === 'warning' || c.verdict === 'info')
    console.log(`${c.verdict}\t${c.kind}\t${c.said}\t${c.sentence.slice(0, 80)}`);
for (const a of r.anomalies.filter((x) => x.rule === 'narrative_mismatch'))
  console.log(
    a.severity,
    a.id,
    JSON.stringify(a.source),
    a.places ? `${a.places.length} places` : '',
    a.message,
  );
