import { describe, expect, it } from 'vitest';
import type { NormalizedTable, TableType, TextBlock } from '../model/index.js';
import { titled } from '../../test/support/grids.js';
import { normalizeDocument } from './index.js';
import { cleanDepartment, documentMeta, foldDepartment, yearClaims } from './meta.js';

const text = (t: string, page: number): TextBlock => ({ kind: 'text', text: t, source: { page } });

function table(type: TableType, title: string, page: number): NormalizedTable {
  return {
    id: `t${page}`,
    type,
    title,
    unit: 'wan_yuan',
    columns: [],
    rows: [],
    template: false,
    grid: `g${page}`,
    source: { page },
  };
}

/** A 预算 whose tables are mostly 绩效目标表 (one per project), as Yantai and Xi'an publish. */
const budgetTables = [
  table('budget_summary', '2026年部门收支总表', 5),
  table('budget_fiscal_summary', '2026年财政拨款收支总表', 6),
  table('budget_three_public', '2026年一般公共预算“三公”经费支出表', 7),
  ...[8, 9, 10, 11, 12, 13].map((p) => table('unknown', `2026年项目支出绩效目标表（项目${p}）`, p)),
];

describe('documentMeta', () => {
  it('takes the kind from the cover: a 预算 holding 绩效目标表 is a budget', () => {
    const meta = documentMeta({
      texts: [text('2026年北京市交通委员会部门预算', 1), text('目录', 2)],
      tables: budgetTables,
    });
    expect(meta).toMatchObject({
      kind: 'budget',
      year: 2026,
      department: '北京市交通委员会',
      scope: 'department',
    });
    expect(meta.evidence).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'kind', value: 'budget', from: 'cover', source: { page: 1 } }),
        expect.objectContaining({ field: 'year', value: 2026, from: 'cover' }),
      ]),
    );
  });

  it('without a cover, lets the 预算 tables outvote the 绩效 forms', () => {
    expect(documentMeta({ texts: [], tables: budgetTables }).kind).toBe('budget');
  });

  it('reads the fiscal year, not the date of publication ("二〇二五年七月")', () => {
    const meta = documentMeta({
      texts: [
        text('国家信访局', 1),
        text('2024 年度部门决算', 1),
        text('二〇二五年七月', 1),
        text('目录', 2),
      ],
      tables: [],
    });
    expect(meta).toMatchObject({ kind: 'final_accounts', year: 2024, department: '国家信访局' });
  });

  it('reads a year printed in Chinese numerals on the cover and in headings (二〇二四年 / 二○二四年), not a date so printed', () => {
    const meta = documentMeta({
      texts: [
        text('二〇二四年度', 1),
        text('上海市示范局部门决算', 1),
        text('二〇二五年七月', 1),
        text('目录', 2),
        text('一、二○二三年度收入支出决算总体情况说明', 3),
      ],
      tables: [],
    });
    expect(meta).toMatchObject({ kind: 'final_accounts', year: 2024 });
    const claims = yearClaims(
      [text('二〇二四年度上海市示范局部门决算', 1), text('一、二○二三年度收入支出决算总体情况说明', 3)],
      [],
      'final_accounts',
    );
    expect(claims.map((c) => [c.from, c.value])).toEqual([
      ['cover', 2024],
      ['heading', 2023],
    ]);
  });

  it('outvotes a cover whose year three or more table titles contradict', () => {
    const tables = [5, 6, 7, 8].map((p) => table('unknown', `2024年度决算表${p}`, p));
    const meta = documentMeta({ texts: [text('国家示范局2023年度部门决算', 1)], tables });
    expect(meta.year).toBe(2024);
    expect(
      documentMeta({ texts: [text('国家示范局2023年度部门决算', 1)], tables: tables.slice(0, 2) }).year,
    ).toBe(2023);
  });

  it('reads the unit of a 单位预算 and its scope', () => {
    const meta = documentMeta({
      texts: [
        text('上海市2026年市级单位预算', 1),
        text('预算单位：上海市职业能力考试院', 1),
        text('目 录', 1),
      ],
      tables: [],
    });
    expect(meta).toMatchObject({
      kind: 'budget',
      year: 2026,
      scope: 'unit',
      unitName: '上海市职业能力考试院',
      department: '上海市职业能力考试院',
    });
  });

  it('strips （汇总）/（本级）, 部门, 公开 from the department, and tells their scope', () => {
    const summary = documentMeta({
      texts: [text('西安市信访局（汇总）', 1), text('2026年部门预算公开说明', 1)],
      tables: [],
    });
    expect(summary).toMatchObject({ department: '西安市信访局', scope: 'department', year: 2026 });
    const own = documentMeta({
      texts: [text('长春市信访局（本级）', 1), text('2026年度部门预算公开', 1)],
      tables: [],
    });
    expect(own).toMatchObject({ department: '长春市信访局', scope: 'unit' });
    expect(cleanDepartment('北京市医疗保障局部门2026')).toBeUndefined();
    expect(cleanDepartment('北京市医疗保障局部门')).toBe('北京市医疗保障局');
  });

  it('reads a 绩效目标 form as performance_targets', () => {
    const meta = documentMeta({
      texts: [text('广州市生态环境局2026年部门整体预算绩效目标申报表', 1)],
      // The catalog names the form (部门整体预算绩效目标申报表 is a printed title of performance_overall).
      tables: [table('performance_overall', '广州市生态环境局2026年部门整体预算绩效目标申报表', 1)],
    });
    expect(meta).toMatchObject({ kind: 'performance_targets', year: 2026 });
  });

  it('reads the file name only when the content names no year or kind', () => {
    const tablesOnly = documentMeta({
      fileName: '医疗保障局_2026年部门预算.pdf',
      texts: [],
      tables: [table('budget_summary', '预算01表 收支总表', 1)],
    });
    expect(tablesOnly).toMatchObject({ kind: 'budget', year: 2026 });
    expect(tablesOnly.evidence).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'year', from: 'file_name' })]),
    );
    const content = documentMeta({
      fileName: '交通运输局_2026年部门预算.pdf',
      texts: [text('西安市交通运输局 2022 年部门综合预算', 1)],
      tables: [],
    });
    expect(content).toMatchObject({ kind: 'budget', year: 2022, department: '西安市交通运输局' });
  });

  it('compares department spellings in one form', () => {
    expect(foldDepartment('中国共产党江苏省委员会办公厅')).toBe(foldDepartment('中共江苏省委办公厅'));
    expect(foldDepartment('江苏省委办公厅')).toBe('江苏省委办公厅');
  });
});

describe('year claims of a 绩效 form', () => {
  it('reads the bracketed year line printed inside the form under its title', () => {
    const form = (year: string) =>
      normalizeDocument({
        blocks: [
          { kind: 'text', text: '北京市示范局2026年部门预算', source: { line: { start: 1, end: 1 } } },
          ...titled('预算13表 部门整体支出绩效目标表', [
            [`（${year}年度）`, '', ''],
            ['部门名称', '北京市示范局', ''],
            ['预算支出总额', '105.5', ''],
            ['整体绩效目标', '完成年度工作任务', ''],
          ]),
        ],
      });
    const doc = form('2025');
    expect(doc.tables[0]?.fields?.['year']?.raw).toBe('（2025年度）');
    expect(yearClaims(doc.texts, doc.tables, 'budget').map((c) => [c.from, c.value])).toEqual([
      ['cover', 2026],
      ['table_title', 2025],
    ]);
  });
});
