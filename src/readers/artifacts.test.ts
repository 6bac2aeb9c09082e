import { describe, expect, it } from 'vitest';
import { cleanCellText, cleanTextLine, joinWrappedLines, stripBookmarks } from './artifacts.js';

describe('cleanCellText', () => {
  it('removes Word bookmarks anywhere', () => {
    expect(cleanCellText('[bookmark: _GoBack]≤125.61万')).toBe('≤125.61万');
    expect(stripBookmarks('a[bookmark: OLE_LINK1]b')).toBe('ab');
  });

  it('drops a stray bullet before a number only', () => {
    expect(cleanCellText('• 0')).toBe('0');
    expect(cleanCellText('·12.5')).toBe('12.5');
    expect(cleanCellText('● -3')).toBe('-3');
    expect(cleanCellText('▪ 7')).toBe('7');
    expect(cleanCellText('· 说明')).toBe('· 说明');
  });

  it('trims NBSP, full-width spaces and blank lines at the edges, keeps inner text', () => {
    expect(cleanCellText('\u3000较好完成\u3000')).toBe('较好完成');
    expect(cleanCellText('\u00a0 12.5 \u00a0')).toBe('12.5');
    expect(cleanCellText('\n\n新城产业发展股\n')).toBe('新城产业发展股');
    expect(cleanCellText('≥90%；  \n\n满意以上')).toBe('≥90%；\n\n满意以上');
    expect(cleanCellText('其他资源勘探 工业信息等支出')).toBe('其他资源勘探 工业信息等支出');
  });

  it('NFC-normalizes', () => {
    expect(cleanCellText('e\u0301')).toBe('\u00e9');
  });
});

describe('joinWrappedLines', () => {
  it('joins CJK without a space and Latin with one', () => {
    expect(joinWrappedLines(['2023年度', '株洲经济开发区'])).toBe('2023年度株洲经济开发区');
    expect(joinWrappedLines(['total', '12'])).toBe('total 12');
    expect(cleanTextLine('  填表人：  ')).toBe('填表人：');
  });
});
