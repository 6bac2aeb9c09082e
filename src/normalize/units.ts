import type { MoneyUnit } from '../model/index.js';
import { compact } from './text.js';

/** A unit declaration printed near a table: "单位：万元", "金额单位：万元", "金额：万元", "单位: 元". */
export interface UnitDeclaration {
  readonly unit: MoneyUnit;
  /** The declaration as printed. */
  readonly text: string;
}

const DECLARATION =
  /(?:金额)?单位[:：]?\s*(万元|亿元|元)|金额[:：]\s*(万元|亿元|元)|[（(]\s*(万元|亿元|元)\s*[)）]/u;

const UNIT_BY_WORD: Record<string, MoneyUnit> = { 元: 'yuan', 万元: 'wan_yuan', 亿元: 'yi_yuan' };

/** Find a unit declaration in a line of text. "(万元)" inside a header such as "年度预算申请（万元）" counts too. */
export function findUnitDeclaration(text: string): UnitDeclaration | undefined {
  const m = DECLARATION.exec(compact(text).replace(/\(/g, '（').replace(/\)/g, '）'));
  const word = m?.[1] ?? m?.[2] ?? m?.[3];
  if (!m || !word) return undefined;
  const unit = UNIT_BY_WORD[word];
  return unit ? { unit, text: text.trim() } : undefined;
}
