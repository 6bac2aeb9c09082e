import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CORPUS_DIR, hasShared } from '../../../test/support/shared.js';
import { deskew, renderPdfPageGrey, type GreyImage } from '../render/index.js';
import { pageOrientation } from './ppocr.js';
import { uprightTurn } from './ocr-page.js';

const TEMPLATE = ['corpus', 'decision', '附件2：部门决算模板.pdf'];
const slow = describe.skipIf(process.env.TALLY_SKIP_SLOW === '1' || !hasShared(TEMPLATE));

/** A page of the 决算 template as a harsh photocopy gives it: tilted, then hard black and white. */
async function photocopied(page: number, tiltDeg: number): Promise<GreyImage> {
  const bytes = new Uint8Array(readFileSync(`${CORPUS_DIR}/decision/附件2：部门决算模板.pdf`));
  const grey = await renderPdfPageGrey(bytes, page, { dpi: 200 });
  const tilted = deskew(grey, -tiltDeg).image;
  return { ...tilted, data: tilted.data.map((v) => (v < 140 ? 0 : 255)) };
}

slow('the way up of a tilted hard black-and-white page', () => {
  it.each([
    [18, 1.76],
    [18, -1.76],
    [21, 1.76],
  ])('is told on the page levelled: template p%s tilted %s° stays upright', { timeout: 120_000 }, async (page, tilt) => {
    const scan = await photocopied(page, tilt);
    // Read as it lies, the page was taken for upside down (and lost: 25 of 456 characters right).
    expect(await pageOrientation(scan)).toBe(180);
    const { turn, levelled } = await uprightTurn(scan);
    expect(turn).toBe(0);
    expect(Math.abs(levelled.transform.angleDeg - tilt)).toBeLessThan(0.3);
  });
});
