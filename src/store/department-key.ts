/**
 * A department's identity across documents and years: the printed name reduced to a key that the same
 * department prints alike every year ("中共株洲市委组织部2023年度部门决算（本级）" and "株洲市委组织部" give one
 * key). Pure; the store keeps the key, the printed name and the steps taken, so a reviewer sees why two
 * documents were put together (and can split them).
 */

/** The key and the evidence for it: each step that changed the name, in order. */
export interface DepartmentKey {
  readonly key: string;
  /** What was removed or rewritten, e.g. ["全角→半角", "去掉“中共”", "去掉“2023年度”"]. */
  readonly steps: readonly string[];
}

/** Applied in order; each removes one kind of decoration the same department prints in some years only. */
const STRIPS: readonly { readonly re: RegExp; readonly what: string }[] = [
  { re: /^中国共产党/u, what: '中国共产党' },
  { re: /^中共/u, what: '中共' },
  { re: /(20\d{2})年度?/gu, what: '年度' },
  { re: /[(（【[]?(本级|汇总|部门汇总|单位汇总|合并|本部)[)）】\]]?$/u, what: '（本级/汇总）' },
  { re: /(部门|单位)?(整体)?(支出)?(决算|预算)(公开)?(报告|说明|表)?$/u, what: '部门预算/决算' },
  { re: /[(（【[](本级|汇总|部门汇总|单位汇总|合并|本部)[)）】\]]/u, what: '（本级/汇总）' },
  { re: /(机关)?(本级)$/u, what: '本级' },
  { re: /机关$/u, what: '机关' },
];

/** Suffixes printed in long or short form by the same department. */
const SUFFIXES: readonly [RegExp, string, string][] = [
  // 中国共产党江苏省委员会办公厅 = 中共江苏省委办公厅: the party committee of a place is its 省委/市委/县委.
  [/([省市县区州旗])委员会(?=.)/u, '$1委', '省委员会→省委'],
  [/管理委员会$/u, '管委会', '管理委员会→管委会'],
  [/人民政府办公室$/u, '政府办', '人民政府办公室→政府办'],
  [/人民政府/u, '政府', '人民政府→政府'],
  [/委员会$/u, '委', '委员会→委'],
];

export function departmentKey(printed: string): DepartmentKey {
  const steps: string[] = [];
  let s = printed.normalize('NFKC');
  if (s !== printed) steps.push('全角→半角');
  const compact = s.replace(/[\s\u3000·•]+/gu, '').replace(/[“”"'‘’]/gu, '');
  if (compact !== s) steps.push('去掉空白');
  s = compact;
  // Repeat: "中共X委2023年度部门决算（本级）" needs several passes in no fixed order.
  for (let pass = 0; pass < 3; pass++) {
    for (const { re, what } of STRIPS) {
      const next = s.replace(re, '');
      if (next !== s && next.length >= 2) {
        steps.push(`去掉“${what}”`);
        s = next;
      }
    }
  }
  for (const [re, to, what] of SUFFIXES) {
    const next = s.replace(re, to);
    if (next !== s) {
      steps.push(what);
      s = next;
    }
  }
  return { key: s, steps: [...new Set(steps)] };
}
