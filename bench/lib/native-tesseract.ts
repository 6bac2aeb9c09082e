/**
 * The baseline every OCR benchmark measures against: the native `tesseract` CLI on one page image, one thread,
 * the same chi_sim+eng models, LSTM engine, automatic page segmentation (--psm 3).
 */
export function nativeTesseractArgs(image: string, tessdata: string, dpi: number): string[] {
  return [
    image,
    '-',
    '--tessdata-dir',
    tessdata,
    '-l',
    'chi_sim+eng',
    '--oem',
    '1',
    '--psm',
    '3',
    '--dpi',
    String(dpi),
    '-c',
    'preserve_interword_spaces=1',
  ];
}

/** One thread per process, so that N pages on N cores compare with tally's N lanes. */
export const NATIVE_TESSERACT_ENV = { OMP_THREAD_LIMIT: '1' } as const;
