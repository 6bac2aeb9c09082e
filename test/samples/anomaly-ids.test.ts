import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractFile } from '../../src/pipeline/index.js';

const SAMPLES = join(import.meta.dirname, '..', '..', 'samples');
const files = readdirSync(SAMPLES).filter((f) => /\.(txt|html|docx|xlsx|pdf)$/.test(f));

// The store keys anomalies by id (a duplicate is silently dropped) and corrections refer to them: every id must be
// unique within its document, and built from the fact, so that the same document gives the same ids again.
describe('anomaly ids of every sample', () => {
  for (const f of files) {
    it(`${f}: unique, and the same on a second run`, async () => {
      const first = await extractFile(join(SAMPLES, f), { ocr: 'off' });
      const ids = first.anomalies.map((a) => a.id);
      const dup = ids.filter((id, i) => ids.indexOf(id) !== i);
      expect(dup).toEqual([]);
      const again = await extractFile(join(SAMPLES, f), { ocr: 'off' });
      expect(again.anomalies.map((a) => a.id).sort()).toEqual([...ids].sort());
    });
  }
});
