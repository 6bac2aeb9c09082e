import { describe, expect, it } from 'vitest';
import type { Cell, NormalizedTable, Row, TableType, TextBlock } from '../../model/index.js';
import { checkClaims } from './narrative.js';

const cell = (raw: string): Cell => ({
  raw,
  value: raw === '' ? null : Number(raw),
  blank: raw === '',
  source: {},
});

function table(id: string, type: TableType, rows: Record<string, Record<string, string>>): NormalizedTable {
  const keys = [...new Set(Object.values(rows).flatMap((r) => Object.keys(r)))];
  return {
    id,
    type,
    title: type,
    unit: 'wan_yuan',
    columns: keys.map((key) => ({ key, label: key, kind: 'amount' as const })),
    rows: Object.entries(rows).map(([rid, cells]): Row => ({
      id: rid,
      label: rid === 'total' ? '合计' : rid,
      role: rid === 'total' ? 'total' : 'data',
      cells: Object.fromEntries(Object.entries(cells).map(([k, v]) => [k, cell(v)])),
      source: {},
    })),
    template: false,
    grid: `g${id}`,
    source: {},
  };
}

const texts = (...lines: string[]): TextBlock[] =>
  lines.map((text, i) => ({ kind: 'text', text, source: { line: { start: i + 1, end: i + 1 } } }));

const TABLES = [
  table('t2', 'expenditure', { total: { total: '766.56', basic: '538.88', project: '227.68' } }),
  table('t5', 'basic_expenditure', {
    personnel_total: { amount: '494.50' },
    public_total: { amount: '44.38' },
  }),
  table('t8', 'three_public', {
    r1: { budget_total: '1.5', final_total: '0.86', budget_reception: '1.5', final_reception: '0.86' },
  }),
];

const narrative = (r: ReturnType<typeof checkClaims>) =>
  r.anomalies.filter((a) => a.rule === 'narrative_mismatch');

describe('narrative claims', () => {
  it('an exact match gives nothing; a different figure one warning naming both', () => {
    const ok = checkClaims(
      texts('2023年度支出合计766.56万元，其中：基本支出538.88万元，项目支出227.68万元。'),
      TABLES,
    );
    expect(narrative(ok)).toEqual([]);
    expect(ok.claims).toEqual({ found: 3, resolved: 3, unresolved: 0 });
    const bad = checkClaims(texts('2023年基本支出为529.72万元。'), TABLES);
    expect(narrative(bad)).toHaveLength(1);
    expect(bad.anomalies[0]).toMatchObject({
      severity: 'warning',
      table: 't2',
      row: 'total',
      column: 'basic',
      found: 529.72,
      expected: 538.88,
    });
    expect(bad.anomalies[0]!.message).toContain('529.72');
    expect(bad.anomalies[0]!.message).toContain('538.88 万元');
    // A table in 元 says so beside its figure, so a reviewer reads both in their units.
    const yuan = { ...TABLES[1]!, unit: 'yuan' as const, id: 't5y' };
    yuan.rows = [{ ...yuan.rows[0]!, cells: { amount: cell('4945000.00') } }];
    const inYuan = narrative(checkClaims(texts('2023年人员经费为495.50万元。'), [yuan]));
    expect(inYuan[0]!.message).toContain('为 4945000.00 元，相差 1 万元');
  });

  it('one anomaly per fact: a figure stated in two paragraphs lists both places, with an id built from the fact', () => {
    const r = checkClaims(
      texts(
        '2023年基本支出529.72万元。',
        '其他内容。',
        '2023年基本支出为529.72万元，其中：人员经费492.87万元。',
      ),
      TABLES,
    );
    const basic = r.anomalies.filter((a) => a.column === 'basic');
    expect(basic).toHaveLength(1);
    expect(basic[0]!.id).toBe('narrative_mismatch:amount:t2:total:basic:529.72');
    expect(basic[0]!.places?.map((p) => p.line?.start)).toEqual([1, 3]);
    expect(basic[0]!.source.line?.start).toBe(1);
    expect(new Set(r.anomalies.map((a) => a.id)).size).toBe(r.anomalies.length);
  });

  it('reads 元 and 亿元 figures in 万元', () => {
    expect(narrative(checkClaims(texts('基本支出5388800元，支出合计0.076656亿元。'), TABLES))).toEqual([]);
    expect(narrative(checkClaims(texts('基本支出5,288,800元。'), TABLES)).map((a) => a.found)).toEqual([
      528.88,
    ]);
  });

  it('a rounding-sized gap is info, never a warning', () => {
    const r = checkClaims(texts('基本支出538.89万元。'), TABLES);
    expect(narrative(r).map((a) => a.severity)).toEqual(['info']);
  });

  it('checks a share at the precision it is printed, against the figure it names', () => {
    const t = (s: string) =>
      narrative(checkClaims(texts('2023年度财政拨款基本支出538.88万元，其中：', s), TABLES));
    expect(t('人员经费494.50万元，占基本支出的91.76%。')).toEqual([]);
    const wrong = t('人员经费494.50万元，占基本支出的 64.51%，主要包括基本工资。');
    expect(wrong).toHaveLength(1);
    expect(wrong[0]).toMatchObject({ severity: 'warning', found: 64.51, expected: 91.76 });
    // Unnamed: of the sentence's total; "70.3%" is checked to one decimal.
    expect(
      narrative(
        checkClaims(
          texts('支出合计766.56万元，其中：基本支出538.88万元，占70.3%；项目支出227.68万元，占29.70%。'),
          TABLES,
        ),
      ),
    ).toEqual([]);
    expect(
      narrative(checkClaims(texts('支出合计766.56万元，其中：基本支出538.88万元，占72.3%。'), TABLES)),
    ).toHaveLength(1);
  });

  it('checks completion rates against the budget they name, and says when another budget fits', () => {
    const r = checkClaims(
      texts(
        '2023年度财政拨款支出年初预算数为488.25万元，全年预算数为810.17万元，支出决算数为766.56万元，完成年初预算的94.62%。',
      ),
      [],
    );
    expect(r.anomalies).toHaveLength(1);
    expect(r.anomalies[0]!.message).toContain('全年预算');
    expect(r.anomalies[0]!.expected).toBe(157);
    expect(
      narrative(
        checkClaims(
          texts(
            '年初预算数 372.25 万元，全年预算数 692.11 万元，决算支出 689.41 万元。完成全年预算的 99.61%。',
          ),
          [],
        ),
      ),
    ).toEqual([]);
    // "74%" is checked to whole percent: 0.86 ÷ 1.5 = 57%.
    const three = checkClaims(
      texts('“三公”经费财政拨款支出预算为1.5万元，支出决算为0.86万元，完成预算的74%，决算数小于预算数。'),
      TABLES,
    );
    expect(narrative(three).map((a) => [a.found, a.expected])).toEqual([[74, 57]]);
    expect(three.claims.unresolved).toBe(0);
  });

  it('a comparison word the figures contradict is a warning; the right one is not', () => {
    const s = (w: string) =>
      texts(`公务接待费支出预算为1.5万元，支出决算为0.86万元，决算数${w}预算数的主要原因是接待活动减少。`);
    expect(narrative(checkClaims(s('小于'), TABLES))).toEqual([]);
    const flipped = narrative(checkClaims(s('大于'), TABLES));
    expect(flipped).toHaveLength(1);
    expect(flipped[0]!.message).toContain('决算数大于预算数');
    expect(flipped[0]!.message).toContain('0.86');
  });

  it('a change whose words disagree, or whose rate does not follow from the figures, is a warning', () => {
    const c = (s: string) => narrative(checkClaims(texts(s), []));
    expect(c('机关运行经费支出184.65万元，比2023年度增加2.55万元，增长1.40%。')).toEqual([]);
    expect(c('机关运行经费支出184.65万元，比2023年度减少2.55万元，增长1.40%。')).toHaveLength(1);
    const rate = c('机关运行经费支出184.65万元，比2023年度增加2.55万元，增长3.40%。');
    expect(rate).toHaveLength(1);
    expect(rate[0]).toMatchObject({ found: 3.4, expected: 1.4 });
    expect(c('收入支出总计2995.39万元，比上年减少56.95万元，下降1.87%。')).toEqual([]);
    expect(c('收入支出总计2995.39万元，比上年增加-56.95万元。')).toHaveLength(1);
    // The template wording "增加（减少）0万元" asserts nothing.
    expect(c('收、支总计766.56万元。与上年相比，增加（减少）0万元，增长（减少）0%。')).toEqual([]);
  });

  it("reads the rate of a change named by its size (增幅, 降幅, 下降幅度为, 增长率为) as the change's rate", () => {
    const c = (s: string) => narrative(checkClaims(texts(s), []));
    expect(c('机关运行经费支出184.65万元，比2023年度增加2.55万元，增幅1.40%。')).toEqual([]);
    expect(c('机关运行经费支出184.65万元，比2023年度增加2.55万元，增幅3.40%。')).toHaveLength(1);
    expect(c('机关运行经费支出184.65万元，比2023年度减少2.55万元，增幅1.40%。')).toHaveLength(1);
    expect(c('收入支出总计2995.39万元，比上年减少56.95万元，降幅1.87%。')).toEqual([]);
    expect(c('收入支出总计2995.39万元，比上年减少56.95万元，下降幅度为2.87%。')).toHaveLength(1);
    expect(c('收入支出总计2995.39万元，比上年减少56.95万元，减幅2.87%。')).toHaveLength(1);
    expect(c('2026年收入预算9146.79万元，比2025年增加498.72万元，增长率为7.77%。')).toHaveLength(1);
  });

  it('reads 支出共计 as the 本年支出合计', () => {
    const ok = checkClaims(texts('2023年度支出共计766.56万元，其中：基本支出538.88万元。'), TABLES);
    expect(ok.claims).toEqual({ found: 2, resolved: 2, unresolved: 0 });
    expect(narrative(checkClaims(texts('2023年度支出共计776.56万元。'), TABLES))).toHaveLength(1);
  });

  it("reads the figure before a change as last year's when the text says so", () => {
    // The document's year is the one it names most (2017).
    const c = (s: string) =>
      narrative(checkClaims(texts('2017年部门预算。', '2017年度收支预算情况。', s), []));
    const said =
      '2017年度部门支出预算安排与2016年度相比（2016年度部门支出预算安排为8,648.07万元），增加498.72万元，增长';
    expect(c(`${said}5.77%。`)).toEqual([]);
    expect(c(`${said}6.12%。`).map((a) => [a.found, a.expected])).toEqual([[6.12, 5.77]]);
  });

  it('a budget sentence is checked within itself', () => {
    const c = (s: string) => narrative(checkClaims(texts(s), []));
    expect(c('2026年收入预算9146.79万元，比2025年增加498.72万元，增长7.77%。')).toHaveLength(1);
    expect(c('2026年收入预算9146.79万元，比2025年增加498.72万元，增长5.77%。')).toEqual([]);
  });

  it('reads a list of items with their shares against the total stated before it, not against its first item', () => {
    const c = (...s: string[]) => narrative(checkClaims(texts(...s), []));
    const list =
      '按照支出功能分类，一般公共服务（类）支出13,144.37万元，占79.78%；教育（类）支出118.01万元，占0.72%；住房保障（类）支出1,055.58万元，占6.41%。';
    expect(c('2026年一般公共预算当年拨款16,474.82万元，其中：', list)).toEqual([]);
    expect(c(`2026年一般公共预算当年拨款16,474.82万元，其中：${list}`)).toEqual([]);
    const wrong = c(`2026年一般公共预算当年拨款16,474.82万元，其中：${list.replace('占6.41%', '占9.41%')}`);
    expect(wrong.map((a) => [a.found, a.expected])).toEqual([[9.41, 6.41]]);
  });

  it('compares a per-项 paragraph with its own row, and leaves a 项 it cannot read unresolved', () => {
    const general = table('t5', 'general_budget_expenditure', {
      c210: { total: '500.00' },
      c21002: { total: '300.00' },
      c2100202: { total: '120.00' },
    });
    general.rows[0]!.code = '210';
    general.rows[1]!.code = '21002';
    general.rows[1]!.label = '公立医院';
    general.rows[2]!.code = '2100202';
    general.rows[2]!.label = '中医（民族）医院';
    const c = (s: string) => narrative(checkClaims(texts(s), [general]));
    expect(c('1.卫生健康支出（类）公立医院（款）。年初预算280万元，支出决算300.00万元。')).toEqual([]);
    expect(c('1.卫生健康支出（类）公立医院（款）。年初预算280万元，支出决算310.00万元。')).toHaveLength(1);
    // The 项 name holds brackets the pattern cannot read: not compared with the 款 (300.00).
    expect(
      c('2.卫生健康支出（类）公立医院（款）中医（民族）医院（项）。年初预算100万元，支出决算120.00万元。'),
    ).toEqual([]);
  });

  it('resolves a figure named by its 科目 or its code', () => {
    const budget = [table('t3', 'budget_general_expenditure', { c201: { total: '26702.73' } })];
    const b = (s: string) => narrative(checkClaims(texts(s), budget));
    expect(b('1.“一般公共服务支出”科目26,703万元，主要用于人员经费。')).toEqual([]);
    expect(b('1.“一般公共服务支出”科目26,803万元，主要用于人员经费。').map((a) => a.row)).toEqual(['c201']);
    const final = [table('t5', 'general_budget_expenditure', { c208: { total: '326.72' } })];
    const f = (s: string) => narrative(checkClaims(texts(s), final)).map((a) => a.row);
    expect(f('主要用于以下方面：社会保障和就业支出（类）326.72万元，占11.11%。')).toEqual([]);
    expect(f('主要用于以下方面：社会保障和就业支出（类）336.72万元，占11.11%。')).toEqual(['c208']);
    const basic = [table('t5', 'basic_expenditure', { c302: { amount: '42.12' } })];
    expect(
      narrative(checkClaims(texts('其中：商品和服务支出（302）40.12万元。'), basic)).map((a) => a.row),
    ).toEqual(['c302']);
  });

  it('resolves a 政府预算支出经济分类 figure (501…) to its coded row, or by name on the 总表 side that lists that classification', () => {
    const labelled = (t: NormalizedTable, labels: Record<string, string>): NormalizedTable => ({
      ...t,
      rows: t.rows.map((r) => ({ ...r, label: labels[r.id] ?? r.label })),
    });
    // 西安's 收支总表: a 部门经济分类 side (工资福利支出, 对个人和家庭的补助) beside a 政府经济分类 side.
    const summary = labelled(
      table('t1', 'budget_summary', {
        'expenditure_2:r1': { amount: '3964.48' },
        'expenditure_2:r2': { amount: '376.76' },
        'expenditure_3:r1': { amount: '2137.59' },
        'expenditure_3:r2': { amount: '5032.61' },
        'expenditure_3:r3': { amount: '380.2' },
      }),
      {
        'expenditure_2:r1': '(1)工资福利支出',
        'expenditure_2:r2': '(3)对个人和家庭的补助',
        'expenditure_3:r1': '1、机关工资福利支出',
        'expenditure_3:r2': '2、机关商品和服务支出',
        'expenditure_3:r3': '9、对个人和家庭的补助',
      },
    );
    // The 财政拨款收支总表 lists less of 对个人和家庭的补助 (the rest is not 财政拨款).
    const fiscal = labelled(
      table('t2', 'budget_fiscal_summary', {
        'expenditure_3:r1': { amount: '2137.59' },
        'expenditure_3:r3': { amount: '300.2' },
      }),
      { 'expenditure_3:r1': '1、机关工资福利支出', 'expenditure_3:r3': '9、对个人和家庭的补助' },
    );
    const r = (s: string, tables = [summary, fiscal]) => checkClaims(texts(s), tables);
    const rows = (s: string) => narrative(r(s)).map((a) => a.row);
    expect(rows('按政府预算经济分类：机关工资福利支出（501）2137.59万元。')).toEqual([]);
    expect(rows('按政府预算经济分类：机关工资福利支出（501）2147.59万元。')).toEqual(['expenditure_3:r1']);
    expect(r('机关工资福利支出（501）2147.59万元。').claims.unresolved).toBe(0);
    // Only the 政府经济分类 side: 对个人和家庭的补助 there, not the 部门经济分类 row of the same name.
    expect(rows('对个人和家庭的补助（509）380.2万元。')).toEqual([]);
    expect(rows('对个人和家庭的补助（509）376.76万元。')).toEqual(['expenditure_3:r3']);
    // Where the two tables differ, a sentence about 财政拨款 reads the 财政拨款收支总表.
    expect(rows('财政拨款中，对个人和家庭的补助（509）300.2万元。')).toEqual([]);
    expect(rows('财政拨款中，对个人和家庭的补助（509）380.2万元。')).toEqual(['expenditure_3:r3']);
    // One about the 一般公共预算 alone reads it only where 政府性基金 and 国有资本经营 are nothing (民政局 2021: the
    // 财政拨款 figure holds 14,900 万元 of 政府性基金).
    const withFund = (fund: string) =>
      labelled(
        {
          ...fiscal,
          rows: [
            ...fiscal.rows,
            ...table('t2', 'budget_fiscal_summary', { 'income:r2': { amount: fund } }).rows.map((x) => ({
              ...x,
              section: 'income',
            })),
          ],
        },
        { 'income:r2': '2、政府性基金拨款' },
      );
    const general = '一般公共预算支出中，对个人和家庭的补助（509）200.2万元。';
    expect(narrative(r(general, [summary, withFund('0')])).map((a) => a.row)).toEqual(['expenditure_3:r3']);
    const fund = r(general, [summary, withFund('100')]);
    expect(narrative(fund)).toEqual([]);
    expect(fund.claims.unresolved).toBe(1);
    // The scope named by the heading (in a 财政拨款 section), the figure's own sentence naming none.
    const headed = (t: NormalizedTable) =>
      narrative(
        checkClaims(
          texts(
            '三、财政拨款收支预算情况',
            '（三）一般公共预算拨款支出明细情况',
            '对个人和家庭的补助（509）200.2万元。',
          ),
          [summary, t],
        ),
      ).map((a) => a.row);
    expect(headed(withFund('0'))).toEqual(['expenditure_3:r3']);
    expect(headed(withFund('100'))).toEqual([]);
    // Or by the lead of the list the figure is an item of, under a heading of 财政拨款.
    const led = (t: NormalizedTable) =>
      narrative(
        checkClaims(
          texts(
            '三、财政拨款收支预算情况',
            '2021年本部门当年一般公共预算支出4200万元，其中：',
            '7.对个人和家庭的补助（509）200.2万元。',
          ),
          [summary, t],
        ),
      ).map((a) => a.row);
    expect(led(withFund('0'))).toEqual(['expenditure_3:r3']);
    expect(led(withFund('100'))).toEqual([]);
    // A coded table's row of that code comes first.
    const coded = table('t3', 'budget_general_expenditure', { c501: { total: '2100' } });
    expect(narrative(r('机关工资福利支出（501）2137.59万元。', [coded, summary])).map((a) => a.row)).toEqual([
      'c501',
    ]);
    // The budget's 一般公共预算拨款收入 is the 收支总表's row of that name.
    const income = labelled(
      table('t4', 'budget_summary', { 'income:general_budget': { amount: '57398.06' } }),
      {
        'income:general_budget': '(1)一般公共预算拨款',
      },
    );
    const inc = (s: string) => narrative(checkClaims(texts(s), [income])).map((a) => a.row);
    expect(inc('2022年一般公共预算拨款收入57398.06万元。')).toEqual([]);
    expect(inc('2022年一般公共预算拨款收入57388.06万元。')).toEqual(['income:general_budget']);
  });

  it('reads a 三公 table printed without 会议费 / 培训费 (烟台): its 合计 is the 三公 total, never where they are added in', () => {
    const alone = table('t9', 'budget_three_public', {
      r1: { prior_total: '20.45', total: '19.45', outbound: '10', vehicle_subtotal: '5', reception: '4.45' },
    });
    alone.rows[0]!.label = '';
    const said = (total: string) =>
      `2026年通过一般公共预算财政拨款安排的“三公”经费预算共${total}万元，比上年减少1万元，下降4.89%。`;
    const ok = checkClaims(texts(said('19.45')), [alone]);
    expect(narrative(ok)).toEqual([]);
    expect(ok.records.find((r) => r.said === '19.45万元')?.verdict).toBe('holds');
    expect(narrative(checkClaims(texts(said('19.54')), [alone])).map((a) => a.column)).toEqual(['total']);
    // With 会议费 and 培训费 beside them (their subtotal not read), 合计 is more than the 三公 total: not the figure.
    const withMeetings = table('t9', 'budget_three_public', {
      r1: {
        total: '25.45',
        outbound: '10',
        vehicle_subtotal: '5',
        reception: '4.45',
        meeting: '4',
        training: '2',
      },
    });
    withMeetings.columns.find((c) => c.key === 'meeting')!.label = '会议费';
    withMeetings.columns.find((c) => c.key === 'training')!.label = '培训费';
    const other = checkClaims(texts(said('19.45')), [withMeetings]);
    expect(narrative(other)).toEqual([]);
    expect(other.records.find((r) => r.said === '19.45万元')?.verdict).toBe('unresolved');
  });

  it("checks a change against last year's column of the 三公 table (烟台 2025年 | 2026年, 西安 上年 | 当年 | 增减)", () => {
    const yantai = table('t9', 'budget_three_public', {
      r1: {
        prior_vehicle_operation: '0.8',
        vehicle_operation: '0',
        prior_reception: '5.45',
        reception: '4.45',
      },
    });
    const said = (v: string) =>
      `公务用车运行维护费0万元，比上年减少${v}万元，下降100％，主要原因是本年度实行公车统管不再安排公务用车运行维护费。`;
    const ok = checkClaims(texts(said('0.8')), [yantai]);
    expect(narrative(ok)).toEqual([]);
    expect(ok.records.find((r) => r.kind === 'change')?.verdict).toBe('holds');
    // The planted 0.3: the rate (100%) still agrees, only the table's 2025年 column tells.
    const bad = narrative(checkClaims(texts(said('0.3')), [yantai]));
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatchObject({ severity: 'warning', expected: -0.8 });
    expect(bad[0]!.id).toContain(':vehicle_operation:');
    expect(bad[0]!.message).toContain('上年 0.8');
    // 西安 prints the 增减 itself: the text is held to it (a table whose 增减 is wrong has its own row identity).
    const xian = table('t13', 'budget_three_public', {
      r1: { prior_training: '143.76', training: '179.18', change_training: '35.40' },
    });
    expect(narrative(checkClaims(texts('培训费179.18万元，较上年增加35.40万元。'), [xian]))).toEqual([]);
    const wrongWay = narrative(
      checkClaims(texts('培训费179.18万元，较上年减少35.40万元，减少的主要原因是压缩培训。'), [xian]),
    );
    expect(wrongWay.map((a) => a.id.split(':')[1])).toEqual(['change_table']);
    // A part's change after the whole's (局机关减少…) and a figure that is not the table's are not held to it.
    expect(
      narrative(
        checkClaims(texts('公务接待费4.45万元，比上年减少1万元，其中：局机关减少0.4万元。'), [yantai]),
      ),
    ).toEqual([]);
    const off = narrative(checkClaims(texts('公务接待费4.55万元，比上年减少0.9万元。'), [yantai]));
    expect(off.map((a) => a.id.split(':')[1])).toEqual(['amount']);
    // A "0" in a column printed to 0.01 is 0.00, not a whole number good to ±0.5.
    const zero = narrative(
      checkClaims(texts('因公出国（境）费0.3万元。'), [
        table('t9', 'budget_three_public', {
          r1: { outbound: '0', reception: '4.45', vehicle_operation: '5.45' },
        }),
      ]),
    );
    expect(zero.map((a) => a.severity)).toEqual(['warning']);
    // A gap of the last digit's size is 尾数误差: a note, not a warning.
    const rounding = checkClaims(texts('公务接待费4.45万元，比上年减少1.02万元。'), [yantai]);
    expect(rounding.anomalies.filter((a) => a.rule === 'narrative_mismatch').map((a) => a.severity)).toEqual([
      'info',
    ]);
  });

  it('resolves 财政拨款支出 to the "一、财政拨款" row heading the expenditure side of 西安\'s 财政拨款收支总表', () => {
    const fiscal = table('t4', 'budget_fiscal_summary', {
      'income:fiscal': { amount: '25859.6' },
      'expenditure:fiscal': { amount: '25859.6' },
      'expenditure:expenditure_total': { amount: '25859.6' },
    });
    const said = (v: string) => `2021年本部门财政拨款支出${v}万元，其中一般公共预算拨款支出${v}万元。`;
    const ok = checkClaims(texts(said('25859.6')), [fiscal]);
    expect(ok.records.find((r) => r.subject === 'fiscal_expenditure')?.verdict).toBe('holds');
    expect(
      narrative(checkClaims(texts('2021年本部门财政拨款支出25895.6万元。'), [fiscal])).map((a) => a.row),
    ).toEqual(['expenditure:fiscal']);
    // 上海's side ends in 支出总计, with no 本年支出合计 row.
    const shanghai = table('t3', 'budget_fiscal_summary', {
      'income:grand_total': { amount: '21502' },
      'expenditure:grand_total': { amount: '21502' },
    });
    const sh = (v: string) =>
      checkClaims(texts(`支出预算21,680.16万元，其中：财政拨款支出预算${v}万元。`), [shanghai]);
    expect(sh('21,502').records.find((r) => r.subject === 'fiscal_expenditure')?.verdict).toBe('holds');
    expect(narrative(sh('215,020')).map((a) => a.row)).toEqual(['expenditure:grand_total']);
  });

  it("resolves a budget's sources, 收支预算 and 政府采购预算 to the 总表, the 收入总表 and the 政府采购预算表 (烟台, 西安)", () => {
    const summary = table('t1', 'budget_summary', {
      'income:fiscal': { amount: '2123.11' },
      'income:government_fund': { amount: '15' },
      'income:fiscal_special_account': { amount: '1150.67' },
    });
    const income = table('t2', 'budget_income', { total: { total: '3288.78' } });
    const procurement = table('t3', 'budget_procurement', { total: { total: '49.33' } });
    const tables = [summary, income, procurement];
    const rows = (s: string) => narrative(checkClaims(texts(s), tables)).map((a) => a.row);
    expect(rows('2026年本部门财政拨款收入2123.11万元。')).toEqual([]);
    expect(rows('2026年本部门财政拨款收入2128.11万元。')).toEqual(['income:fiscal']);
    expect(rows('政府性基金预算收入15万元，财政专户管理资金收入1,150.67万元。')).toEqual([]);
    expect(rows('政府性基金预算收入17万元，财政专户管理资金收入4,150.67万元。')).toEqual([
      'income:government_fund',
      'income:fiscal_special_account',
    ]);
    expect(rows('（三）增减变化情况：2026年收支预算3,288.78万元，比上年减少15.79万元。')).toEqual([]);
    expect(rows('（三）增减变化情况：2026年收支预算3,188.78万元，比上年减少15.79万元。')).toEqual(['total']);
    expect(rows('2026年政府采购预算49.33万元。')).toEqual([]);
    expect(rows('2026年政府采购预算49.03万元。')).toEqual(['total']);
    // 西安 prints "1、财政拨款" blank above its items: no figure, not 0.
    const headed = table('t1', 'budget_summary', {
      'income:fiscal': { amount: '' },
      'income:general_budget': { amount: '181716.56' },
    });
    headed.rows[0]!.label = '1、财政拨款';
    headed.rows[1]!.label = '(1)一般公共预算拨款收入';
    const blank = checkClaims(texts('2020年本部门财政拨款收入181807.13万元。'), [headed]);
    expect(narrative(blank)).toEqual([]);
    expect(blank.claims.unresolved).toBe(1);
    // A contract amount is a part of it no table holds, not the 政府采购预算表's 合计.
    const sme = checkClaims(texts('其中：预留给中小企业的合同金额30万元。'), tables);
    expect(narrative(sme)).toEqual([]);
    expect(sme.claims.unresolved).toBe(1);
  });

  it('counts a claim that resolves to nothing and has no internal check as unresolved', () => {
    const r = checkClaims(texts('本部门政府采购支出总额139.02万元。'), TABLES);
    expect(r.anomalies).toEqual([]);
    expect(r.claims).toEqual({ found: 1, resolved: 0, unresolved: 1 });
  });

  it('does not read a project or another budget as the department', () => {
    expect(
      narrative(checkClaims(texts('（1）发改项目', '项目支出132.87万元，主要用于专项。'), TABLES)),
    ).toEqual([]);
    expect(
      narrative(checkClaims(texts('政府性基金预算财政拨款支出0万元，其中基本支出0万元。'), TABLES)),
    ).toEqual([]);
  });

  it('reads a 上海 单位预算: tables in 元, two 支出 tables, 政府性基金, columns known by their printed label', () => {
    const yuan = (t: NormalizedTable): NormalizedTable => ({ ...t, unit: 'yuan' });
    const labelled = (t: NormalizedTable, labels: Record<string, string>): NormalizedTable => ({
      ...t,
      columns: t.columns.map((c) => ({ ...c, label: labels[c.key] ?? c.label })),
    });
    const tables = [
      yuan(
        table('t1', 'budget_income', {
          total: { total: '7233086', fiscal: '7033086', other_income: '200000' },
        }),
      ),
      yuan(
        table('t2', 'budget_expenditure', {
          total: { total: '7233086', basic: '6963086', project: '270000' },
        }),
      ),
      yuan(
        table('t4', 'budget_expenditure', {
          total: { fiscal: '7033086', personnel: '2994733', project: '70000' },
        }),
      ),
      yuan(
        table('t5', 'budget_general_expenditure', {
          c201: { general_budget: '6783536' },
          total: { general_budget: '6833086' },
        }),
      ),
      yuan(table('t6', 'budget_government_fund', { total: { government_fund: '200000' } })),
      labelled(
        table('t10', 'budget_three_public', { r1: { total: '18.10', outbound: '12.60', col_7: '396.84' } }),
        {
          total: '“三公”经费预算数 / 合计',
          col_7: '机关运行经费预算数',
        },
      ),
    ];
    const rows = (...lines: string[]) => narrative(checkClaims(texts(...lines), tables)).map((a) => a.row);
    const good = [
      '（四）其他收入：指除上述“财政拨款收入”以外的收入。',
      '2026年，某中心收入预算723万元，其中：财政拨款收入703万元；其他收入20万元。',
      '支出预算723万元，其中：财政拨款支出预算703万元。财政拨款支出预算中，一般公共预算拨款支出预算683万元；政府性基金拨款支出预算20万元。',
      '1.“一般公共服务支出”科目678万元。',
      '2026年“三公”经费预算数为18.10万元。',
      '2026年某中心财政拨款的机关运行经费预算为396.84万元。',
    ];
    const ok = checkClaims(texts(...good), tables);
    expect(narrative(ok)).toEqual([]);
    expect(ok.claims.unresolved).toBe(0);
    // A glossary entry under 财政拨款 is no heading: the 收入预算 after it is the whole income, not 财政拨款's.
    expect(rows(good[0]!, '2026年，某中心收入预算623万元。')).toEqual(['total']);
    expect(rows('其他收入30万元。')).toEqual(['total']);
    expect(rows('财政拨款支出预算603万元。')).toEqual(['total']);
    expect(rows('政府性基金拨款支出预算50万元。')).toEqual(['total']);
    expect(rows('1.“一般公共服务支出”科目778万元。')).toEqual(['c201']);
    expect(rows('2026年“三公”经费预算数为16.29万元。')).toEqual(['r1']);
    expect(rows('财政拨款的机关运行经费预算为154.74万元。')).toEqual(['r1']);
    // Two tables that disagree on a figure (项目支出 of all funds and of 财政拨款): not resolved.
    expect(rows('项目支出5万元。')).toEqual([]);
  });

  it('reads a figure in the reason of a change (up to the next ；) or among the items of 机关运行经费 as a part, not the department (西安)', () => {
    const tp = [table('t13', 'budget_three_public', { r1: { training: '21.39', meeting: '5' } })];
    const reason =
      '2022年本部门一般公共预算培训费预算支出21.39万元，较上年增加了1.91万元（9.80%），增加的主要原因是新增了青年教师专业培训，以及预备技师班开班后的师资培训费今年预算10.19万元，较上年增加了1.71万元。';
    const ok = checkClaims(texts(reason), tp);
    expect(narrative(ok)).toEqual([]);
    expect(ok.records.find((r) => r.said === '10.19万元')?.verdict).toBe('unresolved');
    // The items of 机关运行经费 are the 机关's, not the department's 会议费 / 培训费.
    const costs = checkClaims(
      texts(
        '本部门当年机关运行经费预算安排1487.80万元，其中办公费618.69万元，会议费7.61万元，培训费36.91万元。',
      ),
      tp,
    );
    expect(narrative(costs)).toEqual([]);
    // After the ； a new item names the department's figure again.
    const next = narrative(
      checkClaims(texts('会议费5万元，增加的主要原因是会议增多；培训费20.39万元。'), tp),
    );
    expect(next.map((a) => a.severity)).toEqual(['warning']);
  });

  it("takes a change's rate only from before the next change (西安: 减少1.09万元；…增加6万元，增幅400%)", () => {
    const text =
      '2022年公务接待费预算5.13万元，比2021年减少5.31万元，减幅50.86%，主要原因是研究院预算减少2.44万元，交流中心减少1.09万元；公务用车运行维护费预算7.5万元，比2021年增加6万元，增幅400%。';
    expect(narrative(checkClaims(texts(text), []))).toEqual([]);
    // The rate right after its own change still is its rate.
    const wrong = narrative(checkClaims(texts(text.replace('比2021年增加6万元', '比2021年减少6万元')), []));
    expect(wrong.map((a) => a.id.split(':')[1])).toEqual(['change_direction']);
  });

  it('adds up the changes of 基本支出 and 项目支出 to the change of 支出 when the text states only the changes (烟台)', () => {
    const said = (whole: string, basic: string) =>
      `2.支出预算${whole}1,226.81万元，其中基本支出${basic}92.17万元，项目支出减少1,318.98万元。`;
    const ok = checkClaims(texts(said('减少', '增加')), []);
    expect(narrative(ok)).toEqual([]);
    for (const [whole, basic] of [
      ['增加', '增加'],
      ['减少', '减少'],
    ] as const) {
      const bad = narrative(checkClaims(texts(said(whole, basic)), []));
      expect(bad.map((a) => a.id.split(':')[1])).toEqual(['change_sum']);
      expect(bad[0]!.message).toContain('基本支出');
    }
  });

  it('checks changes against each other where no table gives last year: 收 and 支, part and whole, one fact twice, the reason', () => {
    const para = (a: string, b: string, c: string, d = '减少') => [
      `2026年，某办公室收入预算723万元，其中：财政拨款收入723万元，比2025年预算${a}85万元；事业收入0万元。`,
      `支出预算723万元，其中：财政拨款支出预算723万元，比2025年预算${b}85万元。财政拨款支出预算中，一般公共预算拨款支出预算723万元，比2025年预算${c}85万元；政府性基金拨款支出预算0万元。`,
      `财政拨款收入支出${d}的主要原因是项目调整。`,
    ];
    const warned = (lines: string[]) => {
      const r = checkClaims(texts(...lines), []);
      return narrative(r).map((a) => a.source.line?.start);
    };
    expect(warned(para('减少', '减少', '减少'))).toEqual([]);
    // 收入 flipped: 收 and 支 disagree, and the reason says 减少.
    expect(warned(para('增加', '减少', '减少'))).toEqual([1, 1]);
    // 支出 flipped: its part (一般公共预算) would have been larger last year than the whole.
    expect(warned(para('减少', '增加', '减少'))).toEqual([2, 2]);
    // The part flipped: the same figure and the same change in opposite directions.
    expect(warned(para('减少', '减少', '增加'))).toEqual([2]);
    // A change amount mistyped: 收 and 支 disagree.
    const typo = para('减少', '减少', '减少');
    typo[0] = typo[0]!.replace('减少85', '减少120');
    expect(warned(typo)).toEqual([1]);
    // Without the reason sentence, and with a paragraph about another year far away, nothing is read into it.
    expect(warned(para('减少', '减少', '减少').slice(0, 2))).toEqual([]);
  });

  it('checks shares where the text alone gives the whole: a list of shares of it, a list one item a paragraph, a total stated earlier', () => {
    const w = (...lines: string[]) => narrative(checkClaims(texts(...lines), [])).length;
    const sanGong = (p: string) =>
      `“三公”经费预算支出中，因公出国（境）费支出76万元，占“三公”经费的11.24%；公务用车购置及运行维护费支出156.60万元，占“三公”经费的${p}%；公务接待费支出443.50万元，占“三公”经费的65.60%。`;
    expect(w(sanGong('23.16'))).toBe(0);
    expect(w(sanGong('17.79'))).toBe(1);
    // A list that leaves parts out agrees with none of its sums: not checked.
    expect(
      w('其中，因公出国（境）费支出76万元，占“三公”经费的20%；公务接待费支出443.50万元，占“三公”经费的30%。'),
    ).toBe(0);
    const list = (p: string) => [
      '省委办公厅本年支出预算合计20849.45万元，其中：基本支出9964.07万元，占47.79%。',
      `项目支出10688.66万元，占${p}%。`,
    ];
    expect(w(...list('51.27'))).toBe(0);
    expect(w(...list('42.90'))).toBe(1);
    const earlier = (p: string) => [
      '本年支出预算合计9,146.79万元。',
      '四、财政拨款支出预算表情况说明',
      `2017年度财政拨款预算支出9,066.79万元，占本年支出合计的${p}%。`,
    ];
    expect(w(...earlier('99.13'))).toBe(0);
    expect(w(...earlier('92.4'))).toBe(1);
  });

  it("reads 占本年支出预算 as a share and 一般公共预算拨款为 as its spending; not a named project, a use's part of a class, or 事业收入支出", () => {
    const w = (...lines: string[]) =>
      narrative(checkClaims(texts(...lines), TABLES_BUDGET)).map((a) => a.row);
    const TABLES_BUDGET = [
      table('t1', 'budget_expenditure', {
        total: { total: '14894.79', basic: '12408.16', project: '2486.63' },
      }),
      table('t2', 'budget_general_expenditure', {
        total: { total: '14894.79' },
        c2050803: { total: '109.6' },
      }),
      table('t3', 'budget_income', { total: { total: '14894.79', business_revenue: '243' } }),
    ];
    expect(w('本年支出预算14894.79万元。', '基本支出预算12408.16万元，占本年支出预算83.31%。')).toEqual([]);
    // The share points to its part's table figure (基本支出, in the 合计 row).
    expect(w('本年支出预算14894.79万元。', '基本支出预算12408.16万元，占本年支出预算71.94%。')).toEqual([
      'total',
    ]);
    expect(w('2022年本部门一般公共预算拨款为14894.79万元，其中：')).toEqual([]);
    expect(w('2022年本部门一般公共预算拨款为15894.79万元，其中：')).toEqual(['total']);
    expect(w('主要包括：大厅保安和安检服务项目支出328.69万元。')).toEqual([]);
    expect(w('项目支出328.69万元。')).toEqual(['total']);
    expect(w('（2）公用经费：①培训支出（2050803）2万元，较上年增加2万元。')).toEqual([]);
    expect(w('培训支出（2050803）2万元。')).toEqual(['c2050803']);
    // The class's word again after its code (西安 2022).
    expect(w('（1）培训支出（2050803）支出109.6万元，比上年减少2.62万元。')).toEqual([]);
    expect(w('（1）培训支出（2050803）支出119.6万元，比上年减少2.62万元。')).toEqual(['c2050803']);
    expect(w('其中事业收入支出226.50万元。')).toEqual([]);
  });

  it('reads shares of a named whole listed under their own headings against their sum when the stated whole holds more', () => {
    const w = (a: string) =>
      narrative(
        checkClaims(
          texts(
            '2026年支出预算4483899.83万元。',
            '（一）基本支出',
            `基本支出预算2919265.78万元，占本年支出预算${a}%。`,
            '（二）项目支出',
            '项目支出预算1003810.85万元，占本年支出预算25.59%。',
            '（三）年终结转结余资金560823.20万元。',
          ),
          [],
        ),
      ).length;
    expect(w('74.41')).toBe(0);
    expect(w('71.94')).toBe(1);
  });

  it('reads a change rate in brackets, the reason words after a change, and one change stated twice', () => {
    const c = (...s: string[]) => narrative(checkClaims(texts(...s), []));
    // 13.31 + 4.76 = 18.07 last year: 4.76 ÷ 18.07 = 26.34%.
    expect(c('会议费13.31万元，较上年减少4.76万元（26.34%），原因是压减会议。')).toEqual([]);
    expect(c('会议费13.31万元，较上年增加4.76万元（26.34%），原因是压减会议。')).toHaveLength(1);
    expect(c('公务接待费6.51万元，较上年减少1.49万元，减少的主要原因是压缩经费。')).toEqual([]);
    const reason = c('公务接待费6.51万元，较上年减少1.49万元，增加的主要原因是压缩经费。');
    expect(reason).toHaveLength(1);
    expect(reason[0]!.message).toContain('增加的主要原因');
    const twice = (word: string) =>
      c(
        '（1）一般公共预算支出25859.6万元，其中：资本性支出（310）72.75万元，较上年增加72.75万元，原因是新增设备。',
        `其中③专项业务经费：机关资本性支出（一）（310）72.75万元，较上年${word}72.75万元，原因是新增设备。`,
      );
    expect(twice('增加')).toEqual([]);
    const both = twice('减少');
    expect(both).toHaveLength(1);
    expect(both[0]!.places).toHaveLength(2);
  });

  it('resolves an economic class to the 一般公共预算 table by economic class, by code, by name, and per use', () => {
    const general = table('t8', 'budget_general_expenditure', {
      c301: { total: '2079.07', personnel: '2079.07', public_use: '0', project: '0' },
      c302: { total: '23701.31', personnel: '105.9', public_use: '126', project: '23469.41' },
    });
    const basic = table('t10', 'budget_basic_expenditure', { c302: { total: '231.9' } });
    const rows = (s: string) => narrative(checkClaims(texts(s), [general, basic])).map((a) => a.row);
    const whole = '2021年本部门当年一般公共预算支出25859.6万元，其中：工资福利支出（301）2079.07万元，';
    expect(rows(`${whole}商品和服务支出（302）23701.31万元。`)).toEqual([]);
    expect(rows(`${whole}商品和服务支出（302）23801.31万元。`)).toEqual(['c302']);
    expect(rows(`${whole}商品和服务支出23801.31万元。`)).toEqual(['c302']);
    // 西安's "商品服务支出" (no 和) is the same class.
    expect(rows(`${whole}商品服务支出23701.31万元。`)).toEqual([]);
    expect(rows(`${whole}商品服务支出23701.91万元。`)).toEqual(['c302']);
    // In a sentence about 基本支出: the 基本支出 table's.
    expect(rows('2021年一般公共预算基本支出2310.97万元，其中：商品和服务支出（302）231.9万元。')).toEqual([]);
    // A per-use list: the use's column of the class's row.
    const uses = (a: string, b: string) =>
      rows(`其中①人员经费：工资福利支出（301）${a}万元；②公用经费：商品和服务支出（302）${b}万元。`);
    expect(uses('2079.07', '126')).toEqual([]);
    expect(uses('2079.07', '136')).toEqual(['c302']);
  });

  it('reads "具体为：人员经费…；公用经费…；专项业务经费…" after a class as that class by use (西安), not the department', () => {
    const general = table('t5', 'budget_general_expenditure', {
      c20899: { total: '25190.50', personnel: '2.50', public_use: '0.00', project: '25188.00' },
    });
    const basic = table('t6', 'basic_expenditure', { personnel_total: { amount: '494.50' } });
    const c = (p: string, s = '0.00') =>
      narrative(
        checkClaims(
          texts(
            `（8）其他社会保障和就业支出（20899）25,190.50 万元，较上年增加 24,356.42 万元，主要原因是：按照专项资金管理要求。具体为：人员经费 2.50 万元，较上年减少 11.58 万元；公用经费 ${s} 万元，较上年无变化；专项业务经费 ${p} 万元，较上年增加 24,368.00 万元。`,
          ),
          [general, basic],
        ),
      ).map((a) => [a.row, a.column]);
    expect(c('25,188.00')).toEqual([]);
    expect(c('25,188.03')).toEqual([['c20899', 'project']]);
    expect(c('25,188.00', '3.00')).toEqual([['c20899', 'public_use']]);
  });

  it('reads 本部门预算收入/支出 as the totals, and a change that names its subject as its own', () => {
    const c = (w: string) =>
      narrative(
        checkClaims(
          texts(
            `2021年本部门预算收入87,203.20万元，其中一般公共预算拨款收入53,598.71万元、其他收入130.00万元，2021年本部门预算收入较上年增加40,097.00万元；2021年本部门预算支出87,203.20万元，其中：一般公共预算拨款支出53,598.71万元、其他收入支出130.00万元，2021年本部门预算支出较上年${w}40,097.00万元。`,
          ),
          [],
        ),
      );
    expect(c('增加')).toEqual([]);
    const odd = c('减少');
    expect(odd).toHaveLength(1);
    // About the totals (87,203.20), not the last item of each list (其他收入 130.00).
    expect(odd[0]!.message).toContain('87,203.20');
  });

  it("adds up the parts' changes against the whole's (持平 counting 0)", () => {
    const c = (w: string, op: string) =>
      narrative(
        checkClaims(
          texts(
            `2026年“三公”经费预算数为30.75万元，比2025年预算${w}14.25万元。其中：`,
            '（一）因公出国（境）费0.00万元，与2025年预算持平。',
            `（二）公务用车购置及运行费28.25万元，比2025年预算增加14.25万元。其中：公务用车购置费20.00万元，比2025年预算增加20.00万元；公务用车运行费8.25万元，比2025年预算${op}5.75万元。`,
            '（三）公务接待费2.50万元，与2025年预算持平。',
          ),
          [],
        ),
      );
    expect(c('增加', '减少')).toEqual([]);
    expect(c('减少', '减少').map((a) => [a.found, a.expected])).toEqual([[-14.25, 14.25]]);
    expect(c('增加', '增加').map((a) => [a.found, a.expected])).toEqual([[14.25, 25.75]]);
  });
});

describe('narrative claims: wholes and their parts, named projects', () => {
  it('adds up a whole stated with all its parts (政府采购 = 货物 + 工程 + 服务) where no table holds them', () => {
    const c = (goods: string) =>
      narrative(
        checkClaims(
          texts(
            `2026年政府采购预算17万元，其中：政府采购货物预算${goods}万元，政府采购工程预算0万元，政府采购服务预算16万元。`,
          ),
          [],
        ),
      );
    expect(c('1')).toEqual([]);
    const bad = c('5');
    expect(bad.map((a) => [a.severity, a.found, a.expected])).toEqual([['warning', 17, 21]]);
    // The parts' places are listed with the whole's.
    expect(bad[0]!.places).toHaveLength(4);
  });

  it('reads the parts of a whole from the list that follows it, one item a paragraph', () => {
    const c = (reception: string) =>
      narrative(
        checkClaims(
          texts(
            '2026年通过一般公共预算财政拨款安排的“三公”经费预算共14.3万元，与上年基本持平。',
            '其中：',
            '1.因公出国（境）费0万元，与上年基本持平。',
            '2.公务用车购置及运行费12.5万元，包括公务用车购置费0万元，与上年基本持平；公务用车运行维护费12.5万元，与上年基本持平。',
            `3.公务接待费${reception}万元，与上年基本持平。`,
            '三、机关运行经费情况',
          ),
          // A budget (its tables are budget families): "预算" is the figure itself.
          [table('t0', 'budget_summary', { 'income:grand_total': { amount: '2123.11' } })],
        ),
      ).map((a) => [a.found, a.expected]);
    expect(c('1.8')).toEqual([]);
    expect(c('5.8')).toEqual([[14.3, 18.3]]);
  });

  it("resolves a named project's figures to its row of the project table, by the printed column label", () => {
    const projects: NormalizedTable = {
      ...table('t10', 'budget_project_expenditure', {
        r2: { col_1: '', col_3: '13235.84', col_4: '11802.30' },
        r25: { col_1: '', col_3: '77.00', col_4: '77.00' },
        r26: { col_1: '', col_3: '633.37', col_4: '600.00' },
      }),
      unit: null,
      columns: [
        { key: 'col_1', label: '项目名称', kind: 'text' },
        { key: 'col_3', label: '合计', kind: 'amount' },
        { key: 'col_4', label: '财政拨款', kind: 'amount' },
      ],
    };
    const named = (rows: Row[]): Row[] =>
      rows.map((r) =>
        r.id === 'r25'
          ? { ...r, label: '烟台市地质环境监测项目' }
          : r.id === 'r26'
            ? { ...r, label: '地理信息平台运维及数据更新项目' }
            : { ...r, label: '合计', role: 'total' },
      );
    const t = { ...projects, rows: named(projects.rows) };
    const c = (a: string, b: string) =>
      narrative(
        checkClaims(
          texts(
            `拟对烟台市地质环境监测项目开展部门重点绩效评价，涉及预算资金${a}万元，其中财政拨款${b}万元。`,
          ),
          [t],
        ),
      ).map((x) => [x.row, x.column, x.found, x.expected]);
    expect(c('77', '77')).toEqual([]);
    expect(c('77', '8')).toEqual([['r25', 'col_4', 8, 77]]);
    expect(c('70', '77')).toEqual([['r25', 'col_3', 70, 77]]);
    // A project the tables do not name is not resolved.
    expect(narrative(checkClaims(texts('拟对某某监测项目开展评价，涉及预算资金70万元。'), [t]))).toEqual([]);
    // The table's name with another ending (经费 for 项目) is the same project; a stem under six characters is no name.
    const ending = (label: string, said: string, a: string) =>
      narrative(
        checkClaims(texts(`拟对${said}开展部门重点绩效评价，涉及预算资金${a}万元。`), [
          { ...t, rows: t.rows.map((r) => (r.id === 'r25' ? { ...r, label } : r)) },
        ]),
      ).map((x) => [x.row, x.found]);
    expect(ending('市级重大科技创新平台经费', '市级重大科技创新平台项目', '8700')).toEqual([['r25', 8700]]);
    expect(ending('市级重大科技创新平台经费', '市级重大科技创新平台项目', '77')).toEqual([]);
    expect(ending('监测平台经费', '监测平台项目', '8700')).toEqual([]);
  });
});

describe('narrative claims: phrasings of shares and completion rates', () => {
  /** Warnings for the sentence with P replaced by the right rate, then by a wrong one. */
  const fire = (s: string, right: string, wrong: string) =>
    [right, wrong].map((p) => narrative(checkClaims(texts(s.replace('P', p)), [])).length);
  const list = '2023年度支出合计766.56万元，其中：基本支出538.88万元，';
  it.each([
    `${list}占本年支出的P%。`,
    `${list}占全部支出的P%。`,
    `${list}占比达到P%。`,
    `${list}所占比重为P%。`,
    `${list}占支出合计的百分比为P%。`,
    `${list}占部门支出总额的P%。`,
    // A whole named with 预算 that is a subject in full.
    '2023年一般公共预算财政拨款支出766.56万元，其中：基本支出538.88万元，占一般公共预算支出的P%。',
  ])('a share: %s', (s) => expect(fire(s, '70.30', '62.30')).toEqual([0, 1]));
  const stated = '2023年度一般公共预算财政拨款支出年初预算为100万元，支出决算为95万元，';
  it.each([
    `${stated}为年初预算的P%。`,
    `${stated}完成了年初预算的P%。`,
    `${stated}完成年度预算的P%。`,
    `${stated}预算完成率为P%。`,
    `${stated}达到年初预算的P%。`,
  ])('a completion rate: %s', (s) => expect(fire(s, '95', '88')).toEqual([0, 1]));
});

describe('narrative claims: a change larger than its figure', () => {
  it('an increase larger than the figure it is of leaves last year below zero', () => {
    const c = (w: string) =>
      narrative(
        checkClaims(
          texts(`对个人和家庭的补助（509）17.64万元，较上年${w}38995.61万元，原因是预算指标直接下达。`),
          [],
        ),
      ).map((a) => [a.found, a.message.includes('小于零')]);
    expect(c('减少')).toEqual([]);
    expect(c('增加')).toEqual([[38995.61, true]]);
    // Not for a figure further back than the clause before the change.
    expect(
      narrative(checkClaims(texts('收入合计1000万元；其中财政拨款50万元；比上年增加200万元。'), [])).filter(
        (a) => a.message.includes('小于零'),
      ),
    ).toEqual([]);
  });
});

describe('narrative claims: one change stated in several places', () => {
  it('the same words and figure with the opposite direction word is a warning on the odd one', () => {
    const para = (w: string) =>
      `西安市中心血站2022年无偿献血236607人次，采血总量84.71吨，比去年同期${w}0.91%。`;
    const c = (a: string, b: string, d: string) =>
      narrative(checkClaims(texts(para(a), '其他内容。', para(b), '其他内容。', para(d)), []));
    expect(c('增加', '增加', '增加')).toEqual([]);
    const odd = c('增加', '减少', '增加');
    expect(odd).toHaveLength(1);
    expect(odd[0]!.source.line?.start).toBe(3);
    expect(odd[0]!.places).toHaveLength(3);
  });
});

describe('narrative claims: one change stated in several places, by its subject or its figures', () => {
  const filler = Array.from({ length: 6 }, (_, i) => `第${i + 1}部分其他内容。`);
  it("a part's change named by its own words, stated again pages later the other way, is a warning (西安)", () => {
    const c = (w: string) =>
      narrative(
        checkClaims(
          texts(
            '2022年本部门预算支出较上年增加6915.49万元，其中基本支出减少了8627.56万元，项目支出增加15496.49万元。',
            ...filler,
            `2022年本部门一般公共预算拨款支出74868.34万元，较上年增加了6915.49万元，其中基本支出${w}了8627.56万元，项目支出增加15496.49万元。`,
          ),
          [],
        ),
      );
    expect(c('减少')).toEqual([]);
    const odd = c('增加');
    expect(odd).toHaveLength(1);
    expect(odd[0]!.message).toContain('8627.56');
    expect(odd[0]!.places).toHaveLength(2);
    // A round change can recur by chance: far apart, not compared.
    const round = (w: string) =>
      narrative(
        checkClaims(texts('其中基本支出减少了10万元。', ...filler, `其中基本支出${w}了10万元。`), []),
      );
    expect(round('增加')).toEqual([]);
  });

  it('both years printed side by side, the second bare, then the change (西安: 人员经费138.06万元，124.13万元，较上年增加13.93万元)', () => {
    const c = (w: string, last = '124.13') =>
      checkClaims(
        texts(
          `对个人和家庭的补助（509）100151.38万元，其中：人员经费138.06万元，${last}万元，较上年${w}13.93万元，属正常变化。`,
        ),
        [],
      );
    const up = c('增加');
    expect(narrative(up)).toEqual([]);
    expect(up.records.find((r) => r.kind === 'change')?.verdict).toBe('holds');
    const down = narrative(c('减少'));
    expect(down).toHaveLength(1);
    expect(down[0]!.message).toContain('应为增加');
    // A second figure whose difference is not the change may be anything (a part, another year): not read.
    const other = c('减少', '120.00');
    expect(narrative(other)).toEqual([]);
    expect(other.records.find((r) => r.kind === 'change')?.verdict).toBe('unresolved');
  });

  it('two classes with the same figure and the same change, one the other way (the 301–310 and 501–509 lists)', () => {
    const c = (w: string) =>
      narrative(
        checkClaims(
          texts(
            '（1）当年一般公共预算支出25859.6万元，其中：商品和服务支出（302）23701.31万元，较上年增加19036.15万元。',
            `（2）当年一般公共预算支出25859.6万元，其中：机关商品和服务支出（502）23701.31万元，较上年${w}19036.15万元。`,
          ),
          [],
        ),
      );
    expect(c('增加')).toEqual([]);
    expect(c('减少')).toHaveLength(1);
    // Short figures may coincide: not compared.
    const short = narrative(
      checkClaims(
        texts(
          '其中：专用材料费（30218）5万元，较上年增加5万元。',
          '其中：维修（护）费（30213）5万元，较上年减少5万元。',
        ),
        [],
      ),
    );
    expect(short).toEqual([]);
  });
});

describe('narrative claims: one change stated in several places, already flagged', () => {
  it('is one anomaly, not two', () => {
    const line = (w: string) =>
      `（2）一般行政管理事务（2013302）3096.4万元，较上年${w}28.98万元，原因是压缩经费；`;
    const r = narrative(checkClaims(texts(line('减少'), '其他内容。', line('增加')), []));
    expect(r).toHaveLength(1);
  });
});

describe('narrative claims: the 预算 in the name of a budget', () => {
  const GENERAL = [
    table('t5', 'general_budget_expenditure', {
      total: { total: '2940.05' },
      c201: { total: '2106.66' },
      c208: { total: '833.39' },
    }),
  ];
  it('"一般公共预算财政拨款支出X万元" in a 决算 is the 决算 figure, checked against its table', () => {
    const c = (s: string) => narrative(checkClaims(texts(s), GENERAL));
    expect(c('一般公共预算财政拨款支出2940.05万元。')).toEqual([]);
    expect(c('一般公共预算财政拨款支出2950.05万元。')).toEqual([
      expect.objectContaining({
        table: 't5',
        row: 'total',
        column: 'total',
        found: 2950.05,
        expected: 2940.05,
      }),
    ]);
  });

  it('a wrong share of a listed class points to the part and the whole in their table', () => {
    const r = narrative(
      checkClaims(
        texts(
          '一般公共预算财政拨款支出2940.05万元，主要用于以下方面：一般公共服务支出（类）2106.66万元，占71.73%；社会保障和就业支出（类）833.39万元，占28.35%。',
        ),
        GENERAL,
      ),
    );
    expect(r).toHaveLength(1);
    expect(r[0]).toMatchObject({ table: 't5', row: 'c201', found: 71.73, expected: 71.65 });
    expect(r[0]!.related).toEqual([
      { table: 't5', row: 'c201', column: 'total' },
      { table: 't5', row: 'total', column: 'total' },
    ]);
  });
});

describe('narrative claims: years as other publishers print them', () => {
  it('a year in Chinese numerals or full-width digits before the year of the text is last year', () => {
    const c = (s: string) => narrative(checkClaims(texts('2024年度支出合计766.56万元。', s), TABLES));
    // Last year's figure is not this year's: no mismatch against the 2024 table.
    for (const y of ['二〇二三年', '二○二三年', '２０２３年', '2023 年'])
      expect(c(`${y}基本支出为500.12万元。`)).toEqual([]);
    expect(c('二〇二四年基本支出为500.12万元。')).toHaveLength(1);
  });
});

describe('narrative claims: amounts restated at another precision', () => {
  const shares = (s: string) =>
    checkClaims(texts(s), TABLES)
      .records.filter((r) => r.kind === 'share')
      .map((r) => r.verdict);
  it('a whole rounded below its part is still the whole of its list (766.56 beside 766.6)', () => {
    expect(shares('支出合计766.56万元，其中：基本支出766.6万元，占100%。')).toEqual(['holds']);
    expect(shares('支出合计760.56万元，其中：基本支出766.6万元，占100%。')).toEqual(['unresolved']);
  });

  it('an approximation word before a figure is not part of its name (为约12万元)', () => {
    const r = checkClaims(
      texts(
        '本年度政府采购支出总额为约12万元。',
        '其中：授予中小企业合同金额约9万元，占政府采购支出总额的75%。',
      ),
      TABLES,
    );
    expect(r.records.filter((x) => x.kind === 'share').map((x) => x.verdict)).toEqual(['holds']);
  });
});

describe('narrative claims: a change beside both years stated', () => {
  const c = (s: string) => narrative(checkClaims(texts(s), []));
  it('this year − last year is the change, in size and direction ("较2025年预算198.27万元增加3.6万元")', () => {
    expect(
      c('2026年本部门机关运行经费安排201.87万元，较2025年预算198.27万元增加3.6万元，主要原因为人员增加。'),
    ).toEqual([]);
    expect(c('2026年本部门机关运行经费201.87万元，比上年198.27万元增加3.6万元。')).toEqual([]);
    const flipped = c('2026年本部门机关运行经费安排201.87万元，较2025年预算198.27万元减少3.6万元。');
    expect(flipped).toHaveLength(1);
    expect(flipped[0]!.message).toContain('增减方向不一致');
    const size = c('2026年本部门机关运行经费201.87万元，较2025年198.27万元增加13.6万元。');
    expect(size).toHaveLength(1);
    expect(size[0]).toMatchObject({ found: 13.6, expected: 3.6 });
  });
});

describe('narrative claims: the funds the 绩效目标 cover, and parts stated after 其中', () => {
  const budget = [
    table('t1', 'budget_summary', {
      'income:grand_total': { amount: '24625.22' },
      'income:general_budget': { amount: '48054.42' },
    }),
    table('t2', 'budget_expenditure', { total: { total: '1361.63', basic: '1060.93', project: '300.70' } }),
  ];
  const c = (s: string) => checkClaims(texts(s), budget);
  it('the 项目预算资金 of the projects with 绩效目标 may be below the 项目支出, never above it (上海)', () => {
    expect(narrative(c('2026年度，本单位编报绩效目标的项目共2个，涉及项目预算资金300.70万元。'))).toEqual([]);
    expect(narrative(c('本单位编报绩效目标的项目共3个，涉及项目预算资金264.34万元。'))).toEqual([]);
    const above = narrative(c('2026年度，本单位编报绩效目标的项目共2个，涉及项目预算资金400.70万元。'));
    expect(above).toHaveLength(1);
    expect(above[0]).toMatchObject({
      severity: 'warning',
      table: 't2',
      row: 'total',
      column: 'project',
      found: 400.7,
    });
    expect(above[0]!.message).toContain('不应超过项目支出');
    // The claim counts as checked either way.
    expect(c('本单位编报绩效目标的项目共3个，涉及项目预算资金264.34万元。').claims.resolved).toBe(1);
    // Not in a 决算, where the figure is a budget beside the 决算's own.
    const final = [table('t2', 'expenditure', { total: { total: '1361.63', project: '300.70' } })];
    expect(
      narrative(checkClaims(texts('编报绩效目标的项目共2个，涉及项目预算资金400.70万元。'), final)),
    ).toEqual([]);
  });

  it("the 预算资金 of a department's 绩效目标 is at most its 收支总计 (烟台)", () => {
    const s = (x: string) =>
      `烟台市自然资源和规划局2026年政策和项目全面实施绩效目标管理，涉及一级预算项目41个，预算资金${x}万元。`;
    expect(narrative(c(s('13235.84')))).toEqual([]);
    expect(narrative(c(s('24625.22')))).toEqual([]);
    expect(narrative(c(s('34625.22'))).map((a) => a.row)).toEqual(['income:grand_total']);
  });

  it('机关运行经费 with no table of its own is at most the 公用经费 of 基本支出 (西安, 烟台)', () => {
    const basic = table('t3', 'budget_basic_expenditure', {
      total: { total: '900', personnel: '700', public_use: '200' },
    });
    const o = (x: string) =>
      narrative(
        checkClaims(texts(`本部门当年机关运行经费预算安排${x}万元，较上年增加0.84万元。`), [
          ...budget,
          basic,
        ]),
      );
    expect(o('120.89')).toEqual([]);
    expect(o('200')).toEqual([]);
    const above = o('1208.9');
    expect(above).toHaveLength(1);
    expect(above[0]).toMatchObject({ table: 't3', row: 'total', column: 'public_use', found: 1208.9 });
    expect(above[0]!.message).toContain('机关运行经费不应超过');
  });

  it('a part stated after 其中 above the whole before it is one warning naming both places', () => {
    const none = (x: string) => expect(narrative(checkClaims(texts(x), []))).toEqual([]);
    none('涉及一级预算项目41个，预算资金13235.84万元，其中财政拨款11802.3万元。');
    none('涉及一级预算项目4个，预算资金419万元，其中财政拨款419万元。');
    // At the printed precisions (766.56 beside 766.6), a change, last year's figure, another total: no part.
    none('收入合计766.56万元，其中：财政拨款收入766.6万元。');
    none('收入减少100万元，其中财政拨款减少150万元。');
    none('支出100万元，其中基本支出60万元，上年为120万元。');
    none('资金100万元，其中财政拨款80万元，总投资500万元。');
    none('单价20万元以上的设备9台，其中100万元以上的2台。');
    const above = narrative(
      checkClaims(texts('涉及一级预算项目41个，预算资金13235.84万元，其中财政拨款61802.3万元。'), []),
    );
    expect(above).toHaveLength(1);
    expect(above[0]).toMatchObject({ severity: 'warning', found: 61802.3, expected: 13235.84 });
    expect(above[0]!.message).toContain('部分大于整体');
    expect(above[0]!.places).toHaveLength(2);
    // Every part of the list, after a rate of the whole too.
    const list = narrative(
      checkClaims(texts('支出预算1000万元，占100%，其中：基本支出600万元，项目支出1400万元。'), []),
    );
    expect(list.map((a) => a.found)).toEqual([1400]);
    // The whole changed instead of the part: still found.
    expect(narrative(checkClaims(texts('预算资金42万元，其中财政拨款419万元。'), []))).toHaveLength(1);
  });

  it('reads 西安\'s "涉及当年一般公共预算当年拨款" as this year\'s 一般公共预算拨款', () => {
    const s = (x: string) =>
      `2022年本部门绩效目标管理全覆盖，涉及当年一般公共预算当年拨款${x}万元,当年政府性基金预算当年拨款0万元。`;
    expect(narrative(c(s('48054.42')))).toEqual([]);
    expect(c(s('48054.42')).records.find((r) => r.said === '48054.42万元')?.verdict).toBe('holds');
    expect(narrative(c(s('4805.44'))).map((a) => a.row)).toEqual(['income:general_budget']);
  });
});

describe('narrative claims: a change and the changes of its parts', () => {
  const c = (s: string) => narrative(checkClaims(texts(s), []));
  const whole =
    '1.收入预算减少1,226.81万元，其中一般公共预算收入减少1,219.11万元，使用非财政拨款结余减少7.7万元。';
  it('parts that add up to the whole say nothing, and count as checked', () => {
    expect(c(whole)).toEqual([]);
    expect(
      c('2.支出预算减少1,226.81万元，其中基本支出比上年增加92.17万元，项目支出减少1,318.98万元。'),
    ).toEqual([]);
    const r = checkClaims(texts(whole), []);
    expect(r.records.filter((x) => x.kind === 'change').map((x) => x.verdict)).toEqual([
      'holds',
      'holds',
      'holds',
    ]);
  });

  it('the one direction word whose turning makes the list add up is a warning on that word, the others listed', () => {
    const flipped = c(whole.replace('收入预算减少', '收入预算增加'));
    expect(flipped).toHaveLength(1);
    expect(flipped[0]).toMatchObject({ severity: 'warning', found: 1226.81, expected: -1226.81 });
    expect(flipped[0]!.message).toContain('增减方向相反则恰好相符');
    expect(flipped[0]!.places).toHaveLength(3);
    const part = c(whole.replace('一般公共预算收入减少', '一般公共预算收入增加'));
    expect(part.map((a) => a.found)).toEqual([1219.11]);
    // Where the catalog's sum of changes (支出 = 基本支出 + 项目支出) already says it, one anomaly, not two.
    const both = c('支出预算减少1,226.81万元，其中基本支出增加92.17万元，项目支出增加1,318.98万元。');
    expect(both).toHaveLength(1);
  });

  it('a list that misses otherwise may leave parts out: nothing said', () => {
    expect(c('收入减少100万元，其中财政拨款减少60万元，事业收入减少10万元。')).toEqual([]);
    expect(c('收入减少100万元，其中财政拨款减少80万元。')).toEqual([]);
  });
});
