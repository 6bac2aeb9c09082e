/**
 * bench:judgment's "checkable" classification of narrative plants: computed from the unaltered document's clause,
 * figures and lines alone (plain arithmetic), never from tally's findings.
 */
import { describe, expect, it } from 'vitest';
import { BOUND_AFTER, flipIsCheckable, rateIsCheckable } from '../../bench/judgment/plants.js';

const at = (clause: string, word: string): number => clause.indexOf(word);

describe('bench:judgment checkable plants', () => {
  it('a bound is not an amount', () => {
    expect(BOUND_AFTER.test('万元以上大型设备')).toBe(true);
    expect(BOUND_AFTER.test(' 万元（含）以下')).toBe(true);
    expect(BOUND_AFTER.test('万元，其中财政拨款')).toBe(false);
  });

  it("a flipped word is checkable when another direction word, last year's amount or a restatement says otherwise", () => {
    const flip = (clause: string, word: string, figures: number[] = [], running: string[] = [clause]) =>
      flipIsCheckable(clause, at(clause, word), word, figures, running).checkable;
    // A rate beside the change, or the reason that names the direction.
    expect(flip('基本支出100万元，比上年增加10万元，增长11.11%', '增加')).toBe(true);
    expect(flip('基本支出100万元，比上年减少1.49万元，减少的主要原因是压缩经费', '减少')).toBe(true);
    // Last year's amount (100 − 10 = 90) somewhere in the document's figures.
    const alone = '机关工资福利支出（501）100万元，较上年增加10万元，原因是新增人员';
    expect(flip(alone, '增加')).toBe(false);
    expect(flip(alone, '增加', [90])).toBe(true);
    expect(flip(alone, '增加', [95])).toBe(false);
    // A change as large as its figure (last year 0): the zeros every document prints tell nothing.
    const fromZero = '机关工资福利支出（501）10万元，较上年增加10万元，原因是新增人员';
    expect(flip(fromZero, '增加', [0, 0.003, 5])).toBe(false);
    // A rate of a quantity stated nowhere else; a rate last year's amount recomputes.
    expect(flip('危废处置84.71吨，比去年同期增加0.91%', '增加', [84])).toBe(false);
    // The tonnage, not an earlier amount of the clause, is what the rate is of.
    expect(flip('项目资金120万元，处置危废84.71吨，比去年同期增加0.91%', '增加', [118.92])).toBe(false);
    expect(flip('项目资金120万元，比去年同期增加0.91%', '增加', [118.92])).toBe(true);
    expect(flip('基本支出110万元，比上年增长10%', '增长', [100])).toBe(true);
    // The same change stated again elsewhere with its direction.
    expect(flip(alone, '增加', [], [alone, '（二）工资福利支出较上年增加10万元'])).toBe(true);
    // A decrease larger than its figure, flipped to an increase: last year would be below zero.
    expect(flip('对个人和家庭的补助（509）17.64万元，较上年减少38995.61万元', '减少')).toBe(true);
    // A word that relates no figure.
    expect(flip('原因是本年增加市医疗保障经办服务中心新上册人员经费', '增加', [1, 2, 3])).toBe(false);
  });

  it('a changed rate is checkable when an amount of the document is the whole it divides', () => {
    const clause = '基本支出538.88万元，占70.30%';
    const rate = (figures: number[]) =>
      rateIsCheckable(clause, at(clause, '70.30'), '70.30', figures).checkable;
    expect(rate([766.56])).toBe(true);
    expect(rate([700])).toBe(false);
    expect(rateIsCheckable('占比力争达到60%', 6, '60', [766.56]).checkable).toBe(false);
  });
});
