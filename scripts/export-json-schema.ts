/**
 * Writes docs/extraction-result.schema.json: the JSON Schema of `tally extract --json`, generated from the zod
 * model so users can validate what they receive. test/model/schema.test.ts fails when it is out of date.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jsonSchemaOfPanel } from '../src/export/panel-schema.js';
import { jsonSchemaOfResult } from '../src/model/json-schema.js';

const out = join(import.meta.dirname, '..', 'docs', 'extraction-result.schema.json');
writeFileSync(out, JSON.stringify(jsonSchemaOfResult(), null, 2) + '\n');
process.stdout.write(`wrote ${out}\n`);

// The panel export's JSON (tally export --panel --format json); src/export/panel.test.ts checks it is current.
const panel = join(import.meta.dirname, '..', 'docs', 'panel-export.schema.json');
writeFileSync(panel, JSON.stringify(jsonSchemaOfPanel(), null, 2) + '\n');
process.stdout.write(`wrote ${panel}\n`);
