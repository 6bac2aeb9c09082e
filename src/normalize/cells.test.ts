import { describe, expect, it } from 'vitest';
import { titled } from '../../test/support/grids.js';
import { validateDocument } from '../validate/index.js';
import { normalizeDocument } from './index.js';

describe('a label character spilled into the figure cell (西安 "出 2,022.39")', () => {
  it('is no unreadable number: the figure is read, the raw text kept', () => {
    const doc = normalizeDocument({
      blocks: titled('一般公共预算支出表', [
        ['科目编码', '科目名称', '合计', '基本支出', '项目支出'],
        ['', '合计', '2,027.21', '2,027.21', ''],
        ['208', '社会保障和就业支', '出 2,022.39', '2,022.39', ''],
        ['20899', '其他社会保障和就业支出', '4.82', '4.82', ''],
      ]),
    });
    const row = doc.tables[0]!.rows.find((r) => r.code === '208')!;
    expect(row.cells['total']?.value).toBe(2022.39);
    expect(row.cells['total']?.raw).toBe('出 2,022.39');
    expect(validateDocument(doc).filter((a) => a.rule === 'parse_error')).toEqual([]);
  });
});
