import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExtractionResult, FINAL_ACCOUNT_TABLES } from '../../src/model/index.js';
import { extractFile } from '../../src/pipeline/index.js';
import { checkClaims } from '../../src/validate/rules/narrative.js';
import { project } from './project.js';

const SEEDS = join(import.meta.dirname, '..', '..', '..', 'shared', 'seeds');
const seed = (prefix: string): string =>
  join(SEEDS, readdirSync(SEEDS).find((f) => f.startsWith(prefix)) ?? `${prefix}-missing`);

describe.skipIf(!existsSync(SEEDS))('the five seed exports, end to end', () => {
  describe('004: 2023 部门决算 (PDF text export)', async () => {
    const result = existsSync(SEEDS) ? await extractFile(seed('004_')) : undefined;
    const r = result!;
    const table = (type: string) => r.tables.find((t) => t.type === type)!;
    const anomaly = (id: string) => r.anomalies.find((a) => a.id === id);

    it('is a valid result matching the golden file', async () => {
      expect(() => ExtractionResult.parse(r)).not.toThrow();
      await expect(JSON.stringify(project(r), null, 1)).toMatchFileSnapshot('golden/004.json');
    });

    it('reads the document metadata', () => {
      expect(r.meta).toMatchObject({
        department: '株洲经济开发区管理委员会产业发展局',
        year: 2023,
        kind: 'final_accounts',
        unit: 'wan_yuan',
        scope: 'department',
        unitName: null,
      });
      expect(r.meta.evidence?.map((e) => [e.field, e.from])).toContainEqual(['year', 'cover']);
      expect(r.status).toBe('partial');
    });

    it('finds all nine 决算 tables by title', () => {
      for (const type of FINAL_ACCOUNT_TABLES) {
        expect(r.tables.map((t) => t.type)).toContain(type);
      }
    });

    it('keeps the values the seed shows, blanks apart from zeros, line provenance on every cell', () => {
      const row = table('expenditure').rows.find((x) => x.code === '2159999')!;
      expect(row.label).toBe('其他资源勘探工业信息等支出');
      expect(row.cells['total']?.value).toBe(10.59);
      expect(row.cells['basic']?.value).toBe(85715.09);
      expect(row.cells['project']?.value).toBe(2.02);
      expect(row.cells['basic']?.source.line?.start).toBeGreaterThan(0);
      const bullet = table('expenditure').rows.find((x) => x.code === '2013199')!;
      expect(bullet.cells['basic']).toMatchObject({ raw: '0', value: 0, blank: false });
      const blanks = table('income').rows.find((x) => x.code === '2120399')!;
      expect(blanks.cells['upper_grant']).toMatchObject({ value: null, blank: true });
    });

    it('flags 85715.09 and suggests 8.57 (10.59 − 2.02), confirmed by the 基本支出 column total', () => {
      const a = anomaly('row_identity:t2:c2159999:total')!;
      expect(a).toMatchObject({
        severity: 'error',
        row: 'c2159999',
        column: 'basic',
        found: 85715.09,
        expected: 8.57,
      });
      expect(a.suggestion).toMatchObject({ value: 8.57, derivation: '10.59 − 2.02' });
      expect(a.suggestion?.confirmedBy).toContain('column_sum:t2:total:basic');
      expect(anomaly('row_identity:t2:c2011499:total')?.suggestion?.value).toBe(0.24);
      expect(anomaly('column_sum:t2:total:basic')?.severity).toBe('error');
    });

    it('finds the other real faults', () => {
      // 302 商品和服务支出 42.12 but its items add to 30.23: no single cell explains it, so no suggestion.
      expect(anomaly('hierarchy_sum:t5:c302:amount')).toMatchObject({
        severity: 'error',
        found: 42.12,
        expected: 30.23,
      });
      expect(anomaly('hierarchy_sum:t5:c302:amount')?.suggestion).toBeUndefined();
      // 三公: 预算 小计 3 where 购置费 0 + 运行维护费 0; 决算 购置费 0.86 where 小计 0.
      expect(
        r.anomalies.find((a) => a.row === 'r1' && a.column === 'budget_vehicle_subtotal')?.suggestion?.value,
      ).toBe(0);
      expect(
        r.anomalies.find((a) => a.row === 'r1' && a.column === 'final_vehicle_purchase')?.suggestion?.value,
      ).toBe(0);
      expect(anomaly('empty_table:t4')?.severity).toBe('error');
      expect(anomaly('decimal_pattern:t1:c2150517:total')?.severity).toBe('warning');
      const training = r.anomalies.find((a) => a.rule === 'narrative_mismatch' && a.row === 'c30216');
      expect(training).toMatchObject({ severity: 'warning', found: 4.4, expected: 0 });
    });

    it('checks the narrative shares and completion rates at their printed precision', () => {
      const { records } = checkClaims(r.texts, r.tables);
      const verdict = (kind: string, said: string, sentence: string) =>
        records
          .filter((c) => c.kind === kind && c.said === said && c.sentence.includes(sentence))
          .map((c) => c.verdict);
      // "占基本支出的 64.51%": 494.50 ÷ 538.88 = 91.76% (64.51% is its share of 总支出, stated correctly elsewhere).
      expect(verdict('share', '64.51%', '占基本支出的')).toEqual(['warning']);
      expect(anomaly('narrative_mismatch:share:personnel:基本支出:64.51')).toMatchObject({
        severity: 'warning',
        found: 64.51,
        expected: 91.76,
      });
      expect(verdict('share', '64.51%', '占总支出64.51%')).toEqual(['holds']);
      expect(verdict('share', '5.79%', '占基本支出的')).toEqual(['warning']);
      expect(verdict('share', '70.3%', '基本支出538.88万元，占70.3%')).toEqual(['holds']);
      // "完成预算的 74%": 0.86 ÷ 1.5 = 57% at whole-percent precision; "57.65%" holds within 0.86's rounding.
      expect(verdict('completion', '74%', '完成预算的74%')).toEqual(['warning']);
      expect(anomaly('narrative_mismatch:completion:three_public:budget:74')).toMatchObject({
        found: 74,
        expected: 57,
      });
      expect(verdict('completion', '57.65%', '公务接待费')).toEqual(['holds']);
      // "完成年初预算的 94.62%": 766.56 ÷ 488.25 = 157%; 94.62% is of the 全年预算 810.17.
      expect(verdict('completion', '94.62%', '完成年初预算的94.62%')).toEqual(['warning']);
      const rate = anomaly('narrative_mismatch:completion:fiscal_expenditure:budget_initial:94.62')!;
      expect(rate.message).toContain('810.17');
      expect(rate.message).toContain('488.25');
      // The per-类 paragraphs: 完成全年预算的 99.61% (689.41 ÷ 692.11) holds; 决算支出 59.51 vs 59.52 is rounding.
      expect(verdict('completion', '99.61%', '')).toEqual(['holds']);
      expect(anomaly('narrative_mismatch:amount:t3:expenditure:c215:general_budget:59.51')?.severity).toBe(
        'info',
      );
      // 决算数小于预算数 beside 0.86 and 1.5 holds.
      expect(verdict('comparison', '决算数小于预算数', '“三公”经费')).toEqual(['holds']);
      expect(r.checks?.claims).toEqual({
        found: records.length,
        resolved: records.filter((c) => c.verdict !== 'unresolved').length,
        unresolved: records.filter((c) => c.verdict === 'unresolved').length,
      });
    });

    it('gives one anomaly per narrative fact, every place listed, and no zero-difference note', () => {
      // 529.72 / 492.87 / 36.85 / 236.84 are stated in two paragraphs of the 自评报告.
      for (const id of [
        'narrative_mismatch:amount:t2:total:basic:529.72',
        'narrative_mismatch:amount:t5:personnel_total:amount:492.87',
        'narrative_mismatch:amount:t5:public_total:amount:36.85',
        'narrative_mismatch:amount:t2:total:project:236.84',
      ]) {
        expect(anomaly(id)?.severity).toBe('warning');
        expect(anomaly(id)?.places?.map((p) => p.line?.start)).toHaveLength(2);
      }
      expect(new Set(r.anomalies.map((a) => a.id)).size).toBe(r.anomalies.length);
      expect(r.anomalies.filter((a) => a.rule === 'narrative_mismatch' && a.difference === 0)).toEqual([]);
    });

    it('treats rounding gaps as info and raises nothing on identities that hold', () => {
      expect(anomaly('column_sum:t2:total:total')).toMatchObject({ severity: 'info', difference: -0.02 });
      expect(anomaly('cross_table:t0:expenditure:c201:t2')).toMatchObject({ severity: 'info' });
      expect(r.anomalies.filter((a) => a.row === 'c2010401')).toEqual([]);
      expect(r.anomalies.some((a) => a.id.startsWith('hierarchy_sum:t5:c301'))).toBe(false);
    });
  });

  describe('000: 绩效目标表 with unfilled 附表2/附表3 templates', async () => {
    const r = existsSync(SEEDS) ? await extractFile(seed('000_')) : undefined;
    it('reads the form and recognises the templates', async () => {
      await expect(JSON.stringify(project(r!), null, 1)).toMatchFileSnapshot('golden/000.json');
      expect(r!.meta).toMatchObject({
        department: '石峰区清水塘企业事务中心',
        year: 2023,
        kind: 'performance_targets',
      });
      const overall = r!.tables.find((t) => t.type === 'performance_overall')!;
      expect(overall.fields?.['total_funds']?.value).toBe(125.61);
      expect(
        overall.rows.find((x) => x.section === 'indicators' && x.label.endsWith('不超过预算'))?.cells[
          'target'
        ],
      ).toMatchObject({ value: 125.61, comparator: '<=' });
      expect(r!.tables.filter((t) => t.template).map((t) => t.type)).toEqual([
        'special_fund_summary',
        'special_fund_direction',
      ]);
      expect(r!.anomalies.map((a) => a.rule)).toEqual(['template_unfilled', 'template_unfilled']);
      expect(r!.status).toBe('ok');
    });
  });

  describe('001: a consistent 绩效目标表', async () => {
    const r = existsSync(SEEDS) ? await extractFile(seed('001_')) : undefined;
    it('adds up, so raises nothing', async () => {
      await expect(JSON.stringify(project(r!), null, 1)).toMatchFileSnapshot('golden/001.json');
      const overall = r!.tables.find((t) => t.type === 'performance_overall')!;
      expect(overall.fields?.['basic_expenditure']?.value).toBe(111.62);
      expect(overall.fields?.['project_expenditure']?.value).toBe(4);
      expect(r!.anomalies).toEqual([]);
    });
  });

  describe('002: 汇总表 and 支出方向表 disagree; 支出明细 in 元', async () => {
    const r = existsSync(SEEDS) ? await extractFile(seed('002_')) : undefined;
    it('flags 合计 51.15 ≠ 21.25 + 30, 21.25 vs 21.15, and 211500 元 in a 万元 form', async () => {
      await expect(JSON.stringify(project(r!), null, 1)).toMatchFileSnapshot('golden/002.json');
      const a = r!.anomalies;
      expect(a.find((x) => x.rule === 'column_sum' && x.row === 'total')).toMatchObject({
        severity: 'error',
        found: 51.15,
        expected: 51.25,
      });
      expect(a.find((x) => x.rule === 'cross_table' && x.row === 's一.1')).toMatchObject({
        found: 21.25,
        expected: 21.15,
      });
      expect(a.find((x) => x.rule === 'unit_suspect' && x.row === 'details:total')?.suggestion?.value).toBe(
        21.15,
      );
      // The typo "出指标" reads as 产出指标.
      const dir = r!.tables.filter((t) => t.type === 'special_fund_direction')[1]!;
      expect(dir.rows.find((x) => x.section === 'indicators')?.label.startsWith('产出指标')).toBe(true);
    });
  });

  describe('003: 测算说明 that contradict their amounts', async () => {
    const r = existsSync(SEEDS) ? await extractFile(seed('003_')) : undefined;
    it('flags 0.7 beside "共0.8万元" and 0.5 beside "共0.6万元", and no arithmetic error', async () => {
      await expect(JSON.stringify(project(r!), null, 1)).toMatchFileSnapshot('golden/003.json');
      const n = r!.anomalies.filter((x) => x.rule === 'narrative_mismatch');
      expect(n.map((x) => [x.found, x.expected])).toEqual([
        [0.7, 0.8],
        [0.5, 0.6],
      ]);
      expect(r!.anomalies.some((x) => x.severity === 'error')).toBe(false);
    });
  });
});
