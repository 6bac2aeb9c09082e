/**
 * The document model and the document checks on real disclosures of ../shared/corpus (skipped when it is
 * absent): the kind, year and department they really have (per the corpus README), no document-level alarm on
 * the unaltered files, and the faults the issue names planted into a real 决算's blocks (so normalization,
 * the document model and the checks all see them).
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { CORPUS_DIR, hasShared } from '../../../test/support/shared.js';
import type { Anomaly, Block } from '../../model/index.js';
import { normalizeDocument } from '../../normalize/index.js';
import { extractFile } from '../../pipeline/index.js';
import { detectFormat, readerFor } from '../../readers/index.js';
import { pagesToBlocks } from '../../tables/index.js';
import { validateDocument } from '../validate.js';

const DOCUMENT_RULES = new Set([
  'missing_table',
  'toc_mismatch',
  'placeholder_text',
  'metadata_mismatch',
  'empty_table',
]);
const alarms = (a: readonly Anomaly[]) =>
  a.filter((x) => DOCUMENT_RULES.has(x.rule) && x.severity !== 'info' && !/^empty_table:t\d+$/.test(x.id));

const path = (rel: string) => `${CORPUS_DIR}/${rel}`;

/** Files of several regions and what they really are (the README's last column). */
const FILES: readonly [string, { kind: string; year: number; department?: string }][] = [
  [
    'more/beijing/2026年北京市交通委员会部门预算.pdf',
    { kind: 'budget', year: 2026, department: '北京市交通委员会' },
  ],
  [
    'more/yantai/2026年烟台市大数据局部门预算.pdf',
    { kind: 'budget', year: 2026, department: '烟台市大数据局' },
  ],
  [
    'more/xian/政务服务和数据管理局_2026年部门预算.pdf',
    { kind: 'budget', year: 2025, department: '西安市行政审批服务局' },
  ],
  [
    'more/changsha/2026年长沙市公安局2025年部门预算.pdf',
    { kind: 'budget', year: 2025, department: '长沙市公安局' },
  ],
  ['more/shanghai/2026年上海市审计局_部门预算.pdf', { kind: 'budget', year: 2026 }],
  [
    'more/guangzhou/生态环境局_广州市生态环境局2026年部门整体预算绩效目标申报表.pdf.pdf',
    { kind: 'performance_targets', year: 2026 },
  ],
  [
    'more/central/信访局_国家信访局2024年度部门决算公开.pdf',
    { kind: 'final_accounts', year: 2024, department: '国家信访局' },
  ],
];

describe.skipIf(!hasShared(['corpus', 'more']))('the document model on real disclosures', () => {
  it.each(FILES)(
    '%s: kind, year, department from the content, and no document-level alarm',
    async (rel, want) => {
      const r = await extractFile(path(rel), { ocr: 'off' });
      expect(r.meta).toMatchObject(want);
      expect(alarms(r.anomalies)).toEqual([]);
    },
  );
});

const FINAL = 'more/central/信访局_国家信访局2024年度部门决算公开.pdf';

async function blocksOf(rel: string): Promise<Block[]> {
  const bytes = new Uint8Array(await readFile(path(rel)));
  const reader = await readerFor(detectFormat(rel, bytes).format);
  const doc = await reader.read({ path: rel, bytes }, {});
  return [...pagesToBlocks(doc.pages), ...doc.blocks];
}

function check(blocks: Block[]): Anomaly[] {
  return alarms(validateDocument(normalizeDocument({ blocks })));
}

const flat = (s: string) => s.replace(/\s+/g, '');

describe.skipIf(!hasShared(['corpus', 'more', 'central']))(
  'faults planted into a real 部门决算',
  async () => {
    const blocks = hasShared(['corpus', 'more', 'central']) ? await blocksOf(FINAL) : [];

    it('the unaltered document raises no document-level alarm', () => {
      expect(check(blocks)).toEqual([]);
    });

    it('a table deleted while the 目录 lists it: toc_mismatch', () => {
      // The 三公 table: its grid and the captions printed on its page (title, 公开09表 部门：…, 注).
      const at = blocks.findIndex(
        (b, i) =>
          b.kind === 'grid' &&
          blocks
            .slice(Math.max(0, i - 3), i)
            .some((t) => t.kind === 'text' && /三公.*决算表$/.test(flat(t.text))),
      );
      const grid = blocks[at];
      const page = grid?.kind === 'grid' ? grid.grid.source.page : undefined;
      expect(page).toBeDefined();
      const cut = blocks.filter((b, i) => i !== at && !(b.kind === 'text' && b.source.page === page));
      const found = check(cut);
      expect(found).toEqual([expect.objectContaining({ rule: 'toc_mismatch', severity: 'error' })]);
      expect(found[0]?.message).toContain('三公');
    });

    it('"XX局" left in a heading: placeholder_text', () => {
      const planted = blocks.map((b) =>
        b.kind === 'text' && /2024年度部门决算表$/.test(flat(b.text))
          ? { ...b, text: b.text.replace('国家信访局', 'XX局') }
          : b,
      );
      expect(check(planted)).toEqual([
        expect.objectContaining({ rule: 'placeholder_text', severity: 'error', found: 'XX局' }),
      ]);
    });

    it('a wrong year in one table title and one heading: metadata_mismatch', () => {
      let title = false;
      let heading = false;
      const planted = blocks.map((b) => {
        if (b.kind !== 'text') return b;
        if (!title && flat(b.text) === '收入决算表') {
          title = true;
          return { ...b, text: '2023年度收入决算表' };
        }
        if (!heading && /^国家信访局2024年度部门决算表$/.test(flat(b.text)) && b.source.page !== 2) {
          heading = true;
          return { ...b, text: b.text.replace('2024', '2023') };
        }
        return b;
      });
      expect(title && heading).toBe(true);
      const found = check(planted);
      expect(found.map((a) => [a.rule, a.severity, a.found, a.expected])).toEqual([
        ['metadata_mismatch', 'error', 2023, 2024],
        ['metadata_mismatch', 'error', 2023, 2024],
      ]);
    });
  },
);
