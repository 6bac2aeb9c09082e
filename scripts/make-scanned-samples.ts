/**
 * Scanned-looking copies of the digital sample PDFs, for the OCR tests and benchmark: each page is rendered
 * (pdfjs), blurred a little, put on grey paper with noise and dust, turned 0.5–1°, JPEG-compressed and
 * assembled into an image-only PDF (pdf-lib); one page is also written as a PNG. The digital originals
 * stay the ground truth; samples/scanned/manifest.json records which original, dpi and skew each file has.
 * Deterministic (seeded noise), so re-running gives the same bytes for the same inputs.
 *
 *   npx tsx scripts/make-scanned-samples.ts
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import { PDFDocument } from 'pdf-lib';
import { loadPdfDocument } from '../src/readers/pdf/pdfjs.js';
import { deskew, encodePng, renderPdfPageGrey, type GreyImage } from '../src/readers/render/index.js';

const OUT = 'samples/scanned';
/** What to scan: the table-heavy final-accounts sample at both resolutions, and one performance form. */
const JOBS: readonly { source: string; dpi: number; pages?: readonly number[]; png?: number }[] = [
  { source: 'samples/004-final-accounts-2023-tables.pdf', dpi: 300 },
  { source: 'samples/004-final-accounts-2023-tables.pdf', dpi: 200, pages: [1, 2, 3], png: 1 },
  { source: 'samples/000-performance-qingshuitang-2023.pdf', dpi: 300, pages: [1] },
];
/** Skews cycled over pages, degrees (positive: rules fall to the right). */
const SKEWS = [0.7, -0.5, 1.0, -0.8, 0.6, -1.0, 0.9, -0.6, 0.5];
const JPEG_QUALITY = 72;

export interface ScannedSample {
  /** The image-only PDF (or PNG), relative to the repository root. */
  readonly file: string;
  /** The digital original it was made from: its text layer is the ground truth. */
  readonly original: string;
  readonly dpi: number;
  /** Page of this file → page of the original and the skew applied. */
  readonly pages: readonly { readonly page: number; readonly originalPage: number; readonly skewDeg: number }[];
}

/** mulberry32: a tiny seeded PRNG, so the noise is the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Scanner look: slight optical blur, grey paper with grain, ink not quite black, dust specks. */
function degrade(image: GreyImage, seed: number): GreyImage {
  const { width, height, data } = image;
  const rnd = prng(seed);
  const out = new Uint8Array(data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      // Cross-shaped blur: half the pixel, half its four neighbours.
      const n = (data[i - 1] ?? 255) + (data[i + 1] ?? 255) + (data[i - width] ?? 255) + (data[i + width] ?? 255);
      const v = 0.5 * (data[i] ?? 255) + 0.125 * n;
      // Map white→paper (~238) and black→ink (~35), then grain of ±5.
      const mapped = 35 + (v / 255) * 203 + (rnd() + rnd() - 1) * 5;
      out[i] = Math.max(0, Math.min(255, Math.round(mapped)));
    }
  }
  const specks = Math.round(width * height * 0.00005);
  for (let k = 0; k < specks; k++) {
    const x = Math.floor(rnd() * (width - 2));
    const y = Math.floor(rnd() * (height - 2));
    const s = rnd() < 0.7 ? 1 : 2;
    for (let dy = 0; dy < s; dy++) for (let dx = 0; dx < s; dx++) out[(y + dy) * width + x + dx] = 60;
  }
  return { ...image, data: out };
}

function jpeg(image: GreyImage): Uint8Array {
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  const img = ctx.createImageData(image.width, image.height);
  for (let j = 0, i = 0; j < image.data.length; j++, i += 4) {
    const v = image.data[j] ?? 255;
    img.data[i] = v;
    img.data[i + 1] = v;
    img.data[i + 2] = v;
    img.data[i + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
  // Skia writes YCbCr; with no colour the chroma planes cost almost nothing.
  return new Uint8Array(canvas.encodeSync('jpeg', JPEG_QUALITY));
}

async function main(): Promise<void> {
  await mkdir(OUT, { recursive: true });
  const manifest: ScannedSample[] = [];
  for (const job of JOBS) {
    const bytes = new Uint8Array(await readFile(job.source));
    const src = await loadPdfDocument(bytes, { name: job.source });
    const pages = job.pages ?? Array.from({ length: src.numPages }, (_, i) => i + 1);
    // No creation date or producer: the same inputs must give the same bytes.
    const out = await PDFDocument.create({ updateMetadata: false });
    const stem = basename(job.source, '.pdf');
    const file = join(OUT, `${stem}.scan${job.dpi}.pdf`);
    const entries: { page: number; originalPage: number; skewDeg: number }[] = [];
    for (const [k, n] of pages.entries()) {
      const skewDeg = SKEWS[(n - 1) % SKEWS.length]!;
      const page = await src.getPage(n);
      const { width, height } = page.getViewport({ scale: 1 });
      const level = await renderPdfPageGrey(src, n, { dpi: job.dpi });
      // deskew(img, -a) turns the content by +a.
      const scanned = degrade(deskew(level, -skewDeg).image, 1000 * job.dpi + n);
      const jpg = await out.embedJpg(jpeg(scanned));
      out.addPage([width, height]).drawImage(jpg, { x: 0, y: 0, width, height });
      entries.push({ page: k + 1, originalPage: n, skewDeg });
      if (job.png === n) {
        const pngFile = join(OUT, `${stem}.p${n}.${job.dpi}dpi.png`);
        await writeFile(pngFile, encodePng(scanned));
        manifest.push({ file: pngFile, original: job.source, dpi: job.dpi, pages: [{ page: 1, originalPage: n, skewDeg }] });
      }
    }
    await src.destroy();
    await writeFile(file, await out.save());
    manifest.push({ file, original: job.source, dpi: job.dpi, pages: entries });
    console.log(`${file}: ${entries.length} pages at ${job.dpi} dpi`);
  }
  await writeFile(join(OUT, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
}

await main();
