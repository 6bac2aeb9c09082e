import { readFileSync } from 'node:fs';
import { textExportReader } from '../src/readers/text-export/text-export-reader.js';
import { normalizeDocument } from '../src/normalize/index.js';
import { validateDocument } from '../src/validate/index.js';
const f = process.argv[2]!;
const doc = await textExportReader.read({ path: f, bytes: readFileSync(f) });
const n = normalizeDocument({ blocks: doc.blocks });
const a = validateDocument(n);
for (const x of a)
  console.log(
    `${x.severity.padEnd(7)} ${x.rule.padEnd(18)} ${x.table}/${x.row ?? ''}/${x.column ?? ''} ${x.suggestion ? '→ ' + x.suggestion.value : ''}\n        ${x.message}`,
  );
