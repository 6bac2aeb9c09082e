/**
 * The corpus documents the judgment benchmark reads, with what each really is (from ../shared/corpus/README.md,
 * its last column: 预算 / 决算 / 绩效 and the year; the publishers' file names are often wrong about both).
 * Scans (no text layer) are listed so the report can say they were skipped: OCR is out of scope here.
 */
import type { DocumentKind } from '../../src/model/index.js';

export interface CorpusDoc {
  /** Path relative to the corpus folder. */
  readonly path: string;
  /** First 16 hex digits of the file's sha256, as in the corpus README. */
  readonly sha: string;
  /** The kind the document really is. */
  readonly kind: DocumentKind;
  /** The fiscal year it reports on. */
  readonly year: number;
  /** A scan without text layer: skipped (OCR is off in this benchmark). */
  readonly scan?: boolean;
}

export const CORPUS_DOCS: readonly CorpusDoc[] = [
  { path: 'budget-jiangsu/2017年度部门预算公开表.pdf', sha: '42d4fd889f7a012f', kind: 'budget', year: 2017 },
  {
    path: 'budget-jiangsu/江苏省委办公厅2017年部门预算.pdf',
    sha: '177eb7fa38c3d69b',
    kind: 'budget',
    year: 2017,
  },
  {
    path: 'budget-jiangsu/江苏省委办公厅2017年预算公开表格.pdf',
    sha: 'a59d3e87fad5e3eb',
    kind: 'budget',
    year: 2017,
  },
  {
    path: 'budget-jiangsu/江苏省委办公厅2018年度部门预算公开文件.pdf',
    sha: 'd22abdf08130690f',
    kind: 'budget',
    year: 2018,
  },
  {
    path: 'budget-jiangsu/江苏省委办公厅2018年度部门预算公开表.pdf',
    sha: '60f13f96bfd62a2e',
    kind: 'budget',
    year: 2018,
  },
  {
    path: 'budget-jiangsu/江苏省委办公厅2019年度部门预算公开文件.pdf',
    sha: '818fcfd65d478ff3',
    kind: 'budget',
    year: 2019,
  },
  {
    path: 'budget-jiangsu/江苏省委办公厅2019年度部门预算公开表格.pdf',
    sha: '1ac93479a5f55ffe',
    kind: 'budget',
    year: 2019,
  },
  {
    path: 'budget-jiangsu/江苏省政协办公厅2017年度部门预算.pdf',
    sha: 'cd9ac66d664e7af3',
    kind: 'budget',
    year: 2017,
  },
  {
    path: 'budget-jiangsu/江苏省政协办公厅2018年度部门预算.pdf',
    sha: 'd27f30612b40816c',
    kind: 'budget',
    year: 2018,
  },
  {
    path: 'budget-jiangsu/江苏省政协办公厅2018度部门预算公开表.pdf',
    sha: '600311282f84ff8d',
    kind: 'budget',
    year: 2018,
  },
  {
    path: 'budget-jiangsu/江苏省政协办公厅2019年度部门预算.pdf',
    sha: '4588cbbcbd3fc885',
    kind: 'budget',
    year: 2019,
  },
  {
    path: 'budget-jiangsu/江苏省政协办公厅2019年预算公开表.pdf',
    sha: 'a7aeca568d65a104',
    kind: 'budget',
    year: 2019,
  },
  {
    path: 'decision/上海市普陀区财政局2024年度部门决算.pdf',
    sha: 'd45e923176f9fe4b',
    kind: 'final_accounts',
    year: 2024,
  },
  { path: 'decision/附件2：部门决算模板.pdf', sha: 'deb3a453319935a1', kind: 'final_accounts', year: 2024 },
  {
    path: 'more/shanghai/2026年上海市人力资源和社会保障局_部门预算.pdf',
    sha: '5a6912a51c4b7a4b',
    kind: 'budget',
    year: 2026,
  },
  {
    path: 'more/shanghai/2026年上海市信访局_部门预算.pdf',
    sha: 'a4e315d795f5baa9',
    kind: 'budget',
    year: 2026,
  },
  {
    path: 'more/shanghai/2026年上海市公安局_部门预算.pdf',
    sha: 'd79507718bec8190',
    kind: 'budget',
    year: 2026,
  },
  {
    path: 'more/shanghai/2026年上海市医疗保障局_部门预算.pdf',
    sha: '0c14414ad0ff7153',
    kind: 'budget',
    year: 2026,
  },
  {
    path: 'more/shanghai/2026年上海市发展和改革局_部门预算.pdf',
    sha: '25e800a6e6b58603',
    kind: 'budget',
    year: 2026,
  },
  {
    path: 'more/shanghai/2026年上海市司法局_部门预算.pdf',
    sha: '369801ed533954d5',
    kind: 'budget',
    year: 2026,
  },
  {
    path: 'more/shanghai/2026年上海市商务局_部门预算.pdf',
    sha: 'ccc30116311265e5',
    kind: 'budget',
    year: 2026,
  },
  {
    path: 'more/shanghai/2026年上海市国有资产监督管理委员会_部门预算.pdf',
    sha: '2f80c7f2468b0e53',
    kind: 'budget',
    year: 2026,
  },
  {
    path: 'more/shanghai/2026年上海市审计局_部门预算.pdf',
    sha: '445dce43a214460f',
    kind: 'budget',
    year: 2026,
  },
  {
    path: 'more/shanghai/2026年上海市民政局_部门预算.pdf',
    sha: 'f5c3bca400c73a17',
    kind: 'budget',
    year: 2026,
  },
  {
    path: 'more/shanghai/2026年上海市生态环境局_部门预算.pdf',
    sha: 'd1c51b8c18c4d1a7',
    kind: 'budget',
    year: 2026,
  },
  {
    path: 'more/shanghai/2026年上海市统计局_部门预算.pdf',
    sha: '54668ec152916eae',
    kind: 'budget',
    year: 2026,
  },
  {
    path: 'more/shanghai/2026年上海市规划和自然资源局_部门预算.pdf',
    sha: 'ddd9cb9566896e57',
    kind: 'budget',
    year: 2026,
  },
  {
    path: 'more/shanghai/文化广电旅游体育局_上海市文物保护研究中心2026年度预算.pdf',
    sha: '34b93d459a33c671',
    kind: 'budget',
    year: 2026,
  },
  {
    path: 'more/beijing/2026年北京市交通委员会部门预算.pdf',
    sha: '54ec8472d692585a',
    kind: 'budget',
    year: 2026,
  },
  {
    path: 'more/beijing/2026年北京市人民政府办公厅部门预算.pdf',
    sha: '977a55b8f5173816',
    kind: 'budget',
    year: 2026,
  },
  {
    path: 'more/beijing/2026年北京市公安局部门预算.pdf',
    sha: '0ea9a91227fca652',
    kind: 'budget',
    year: 2026,
  },
  {
    path: 'more/beijing/2026年北京市医疗保障局部门预算.pdf',
    sha: '21b6aced4492c208',
    kind: 'budget',
    year: 2026,
  },
  {
    path: 'more/beijing/2026年北京市商务局部门预算.pdf',
    sha: '75b9f7ae772c82cc',
    kind: 'budget',
    year: 2026,
  },
  {
    path: 'more/beijing/2026年北京市教育委员会部门预算.pdf',
    sha: 'f4c710db1c8be420',
    kind: 'budget',
    year: 2026,
  },
  {
    path: 'more/beijing/2026年北京市水务局部门预算.pdf',
    sha: '116f55d82c56de50',
    kind: 'budget',
    year: 2026,
  },
  {
    path: 'more/beijing/2026年北京市规划和自然资源委员会部门预算.pdf',
    sha: '7c364fd01424d414',
    kind: 'budget',
    year: 2026,
  },
  {
    path: 'more/beijing/公安局_附件2：北京市公安局2026年度部门预算报表.pdf',
    sha: '8ce2fb44eff79228',
    kind: 'budget',
    year: 2026,
  },
  { path: 'more/beijing/医疗保障局_2026年部门预算.pdf', sha: 'b91875c452bd76f6', kind: 'budget', year: 2026 },
  {
    path: 'more/beijing/国有资产监督管理委员会_2026年部门预算.pdf',
    sha: '8bc0e59b2fc65cf0',
    kind: 'budget',
    year: 2026,
  },
  {
    path: 'more/beijing/工业和信息化局_2026年部门预算.pdf',
    sha: '8e750e619acef00b',
    kind: 'budget',
    year: 2026,
  },
  {
    path: 'more/beijing/政务服务和数据管理局_2026年部门预算.pdf',
    sha: '2835cde9d3d01acb',
    kind: 'budget',
    year: 2026,
    scan: true,
  },
  { path: 'more/beijing/政府办公厅_2026年部门预算.pdf', sha: '320e70bba5004d1c', kind: 'budget', year: 2026 },
  { path: 'more/beijing/气象局_2026年部门预算.pdf', sha: 'bcf00dbe0b7c3063', kind: 'budget', year: 2026 },
  {
    path: 'more/beijing/气象局_附件2：北京市气象局2026年度部门预算报表.pdf',
    sha: '309f72dffb4305f8',
    kind: 'budget',
    year: 2026,
  },
  { path: 'more/beijing/生态环境局_2026年部门预算.pdf', sha: '95417c5026f7cc19', kind: 'budget', year: 2026 },
  { path: 'more/beijing/财政局_2026年部门预算.pdf', sha: '0487706e5973642b', kind: 'budget', year: 2026 },
  {
    path: 'more/shenzhen/2026年深圳市信访局部门预算.pdf',
    sha: '4dc4cd8aabf06e6a',
    kind: 'budget',
    year: 2026,
  },
  {
    path: 'more/shenzhen/2026年深圳市政府办公厅部门预算.pdf',
    sha: '6ec7ac94339680c7',
    kind: 'budget',
    year: 2026,
  },
  {
    path: 'more/shenzhen/2026年深圳市民政局部门预算.pdf',
    sha: '3d9914438111e7b8',
    kind: 'budget',
    year: 2026,
  },
  {
    path: 'more/shenzhen/2026年深圳市气象局部门预算.pdf',
    sha: 'cf99407de4bbbc7f',
    kind: 'budget',
    year: 2026,
  },
  {
    path: 'more/guangzhou/2026年广州市生态环境局部门预算.pdf',
    sha: '7168026ded9be581',
    kind: 'performance_targets',
    year: 2026,
  },
  {
    path: 'more/guangzhou/政务服务和数据管理局_广州市政务服务和数据局2026年部门整体预算绩效目标申报表.pdf.pdf',
    sha: 'a63d8f13105669a8',
    kind: 'performance_targets',
    year: 2026,
  },
  {
    path: 'more/guangzhou/政务服务和数据管理局_广州市政务服务和数据管理局2026年项目支出绩效目标表（含转移支付项目）.pdf.pdf',
    sha: 'ff1c7dac4b74904c',
    kind: 'performance_targets',
    year: 2026,
  },
  {
    path: 'more/guangzhou/生态环境局_广州市生态环境局2026年部门整体预算绩效目标申报表.pdf.pdf',
    sha: '4273ff50607316c6',
    kind: 'performance_targets',
    year: 2026,
  },
  {
    path: 'more/central/2026年武汉市信访局部门预算.pdf',
    sha: '35b6ffa77c409f11',
    kind: 'budget',
    year: 2026,
  },
  {
    path: 'more/central/信访局_国家信访局2024年度部门决算公开.pdf',
    sha: 'b50c5c76deb59132',
    kind: 'final_accounts',
    year: 2024,
  },
  {
    path: 'more/changsha/2026年长沙市信访局部门预算.pdf',
    sha: '6bdba5824fee1b16',
    kind: 'budget',
    year: 2026,
  },
  {
    path: 'more/changsha/2026年长沙市公安局2025年部门预算.pdf',
    sha: '97cc4d4f17a76538',
    kind: 'budget',
    year: 2025,
  },
  {
    path: 'more/changsha/公安局交通警察局_2026年部门预算.pdf',
    sha: 'ec7edf3e9052069d',
    kind: 'self_evaluation',
    year: 2023,
    scan: true,
  },
  {
    path: 'more/changsha/市场监督管理局_2026年部门预算.pdf',
    sha: 'de5848ec21d37a3e',
    kind: 'self_evaluation',
    year: 2022,
    scan: true,
  },
  { path: 'more/xian/2026年西安市信访局部门预算.pdf', sha: 'cb0e35c14a62df40', kind: 'budget', year: 2026 },
  { path: 'more/xian/交通运输局_2026年部门预算.pdf', sha: 'ff80a8a23905c184', kind: 'budget', year: 2022 },
  {
    path: 'more/xian/人力资源和社会保障局_2026年部门预算.pdf',
    sha: '225b0d00e2b826aa',
    kind: 'budget',
    year: 2020,
  },
  { path: 'more/xian/医疗保障局_2026年部门预算.pdf', sha: 'c6bc1cffe0bb1452', kind: 'budget', year: 2022 },
  {
    path: 'more/xian/卫生健康委员会_2026年部门预算.pdf',
    sha: 'd504cbd6d86e23d5',
    kind: 'final_accounts',
    year: 2022,
  },
  { path: 'more/xian/商务局_2026年部门预算.pdf', sha: '41cd3dcb95887633', kind: 'budget', year: 2022 },
  {
    path: 'more/xian/国有资产监督管理委员会_2026年部门预算.pdf',
    sha: '9b85e0bbe9074613',
    kind: 'budget',
    year: 2022,
  },
  { path: 'more/xian/宣传部_2026年部门预算.pdf', sha: 'ad4ecf660ddcee8a', kind: 'budget', year: 2021 },
  {
    path: 'more/xian/工业和信息化局_2026年部门预算.pdf',
    sha: '627c16eab5a593e1',
    kind: 'budget',
    year: 2022,
  },
  { path: 'more/xian/应急管理局_2026年部门预算.pdf', sha: '1598881bee425bcd', kind: 'budget', year: 2019 },
  {
    path: 'more/xian/政务服务和数据管理局_2026年部门预算.pdf',
    sha: '886914c5e0beef29',
    kind: 'budget',
    year: 2025,
  },
  { path: 'more/xian/民政局_2026年部门预算.pdf', sha: '688bbf25c9860380', kind: 'budget', year: 2021 },
  { path: 'more/xian/生态环境局_2026年部门预算.pdf', sha: '65b3ede0cfb04fa2', kind: 'budget', year: 2022 },
  { path: 'more/xian/科技创新局_2026年部门预算.pdf', sha: 'd8b69a4ecb5c447b', kind: 'budget', year: 2022 },
  {
    path: 'more/yantai/2026年烟台市住房和城乡建设局部门预算.pdf',
    sha: '55f58289cc348cfd',
    kind: 'budget',
    year: 2026,
  },
  {
    path: 'more/yantai/2026年烟台市大数据局部门预算.pdf',
    sha: 'a0305b603848e8bf',
    kind: 'budget',
    year: 2026,
  },
  { path: 'more/yantai/2026年烟台市审计局部门预算.pdf', sha: 'e19d56efc82c61d4', kind: 'budget', year: 2026 },
  {
    path: 'more/yantai/2026年烟台市科技创新局部门预算.pdf',
    sha: '107303e1f27bc2f3',
    kind: 'budget',
    year: 2026,
  },
  { path: 'more/yantai/2026年烟台市统计局部门预算.pdf', sha: '643c0a24bc4c6694', kind: 'budget', year: 2026 },
  {
    path: 'more/yantai/2026年烟台市自然资源和规划局部门预算.pdf',
    sha: '14bd9b1dc891f50a',
    kind: 'budget',
    year: 2026,
  },
  {
    path: 'more/changchun/2026年长春市信访局部门预算.pdf',
    sha: 'f8af211e36b1b272',
    kind: 'budget',
    year: 2026,
  },
];

/** Groups: the lead tunes recognition on `tuned`; `held_out` is kept apart to measure it honestly. */
export type Group = 'tuned' | 'held_out';

const HELD_OUT = ['more/shenzhen/', 'more/changsha/', 'more/changchun/', 'more/guangzhou/', 'more/central/'];

export function groupOf(path: string): Group {
  return HELD_OUT.some((p) => path.startsWith(p)) ? 'held_out' : 'tuned';
}
