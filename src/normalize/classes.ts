import { compact } from './text.js';

/**
 * 政府收支分类 function classes (类), by name, as printed in the 总表s ("一、一般公共服务支出"). Lets the 总表's
 * 类 rows be checked against Σ of the detail tables' rows with that code prefix.
 */
const FUNCTION_CLASSES: ReadonlyArray<readonly [string, string]> = [
  ['201', '一般公共服务支出'],
  ['202', '外交支出'],
  ['203', '国防支出'],
  ['204', '公共安全支出'],
  ['205', '教育支出'],
  ['206', '科学技术支出'],
  ['207', '文化旅游体育与传媒支出'],
  ['208', '社会保障和就业支出'],
  ['209', '社会保险基金支出'],
  ['210', '卫生健康支出'],
  ['211', '节能环保支出'],
  ['212', '城乡社区支出'],
  ['213', '农林水支出'],
  ['214', '交通运输支出'],
  ['215', '资源勘探工业信息等支出'],
  ['216', '商业服务业等支出'],
  ['217', '金融支出'],
  ['219', '援助其他地区支出'],
  ['220', '自然资源海洋气象等支出'],
  ['221', '住房保障支出'],
  ['222', '粮油物资储备支出'],
  ['223', '国有资本经营预算支出'],
  ['224', '灾害防治及应急管理支出'],
  ['227', '预备费'],
  ['229', '其他支出'],
  ['230', '转移性支出'],
  ['231', '债务还本支出'],
  ['232', '债务付息支出'],
  ['233', '债务发行费用支出'],
  ['234', '抗疫特别国债安排的支出'],
];

/** Older names still printed in some years. */
const ALIASES: ReadonlyArray<readonly [string, string]> = [
  ['207', '文化体育与传媒支出'],
  ['210', '医疗卫生与计划生育支出'],
  ['210', '医疗卫生支出'],
  ['215', '资源勘探信息等支出'],
  ['215', '资源勘探工业信息支出'],
  ['224', '灾害防治及应急管理'],
  ['220', '国土海洋气象等支出'],
  ['220', '国土资源气象等支出'],
];

const ORDINAL = /^(?:[（(][一二三四五六七八九十]+[)）][、.．]?|[一二三四五六七八九十]+[、.．])/u;

/** The 类 code for a class name such as "一、一般公共服务支出"; undefined for anything else. */
export function functionClassCode(label: string): string | undefined {
  const name = compact(label).replace(ORDINAL, '');
  for (const [code, n] of [...FUNCTION_CLASSES, ...ALIASES]) if (name === compact(n)) return code;
  return undefined;
}

/** A numbered item's ordinal ("1、", "(1)"), as 西安's 总表 print their rows under a heading. */
const ITEM_ORDINAL = /^(?:\d{1,2}[.、．](?!\d)|[（(]\d{1,2}[)）])/u;

/** Strip a leading ordinal from a label: a Chinese one ("一、", "（二）"), then an item's ("1、", "(1)"). */
export function stripOrdinal(label: string): string {
  return label.trim().replace(ORDINAL, '').trim().replace(ITEM_ORDINAL, '').trim();
}
