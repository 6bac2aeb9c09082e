import { describe, expect, it } from 'vitest';
import { isCjkFontName, judgeTextLayer, textStats } from './text-quality.js';
import { normalizeText } from './text-spans.js';

const judge = (text: string, cjkExpected = true, imageCoverage = 0) =>
  judgeTextLayer({ stats: textStats(text), cjkExpected, imageCoverage, curveCount: 0 });

describe('text layer quality', () => {
  it('accepts decoded Chinese and plain English', () => {
    expect(judge('一般公共预算财政拨款支出决算表 单位：万元 2,940.05')).toEqual({ needed: false });
    expect(judge('Threshold for releases to air kg/year', false)).toEqual({ needed: false });
  });

  it('flags private-use glyphs and replacement characters as garbled', () => {
    expect(judge('\ue001\ue002\ue003\ue004\ue005\ue006\ue007\ue008 2024 \ue009\ue00a')).toEqual({
      needed: true,
      reason: 'garbled-text-layer',
    });
    expect(judge('\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd')).toMatchObject({
      reason: 'garbled-text-layer',
    });
  });

  it('flags GBK bytes read as Latin-1 where Chinese is expected, but not in a Latin document', () => {
    const junk = 'ÊÕÈë¾ö Ëã±í µ¥Î» ÍòÔª ºÏ¼Æ';
    expect(judge(junk, true)).toMatchObject({ needed: true, reason: 'garbled-text-layer' });
    expect(judge(junk, false)).toEqual({ needed: false });
  });

  it('sends a scan with a stray stamped folio to OCR', () => {
    expect(judge('12', true, 0.95)).toEqual({ needed: true, reason: 'no-text-layer' });
  });

  it('recognises Chinese font names, also GBK-escaped ones', () => {
    expect(isCjkFontName('BAAAAA+FangSong')).toBe(true);
    expect(isCjkFontName('#CB#CE#CC#E5')).toBe(true);
    expect(isCjkFontName('Helvetica')).toBe(false);
  });

  it('maps Kangxi-radical look-alikes to the ideographs they stand for, and keeps full-width punctuation', () => {
    expect(normalizeText('\u2f00般公共预算（项）')).toBe('一般公共预算（项）');
  });
});
