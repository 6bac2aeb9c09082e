/**
 * Writes docs/extraction-result.schema.json: the JSON Schema of `tally extract --json`, generated from the zod
 * model so users can validate what they receive. test/model/schema.test.ts fails when it is out of date.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jsonSchemaOfResult } from '../src/model/json-schema.js';

const out = join(import.meta.dirname, '..', 'docs', 'extraction-result.schema.json');
writeFileSync(out, JSON.stringify(jsonSchemaOfResult(), null, 2) + '\n');
process.stdout.write(`wrote ${out}\n`);
