import { describe, expect, it } from 'vitest';
import { ocrVariants } from './confusions.js';

describe('ocrVariants', () => {
  it('recovers a decimal point read as a digit', () => {
    expect(ocrVariants('17237')).toContain('17.37');
  });

  it('recovers a point read as a digit next to a look-alike digit', () => {
    expect(ocrVariants('14133')).toContain('11.33');
  });

  it('puts back a dropped decimal point, two decimals first', () => {
    const v = ocrVariants('299539');
    expect(v).toContain('2995.39');
    expect(v.indexOf('2995.39')).toBeLessThan(v.indexOf('29953.9'));
  });

  it('removes an extra decimal point', () => {
    expect(ocrVariants('1.234.56')).toContain('1234.56');
  });

  it('swaps look-alike digits one at a time', () => {
    const v = ocrVariants('2,993.39');
    expect(v).toContain('2995.39');
    expect(v).toContain('2993.89');
    expect(ocrVariants('71.00')).toContain('11.00');
  });

  it('splits two amounts glued together and joins a number split by a space', () => {
    expect(ocrVariants('12.3445.60')).toContain('12.34 45.60');
    expect(ocrVariants('1.5 0')).toContain('1.50');
  });

  it('reads a colon as the decimal point it usually is', () => {
    expect(ocrVariants('26:99')).toContain('26.99');
  });

  it('reads letters tesseract puts for digits', () => {
    expect(ocrVariants('1O.5O')).toContain('10.50');
  });

  it('keeps the sign, never returns the input, and ignores text', () => {
    expect(ocrVariants('-17237')).toContain('-17.37');
    expect(ocrVariants('17.37')).not.toContain('17.37');
    expect(ocrVariants('合计')).toEqual([]);
    expect(new Set(ocrVariants('17237')).size).toBe(ocrVariants('17237').length);
  });
});
