import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonSchemaOfResult } from '../../src/model/index.js';

describe('the published JSON Schema', () => {
  it('is the one generated from the model (run `npm run schema` after changing the model)', () => {
    const committed: unknown = JSON.parse(
      readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'extraction-result.schema.json'), 'utf8'),
    );
    expect(committed).toEqual(jsonSchemaOfResult());
  });
  it('documents units and origins of coordinates', () => {
    expect(JSON.stringify(jsonSchemaOfResult())).toContain('PDF points');
  });
});
