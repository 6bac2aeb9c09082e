import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractFile } from '../../src/pipeline/index.js';
import { crossYearChecks, type YearDocument } from '../../src/validate/cross-year.js';
import { statedLastYear } from '../../src/validate/rules/narrative.js';
import { hasShared, sharedPath } from '../support/shared.js';

const JIANGSU = ['corpus', 'budget-jiangsu'];
const TABLES_2018 = '江苏省政协办公厅2018度部门预算公开表.pdf';
const TEXT_2019 = '江苏省政协办公厅2019年度部门预算.pdf';

async function yearDoc(file: string): Promise<YearDocument> {
  const r = await extractFile(sharedPath(...JIANGSU, file));
  if (r.meta.year === null) throw new Error(`${file}: no year`);
  return {
    sha256: r.source.sha256,
    path: basename(file),
    year: r.meta.year,
    kind: r.meta.kind,
    tables: r.tables,
    texts: r.texts,
  };
}

describe.skipIf(!hasShared(JIANGSU))(
  '上年 figures the text gives, against last year’s published budget',
  () => {
    it('江苏省政协办公厅 2019 说明 vs the 2018 tables: every change against 上年 found, resolved and holding', async () => {
      const [before, now] = await Promise.all([yearDoc(TABLES_2018), yearDoc(TEXT_2019)]);
      expect([before.year, now.year]).toEqual([2018, 2019]);
      const stated = statedLastYear(now.texts ?? [], now.tables, before.tables, before.year);
      // 一般公共预算收入预算 13,297.11 − 3,226.63 (2018 总表 "1.一般公共预算 10,070.48"), 公务接待费 397.5 − (−15),
      // 会议费 1282.56 − 398.4, 培训费 281.77 − 184.17, 机关运行经费 1130.74 − 14.89: re-added by hand from the 2019
      // text and the 2018 总表 / 三公 / 机关运行经费 tables (10070.48, 412.5, 884.16, 97.6, 1115.85).
      expect(stated.map((s) => [s.name, Math.round(s.value * 100) / 100, s.before.value])).toEqual([
        ['一般公共预算财政拨款收入', 10070.48, 10070.48],
        ['公务接待费', 412.5, 412.5],
        ['会议费', 884.16, 884.16],
        ['培训费', 97.6, 97.6],
        ['机关运行经费', 1115.85, 1115.85],
      ]);
      expect(stated.every((s) => s.source.page !== undefined)).toBe(true);
      const out = crossYearChecks(now, before);
      expect(out?.anomalies.filter((a) => a.id.includes(':stated_last_year:'))).toEqual([]);
    }, 120_000);
  },
);
