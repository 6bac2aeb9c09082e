import { describe, expect, it } from 'vitest';
import { FINAL_ACCOUNT_TABLES } from '../../model/index.js';
import type { Anomaly, NormalizedTable, TableType, TextBlock } from '../../model/index.js';
import { documentMeta } from '../../normalize/meta.js';
import { validateDocument } from '../validate.js';
import { documentChecks, skippedChecks, tocEntries } from './document.js';

const TITLES: Record<string, string> = {
  income_expenditure_summary: '收入支出决算总表',
  income: '收入决算表',
  expenditure: '支出决算表',
  fiscal_summary: '财政拨款收入支出决算总表',
  general_budget_expenditure: '一般公共预算财政拨款支出决算表',
  basic_expenditure: '一般公共预算财政拨款基本支出决算表',
  government_fund: '政府性基金预算财政拨款收入支出决算表',
  state_capital: '国有资本经营预算财政拨款支出决算表',
  three_public: '财政拨款“三公”经费支出决算表',
};

const text = (t: string, page: number): TextBlock => ({ kind: 'text', text: t, source: { page } });

/** A table of one family with one row holding `amount` (null: an empty table), on its own page. */
function table(
  type: TableType,
  page: number,
  amount: number | null = 10,
  title = TITLES[type] ?? '',
): NormalizedTable {
  const cell = {
    raw: amount === null ? '' : String(amount),
    value: amount,
    blank: amount === null,
    source: { page },
  };
  return {
    id: `t${page}`,
    type,
    title,
    unit: 'wan_yuan',
    columns: [
      { key: 'label', label: '项目', kind: 'label' },
      { key: 'amount', label: '金额', kind: 'amount' },
    ],
    rows: [{ id: 'total', label: '合计', role: 'total', cells: { amount: cell }, source: { page } }],
    template: false,
    grid: `g${page}`,
    pages: [page],
    source: { page },
  };
}

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** A 2024 部门决算 of 上海市示范局: cover, 目录 listing the nine tables, a 说明 part, and the tables given. */
function finalAccounts(
  types: readonly TableType[] = FINAL_ACCOUNT_TABLES,
  opts: { cover?: string; extra?: TextBlock[]; toc?: boolean } = {},
) {
  const texts: TextBlock[] = [
    text(opts.cover ?? '上海市示范局2024年度部门决算', 1),
    ...(opts.toc === false
      ? []
      : [
          text('目录', 2),
          text('第二部分 上海市示范局2024年度部门决算表', 2),
          ...FINAL_ACCOUNT_TABLES.map((t, i) => text(`${NUMERALS[i]}、${TITLES[t]} ........ ${i + 5}`, 2)),
          text('第三部分 上海市示范局2024年度部门决算情况说明', 2),
        ]),
    text('第三部分 上海市示范局2024年度部门决算情况说明', 20),
    text('上海市示范局2024年度收入支出总计100万元。与2023年度相比，增加5万元。', 20),
    ...(opts.extra ?? []),
  ];
  const tables = types.map((t, i) => table(t, 5 + i));
  const meta = documentMeta({ texts, tables });
  return { texts, tables, meta };
}

const docRules = new Set([
  'missing_table',
  'toc_mismatch',
  'placeholder_text',
  'metadata_mismatch',
  'empty_table',
]);
const alarms = (a: readonly Anomaly[]) => a.filter((x) => docRules.has(x.rule) && x.severity !== 'info');

describe('document checks on a synthetic 部门决算', () => {
  it('raise nothing on a complete, consistent document', () => {
    const doc = finalAccounts();
    expect(doc.meta).toMatchObject({ kind: 'final_accounts', year: 2024, department: '上海市示范局' });
    expect(documentChecks(doc)).toEqual([]);
  });

  it('read the 目录 entries, leader dots and page numbers aside', () => {
    const entries = tocEntries(finalAccounts().texts);
    expect(entries.map((e) => e.type)).toEqual(FINAL_ACCOUNT_TABLES);
    expect(entries[0]?.text).toBe('一、收入支出决算总表');
  });

  it('read a title printed with its unit ("…总表（单位：万元）") after the 目录 as the table it lists, not a new entry', () => {
    const doc = finalAccounts();
    const at = doc.texts.findIndex((t) => t.text.startsWith('第三部分'));
    const texts = [
      ...doc.texts.slice(0, at),
      text('收入支出决算总表（单位：万元）', 3),
      ...doc.texts.slice(at),
    ];
    expect(tocEntries(texts).map((e) => e.name)).not.toContainEqual(expect.stringContaining('单位'));
    expect(alarms(documentChecks({ ...doc, texts }))).toEqual([]);
  });

  it('flag a table the 目录 lists and the body lacks (toc_mismatch, error)', () => {
    const doc = finalAccounts(FINAL_ACCOUNT_TABLES.filter((t) => t !== 'three_public'));
    const found = alarms(documentChecks(doc));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ rule: 'toc_mismatch', severity: 'error', source: { page: 2 } });
    expect(found[0]?.message).toContain('三公');
  });

  it('do not let a sibling of the same family stand in for a deleted table (基本支出总表 for 支出总表)', () => {
    const texts = [
      text('2026年深圳市示范局部门预算', 1),
      text('目录', 2),
      ...[
        '（一）收支总表',
        '（二）收入总表',
        '（三）支出总表',
        '（四）基本支出总表',
        '（五）财政拨款收支总表',
      ].map((t) => text(t, 2)),
      text('（六）一般公共预算支出表（按功能分类）', 2),
      text('（七）一般公共预算支出表（按经济分类）', 2),
    ];
    const tables = [
      table('budget_summary', 5, 10, '收支总表'),
      table('budget_income', 6, 10, '收入总表'),
      table('budget_expenditure', 8, 10, '基本支出总表'),
      table('budget_fiscal_summary', 9, 10, '财政拨款收支总表'),
      table('budget_general_expenditure', 10, 10, '一般公共预算支出表（按功能分类）'),
    ];
    const found = documentChecks({ texts, tables, meta: documentMeta({ texts, tables }) });
    expect(found.filter((a) => a.rule === 'toc_mismatch').map((a) => a.message)).toEqual([
      '目录列有“（三）支出总表”，但正文中没有这张表。',
      '目录列有“（七）一般公共预算支出表（按经济分类）”，但正文中没有这张表。',
    ]);
  });

  it('do not let a list of units (序号 only) or a header left over stand in for a table the 目录 lists', () => {
    const doc = finalAccounts(FINAL_ACCOUNT_TABLES.filter((t) => t !== 'fiscal_summary'));
    const untitled = (page: number, columns: string[], rows: string[][]): NormalizedTable => ({
      ...table('unknown', page, null, ''),
      id: `u${page}`,
      columns: columns.map((label, i) => ({ key: `col_${i}`, label, kind: 'text' as const })),
      rows: rows.map((cells, r) => ({
        id: `r${r + 1}`,
        label: cells[0] ?? '',
        role: 'data' as const,
        cells: Object.fromEntries(
          cells.map((raw, i) => [
            `col_${i}`,
            { raw, value: /^\d+$/.test(raw) ? Number(raw) : null, blank: raw === '', source: { page } },
          ]),
        ),
        source: { page },
      })),
    });
    // The department's units, 序号 1, 2 (部门概况), and the header of the deleted table's next page with its title.
    const units = untitled(
      3,
      ['序号', '单位名称', '备注'],
      [
        ['1', '上海市示范局（本级）', ''],
        ['2', '示范所', ''],
      ],
    );
    const header = untitled(
      30,
      ['项目', '项目', '本年收入'],
      [
        ['功能分类科目编码', '', '合计'],
        ['类', '款', '项'],
      ],
    );
    const texts = [...doc.texts, text('财政拨款收入支出决算总表', 30)];
    const found = alarms(documentChecks({ ...doc, texts, tables: [units, ...doc.tables, header] }));
    expect(found.map((a) => [a.rule, a.severity])).toEqual([['toc_mismatch', 'error']]);
    expect(found[0]?.message).toContain('财政拨款收入支出决算总表');
  });

  it('do not let the header and 栏次 row a deleted table leaves on its next page stand in for it', () => {
    const doc = finalAccounts(FINAL_ACCOUNT_TABLES.filter((t) => t !== 'general_budget_expenditure'));
    const cell = (raw: string, page: number) => ({
      raw,
      value: /^\d+$/.test(raw) ? Number(raw) : null,
      blank: raw === '',
      source: { page },
    });
    // Among the tables (page 8): 科目代码 | 科目名称 | 小计 | 基本支出 | 项目支出, then 栏次 | 1 | 2 | 3.
    const leftover: NormalizedTable = {
      ...table('unknown', 8, null, ''),
      id: 'u8',
      columns: ['科目代码', '科目名称', '小计', '基本支出', '项目支出'].map((label, i) => ({
        key: `col_${i}`,
        label,
        kind: 'text' as const,
      })),
      rows: [['', '栏次', '1', '2', '3']].map((cells, r) => ({
        id: `r${r + 1}`,
        label: '',
        role: 'data' as const,
        cells: Object.fromEntries(cells.map((raw, i) => [`col_${i}`, cell(raw, 8)])),
        source: { page: 8 },
      })),
    };
    const found = alarms(documentChecks({ ...doc, tables: [...doc.tables, leftover] }));
    expect(found.map((a) => [a.rule, a.severity])).toEqual([['toc_mismatch', 'error']]);
    expect(found[0]?.message).toContain('一般公共预算财政拨款支出决算表');
  });

  it('read a 一般公共预算 table printed with its header alone as absent when another table shows that money', () => {
    const emptyGeneral = (other: number) => {
      const doc = finalAccounts();
      const tables = doc.tables.map((t) =>
        t.type === 'general_budget_expenditure'
          ? { ...t, rows: [] }
          : t.type === 'fiscal_summary'
            ? {
                ...t,
                rows: [
                  {
                    ...t.rows[0]!,
                    id: 'income:general_budget',
                    label: '一般公共预算财政拨款',
                    role: 'data' as const,
                    cells: { amount: { raw: String(other), value: other, blank: false, source: {} } },
                  },
                ],
              }
            : t,
      );
      return alarms(documentChecks({ ...doc, tables }));
    };
    // One anomaly: the table is absent (not also "empty without its 无数据 statement").
    expect(emptyGeneral(12.5).map((a) => a.message)).toEqual([
      '目录列有“五、一般公共预算财政拨款支出决算表”，但正文中没有这张表。',
    ]);
    // No 一般公共预算 money anywhere: the table may be printed empty (it then owes its 无数据 statement).
    expect(emptyGeneral(0).filter((a) => a.rule !== 'empty_table')).toEqual([]);
  });

  it('require the eight tables of a 部门预算 (收入总表 among them) where the document has no 目录', () => {
    const budgetTitles: [TableType, string][] = [
      ['budget_summary', '收支预算总表'],
      ['budget_income', '收入预算总表'],
      ['budget_expenditure', '支出预算总表'],
      ['budget_fiscal_summary', '财政拨款收支预算总表'],
      ['budget_general_expenditure', '一般公共预算支出预算表'],
      ['budget_basic_expenditure', '一般公共预算基本支出预算表'],
      ['budget_government_fund', '政府性基金支出预算表'],
      ['budget_three_public', '“三公”经费支出预算表'],
    ];
    const texts = [text('江苏省示范厅2019年部门预算', 1)];
    const tables = budgetTitles
      .filter(([t]) => t !== 'budget_income')
      .map(([t, title], i) => table(t, 2 + i, 10, title));
    const found = alarms(documentChecks({ texts, tables, meta: documentMeta({ texts, tables }) }));
    expect(found).toEqual([
      expect.objectContaining({ rule: 'missing_table', severity: 'warning', expected: 'budget_income' }),
    ]);
  });

  it('flag a required table missing where the document holds the others and has no 目录 (missing_table)', () => {
    const doc = finalAccounts(
      FINAL_ACCOUNT_TABLES.filter((t) => t !== 'basic_expenditure'),
      { toc: false },
    );
    const found = alarms(documentChecks(doc));
    expect(found).toEqual([
      expect.objectContaining({ rule: 'missing_table', severity: 'warning', expected: 'basic_expenditure' }),
    ]);
    // A check group that needs the absent table says it could not run.
    expect(
      documentChecks(doc)
        .filter((a) => a.rule === 'check_skipped')
        .map((a) => a.id),
    ).toEqual(['check_skipped:basic-general']);
  });

  it('raise no missing table for the text part, or when the tables are said to be attached', () => {
    expect(alarms(documentChecks(finalAccounts([])))).toEqual([]);
    const attached = finalAccounts(
      FINAL_ACCOUNT_TABLES.filter((t) => t !== 'basic_expenditure'),
      { toc: false, extra: [text('部门决算公开表附后。', 21)] },
    );
    expect(alarms(documentChecks(attached))).toEqual([]);
  });

  it('flag a body table the 目录 omits (toc_mismatch, warning)', () => {
    const doc = finalAccounts();
    const texts = doc.texts.filter((t) => !/三公/.test(t.text));
    const found = alarms(documentChecks({ ...doc, texts }));
    expect(found).toEqual([
      expect.objectContaining({ rule: 'toc_mismatch', severity: 'warning', table: 't13' }),
    ]);
  });

  it('flag "XX局" in a heading (placeholder_text, error), once per placeholder with every place', () => {
    const doc = finalAccounts(FINAL_ACCOUNT_TABLES, {
      extra: [
        text('第二部分 上海市XX局2024年度部门决算表', 4),
        text('上海市XX局部门决算包括：本级决算。', 21),
      ],
    });
    const found = alarms(documentChecks(doc));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ rule: 'placeholder_text', severity: 'error', found: 'XX局' });
    expect(found[0]?.places).toHaveLength(2);
  });

  it('flag 某某, ×× and 【单位名称】 in cells and text', () => {
    const doc = finalAccounts();
    const tables = doc.tables.map((t, i) =>
      i === 0 ? { ...t, rows: [{ ...t.rows[0]!, label: '某某项目' }] } : t,
    );
    const texts = [...doc.texts, text('【单位名称】2024年度收入××万元。', 21)];
    const found = alarms(documentChecks({ ...doc, tables, texts })).map((a) => a.found);
    expect(found).toEqual(expect.arrayContaining(['某某', '【单位名称】', '××']));
  });

  it('report a blank template once, not one error per placeholder', () => {
    const doc = finalAccounts(FINAL_ACCOUNT_TABLES, {
      cover: '上海市XX局2024年度部门决算',
      extra: [text('上海市XX局2024年度收入支出总计XXX万元，增长XX%。', 21)],
    });
    const tables = doc.tables.map((t, i) => (i < 3 ? { ...t, template: true } : t));
    const found = documentChecks({ ...doc, tables });
    expect(found).toEqual([
      expect.objectContaining({
        rule: 'placeholder_text',
        severity: 'info',
        id: 'placeholder_text:template',
      }),
    ]);
  });

  it('flag a table title with another year than the document (metadata_mismatch, error)', () => {
    const doc = finalAccounts();
    const tables = doc.tables.map((t) => (t.type === 'income' ? { ...t, title: '2023年度收入决算表' } : t));
    const found = alarms(documentChecks({ ...doc, tables }));
    expect(found).toEqual([
      expect.objectContaining({
        rule: 'metadata_mismatch',
        severity: 'error',
        found: 2023,
        expected: 2024,
        table: 't6',
      }),
    ]);
  });

  it('flag a heading with another year, but not the previous year in the text', () => {
    const doc = finalAccounts(FINAL_ACCOUNT_TABLES, {
      extra: [text('第二部分 上海市示范局2023年度部门决算表', 4), text('2023年度年初预算为90万元。', 21)],
    });
    const found = alarms(documentChecks(doc));
    expect(found).toEqual([
      expect.objectContaining({ rule: 'metadata_mismatch', found: 2023, source: { page: 4 } }),
    ]);
  });

  it('count a 决算 section heading as a claim of the year, but not a 预算 heading about the previous year', () => {
    const doc = finalAccounts(FINAL_ACCOUNT_TABLES, {
      extra: [text('一、2023年度收入支出决算总体情况说明', 20)],
    });
    expect(alarms(documentChecks(doc))).toEqual([
      expect.objectContaining({ rule: 'metadata_mismatch', found: 2023, expected: 2024 }),
    ]);
    const texts = [text('2026年北京市示范局部门预算', 1), text('二、2025年预算执行情况', 3)];
    const tables = [table('budget_summary', 5, 10, '2026年收支总表')];
    expect(alarms(documentChecks({ texts, tables, meta: documentMeta({ texts, tables }) }))).toEqual([]);
  });

  it('flag another department beside a table (metadata_mismatch, warning)', () => {
    const doc = finalAccounts(FINAL_ACCOUNT_TABLES, {
      extra: [
        text('公开01表 部门：上海市示范局 金额单位：万元', 5),
        text('公开02表 部门：上海市另一局 金额单位：万元', 6),
      ],
    });
    const found = alarms(documentChecks(doc));
    expect(found).toEqual([
      expect.objectContaining({ rule: 'metadata_mismatch', severity: 'warning', found: '上海市另一局' }),
    ]);
  });

  it('want an empty table to say why, in its note or in the text (empty_table, warning)', () => {
    const empty = (extra: TextBlock[] = []) => {
      const doc = finalAccounts(FINAL_ACCOUNT_TABLES, { extra });
      const tables = doc.tables.map((t) =>
        t.type === 'government_fund' ? table('government_fund', 11, null) : t,
      );
      return alarms(documentChecks({ ...doc, tables }));
    };
    expect(empty()).toEqual([
      expect.objectContaining({ rule: 'empty_table', severity: 'warning', table: 't11' }),
    ]);
    expect(empty([text('注：本部门无政府性基金预算财政拨款收入支出，故本表无数据。', 11)])).toEqual([]);
    expect(empty([text('本部门2024年度没有政府性基金预算财政拨款收入和支出。', 22)])).toEqual([]);
  });

  it('do not report an empty table twice (emptyTableChecks already raised it)', () => {
    const doc = finalAccounts();
    const tables = doc.tables.map((t) =>
      t.type === 'government_fund' ? table('government_fund', 11, null) : t,
    );
    const prior: Anomaly[] = [
      {
        id: 'empty_table:t11',
        rule: 'empty_table',
        severity: 'error',
        table: 't11',
        message: '',
        related: [],
        source: {},
      },
    ];
    expect(documentChecks({ ...doc, tables }, prior).filter((a) => a.rule === 'empty_table')).toEqual([]);
  });

  it('run from validateDocument when the meta is given, and not without it', () => {
    const doc = finalAccounts(FINAL_ACCOUNT_TABLES.filter((t) => t !== 'three_public'));
    expect(validateDocument(doc).some((a) => a.rule === 'toc_mismatch')).toBe(true);
    expect(
      validateDocument({ tables: doc.tables, texts: doc.texts }).some((a) => a.rule === 'toc_mismatch'),
    ).toBe(false);
  });
});

describe('document checks: 目录 grids, numbering, remnants and year claims', () => {
  const budget = (tables: NormalizedTable[], extra: TextBlock[] = []) => {
    const texts = [text('2026年北京市示范局部门预算', 1), ...extra];
    return { texts, tables, meta: documentMeta({ texts, tables }) };
  };

  it("read a 报表目录 after the chapters' 目录, numbers glued to the year aside", () => {
    const entries = tocEntries([
      text('目录', 2),
      text('一、部门概况', 2),
      text('五、收支预算总体情况说明', 2),
      text('报表目录', 18),
      text('表1 2019年部门综合预算收支总表', 18),
      text('表132019年部门综合预算一般公共预算拨款“三公”经费支出预算表', 18),
    ]);
    expect(entries.map((e) => [e.type, e.name])).toEqual([
      ['budget_summary', '预算收支总表'],
      ['budget_three_public', '预算一般公共预算拨款三公经费支出预算表'],
    ]);
  });

  it('end where the body begins: a line that is the title of a table on its page (the unit printed in the title)', () => {
    const texts = [
      text('目录', 2),
      text('表1 2022年部门综合预算收支总表', 2),
      text('表2 2022年部门综合预算一般公共预算支出明细表（按支出功能分类科目）', 2),
      text('表3 2022年部门综合预算一般公共预算支出明细表（按支出经济分类科目）', 2),
      // The body, one table a page, no "单位：元" line repeated to stop the walk.
      text('2022年部门综合预算收支总表（单位：元）', 3),
      text('表2', 4),
      text('2022年部门综合预算一般公共预算支出明细表（按支出功能分类科目-不含上年结转）（单位：元）', 4),
      text('表3', 5),
      text('2022年部门综合预算一般公共预算支出明细表（按支出经济分类科目-不含上年结转）（单位：元）', 5),
    ];
    const tables = [
      table('budget_summary', 3, 10, '2022年部门综合预算收支总表'),
      table(
        'budget_general_expenditure',
        4,
        10,
        '2022年部门综合预算一般公共预算支出明细表（按支出功能分类科目-不含上年结转）',
      ),
      table(
        'budget_general_expenditure',
        5,
        10,
        '2022年部门综合预算一般公共预算支出明细表（按支出经济分类科目-不含上年结转）',
      ),
    ];
    expect(tocEntries(texts, tables)).toHaveLength(3);
    const doc = budget(tables, texts.slice(0));
    expect(alarms(documentChecks(doc)).filter((a) => a.rule === 'toc_mismatch')).toEqual([]);
  });

  it('do not take a 收支总表 left with its header alone for the table the 目录 lists', () => {
    const toc = [text('目录', 2), ...['一、收支总表', '二、收入总表', '三、支出总表'].map((t) => text(t, 2))];
    const remnant = { ...table('budget_expenditure', 7, 10, '支出总表'), rows: [] };
    const doc = budget(
      [table('budget_summary', 5, 10, '收支总表'), table('budget_income', 6, 10, '收入总表'), remnant],
      toc,
    );
    expect(alarms(documentChecks(doc)).map((a) => [a.rule, a.message])).toEqual([
      ['toc_mismatch', '目录列有“三、支出总表”，但正文中没有这张表。'],
    ]);
  });

  it('do not let the printed title of a sibling (经济分类 for 功能分类) stand in for a deleted table', () => {
    const toc = [
      text('目录', 2),
      ...[
        '一、收支总表',
        '二、收入总表',
        '三、一般公共预算支出表（按功能分类）',
        '四、一般公共预算支出表（按经济分类）',
      ].map((t) => text(t, 2)),
    ];
    const doc = budget(
      [
        table('budget_summary', 5, 10, '收支总表'),
        table('budget_income', 6, 10, '收入总表'),
        table('budget_general_expenditure', 8, 10, '一般公共预算支出表（按经济分类）'),
      ],
      [...toc, text('一般公共预算支出表（按经济分类）', 8)],
    );
    expect(alarms(documentChecks(doc)).map((a) => a.message)).toEqual([
      '目录列有“三、一般公共预算支出表（按功能分类）”，但正文中没有这张表。',
    ]);
  });

  it("flag a number missing from the tables' own numbering (missing_table)", () => {
    const titles = [
      '预算01表收支总表',
      '预算03表支出总表',
      '预算04表财政拨款收支总表',
      '预算07表政府性基金预算支出表',
    ];
    const types: TableType[] = [
      'budget_summary',
      'budget_expenditure',
      'budget_fiscal_summary',
      'budget_government_fund',
    ];
    const doc = budget(types.map((t, i) => table(t, i + 1, 10, titles[i])));
    const found = alarms(documentChecks(doc)).filter((a) => a.id.startsWith('missing_table:number'));
    expect(found.map((a) => a.message)).toEqual([
      '表的编号不连续：有“预算01表”和“预算03表”，没有第 2 张表，文件中可能缺少这张表。',
    ]);
    // A number printed in another form is there ("预算表02" among "预算01表", "预算03表").
    const other = budget(
      types
        .map((t, i) => table(t, i + 1, 10, titles[i]))
        .concat(table('budget_income', 9, 10, '预算表02 收入总表')),
    );
    expect(alarms(documentChecks(other)).filter((a) => a.id.startsWith('missing_table:number'))).toEqual([]);
    // 04 → 07 is not one missing table; a complete numbering says nothing.
    const full = ['预算01表收支总表', '预算02表收入总表', '预算03表支出总表'];
    const whole = budget(
      (['budget_summary', 'budget_income', 'budget_expenditure'] as TableType[]).map((t, i) =>
        table(t, i + 1, 10, full[i]),
      ),
    );
    expect(alarms(documentChecks(whole)).filter((a) => a.id.startsWith('missing_table:number'))).toEqual([]);
  });

  it('read the year of a title after its number, of a 目录 line naming a table, and of a bracket', () => {
    const tables = [
      table('budget_summary', 5, 10, '1.2026年预算单位财务收支预算总表'),
      table('budget_income', 6, 10, '表22026年预算单位收入预算总表'),
      table('budget_expenditure', 7, 10, '4.2025年预算单位支出预算总表'),
    ];
    const doc = budget(tables, [
      text('目录', 2),
      text('4.2025年预算单位财政拨款收支预算总表', 2),
      text('二、2025年预算执行情况', 3),
      text('部门整体支出绩效目标表', 9),
      text('（2025年度）', 9),
    ]);
    const found = alarms(documentChecks(doc)).filter((a) => a.rule === 'metadata_mismatch');
    expect(found.map((a) => [a.found, a.source.page]).sort()).toEqual([
      [2025, 2],
      [2025, 7],
      [2025, 9],
    ]);
    // Both places are listed: the claim, and the cover it disagrees with.
    expect(found.find((a) => a.source.page === 7)?.places?.map((p) => p.page)).toEqual([7, 1]);
  });
});

describe('skippedChecks', () => {
  it('names each cross-table group that lacks a table, once', () => {
    const tables = FINAL_ACCOUNT_TABLES.filter((t) => t !== 'fiscal_summary').map((t, i) => table(t, i + 1));
    const skipped = skippedChecks(tables, 'final_accounts');
    expect(skipped.map((a) => a.id)).toEqual([
      'check_skipped:fiscal-income',
      'check_skipped:fiscal-general',
      'check_skipped:fund-fiscal',
      'check_skipped:capital-fiscal',
    ]);
    expect(skipped[0]).toMatchObject({ rule: 'check_skipped', severity: 'info' });
    expect(skipped[0]?.message).toContain('财政拨款收入支出决算总表');
  });

  it('says nothing for a fragment or another kind', () => {
    expect(skippedChecks([table('income', 1)], 'final_accounts')).toEqual([]);
    expect(skippedChecks([table('budget_summary', 1)], 'performance_targets')).toEqual([]);
  });
});
