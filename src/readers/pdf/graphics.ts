import type { FilledRect, RulingLine } from '../../model/index.js';
import { apply, IDENTITY, multiply, scaleOf, toMatrix, type Matrix } from './matrix.js';

/** The operator codes this module needs, taken from pdfjs's OPS table at run time. */
export interface OpCodes {
  readonly save: number;
  readonly restore: number;
  readonly transform: number;
  readonly constructPath: number;
  readonly setLineWidth: number;
  readonly setFillRGBColor: number;
  readonly paintFormXObjectBegin: number;
  readonly paintFormXObjectEnd: number;
  readonly stroke: number;
  readonly closeStroke: number;
  readonly fill: number;
  readonly eoFill: number;
  readonly fillStroke: number;
  readonly eoFillStroke: number;
  readonly closeFillStroke: number;
  readonly closeEOFillStroke: number;
  readonly endPath: number;
  readonly paintImageXObject: number;
  readonly paintInlineImageXObject: number;
  readonly paintImageMaskXObject: number;
  readonly paintImageXObjectRepeat: number;
  readonly paintImageMaskXObjectRepeat: number;
  readonly paintInlineImageXObjectGroup: number;
  readonly paintImageMaskXObjectGroup: number;
  readonly paintSolidColorImageMask: number;
}

/** pdfjs 5 path buffer opcodes (DrawOPS in pdfjs): the path is flattened into one Float32Array. */
const MOVE_TO = 0;
const LINE_TO = 1;
const CURVE_TO = 2;
const QUAD_TO = 3;
const CLOSE = 4;

/** Rectangles thinner than this (points) are drawn rules, not shading: Excel and WPS draw borders that way. */
const RULE_MAX_THICKNESS = 2.5;
/** Segments shorter than this are glyph strokes or dots, not table rules. */
const MIN_RULE_LENGTH = 2;
/** A segment is horizontal/vertical when its other extent is within this (points). */
const AXIS_TOLERANCE = 0.75;

export interface PageGraphics {
  lines: RulingLine[];
  rects: FilledRect[];
  /** Area of the page covered by drawn images, as a fraction 0..1 (overlaps counted twice, capped at 1). */
  imageCoverage: number;
  /** Number of curve segments drawn: outlined text (glyphs as paths) shows up as thousands of curves. */
  curveCount: number;
}

interface GState {
  ctm: Matrix;
  lineWidth: number;
  fill: string;
}

/**
 * Walk a page's operator list and collect ruling lines, filled rectangles and image coverage, in the
 * viewport's coordinates (points, origin top-left, rotation applied). `viewport` maps PDF user space to that.
 */
export function collectGraphics(
  ops: OpCodes,
  fnArray: readonly number[],
  argsArray: readonly unknown[],
  viewport: Matrix,
  pageNumber: number,
  pageWidth: number,
  pageHeight: number,
): PageGraphics {
  const lines: RulingLine[] = [];
  const rects: FilledRect[] = [];
  let imageArea = 0;
  let curveCount = 0;
  let state: GState = { ctm: IDENTITY, lineWidth: 1, fill: '#000000' };
  const stack: GState[] = [];
  const imageOps = new Set([
    ops.paintImageXObject,
    ops.paintInlineImageXObject,
    ops.paintImageMaskXObject,
    ops.paintImageXObjectRepeat,
    ops.paintImageMaskXObjectRepeat,
    ops.paintInlineImageXObjectGroup,
    ops.paintImageMaskXObjectGroup,
    ops.paintSolidColorImageMask,
  ]);
  const strokeOps = new Set([
    ops.stroke,
    ops.closeStroke,
    ops.fillStroke,
    ops.eoFillStroke,
    ops.closeFillStroke,
    ops.closeEOFillStroke,
  ]);
  const fillOps = new Set([
    ops.fill,
    ops.eoFill,
    ops.fillStroke,
    ops.eoFillStroke,
    ops.closeFillStroke,
    ops.closeEOFillStroke,
  ]);

  const toPage = (x: number, y: number): [number, number] => apply(viewport, ...apply(state.ctm, x, y));

  const addLine = (ax: number, ay: number, bx: number, by: number, width: number): void => {
    const horizontal = Math.abs(ay - by) <= AXIS_TOLERANCE;
    const vertical = Math.abs(ax - bx) <= AXIS_TOLERANCE;
    if (!horizontal && !vertical) return;
    const len = Math.max(Math.abs(ax - bx), Math.abs(ay - by));
    if (len < MIN_RULE_LENGTH) return;
    if (horizontal) {
      const y = (ay + by) / 2;
      lines.push({ page: pageNumber, x0: Math.min(ax, bx), y0: y, x1: Math.max(ax, bx), y1: y, width });
    } else {
      const x = (ax + bx) / 2;
      lines.push({ page: pageNumber, x0: x, y0: Math.min(ay, by), x1: x, y1: Math.max(ay, by), width });
    }
  };

  const handlePath = (paintOp: number, buffer: ArrayLike<number>): void => {
    const stroked = strokeOps.has(paintOp);
    const filled = fillOps.has(paintOp);
    if (!stroked && !filled) return; // endPath: a clip or an invisible path
    const width = Math.max(state.lineWidth * scaleOf(multiply(viewport, state.ctm)), 0);
    // Split into subpaths of straight segments, in page coordinates.
    const subpaths: Array<Array<[number, number]>> = [];
    let current: Array<[number, number]> = [];
    let hasCurve = false;
    for (let k = 0; k < buffer.length;) {
      const op = buffer[k++];
      if (op === MOVE_TO) {
        if (current.length > 0) subpaths.push(current);
        current = [toPage(buffer[k] ?? 0, buffer[k + 1] ?? 0)];
        k += 2;
      } else if (op === LINE_TO) {
        current.push(toPage(buffer[k] ?? 0, buffer[k + 1] ?? 0));
        k += 2;
      } else if (op === CURVE_TO) {
        curveCount++;
        hasCurve = true;
        current.push(toPage(buffer[k + 4] ?? 0, buffer[k + 5] ?? 0));
        k += 6;
      } else if (op === QUAD_TO) {
        curveCount++;
        hasCurve = true;
        current.push(toPage(buffer[k + 2] ?? 0, buffer[k + 3] ?? 0));
        k += 4;
      } else if (op === CLOSE) {
        const first = current[0];
        if (first) current.push(first);
      } else {
        break; // unknown opcode: stop rather than misread the rest
      }
    }
    if (current.length > 0) subpaths.push(current);
    if (hasCurve) return; // rounded shapes are never table rules

    for (const pts of subpaths) {
      const box = axisRect(pts);
      if (filled && box) {
        const w = box.x1 - box.x0;
        const h = box.y1 - box.y0;
        if (state.fill === '#ffffff') {
          // White fills erase or paint backgrounds; they are neither rules nor shading.
        } else if (h <= RULE_MAX_THICKNESS && w > MIN_RULE_LENGTH) {
          lines.push({
            page: pageNumber,
            x0: box.x0,
            y0: (box.y0 + box.y1) / 2,
            x1: box.x1,
            y1: (box.y0 + box.y1) / 2,
            width: h,
          });
        } else if (w <= RULE_MAX_THICKNESS && h > MIN_RULE_LENGTH) {
          lines.push({
            page: pageNumber,
            x0: (box.x0 + box.x1) / 2,
            y0: box.y0,
            x1: (box.x0 + box.x1) / 2,
            y1: box.y1,
            width: w,
          });
        } else if (w > 0 && h > 0 && w * h < pageWidth * pageHeight * 0.9) {
          rects.push({ page: pageNumber, bbox: box });
        }
      }
      if (stroked) {
        for (let i = 1; i < pts.length; i++) {
          const a = pts[i - 1]!;
          const b = pts[i]!;
          addLine(a[0], a[1], b[0], b[1], width);
        }
      }
    }
  };

  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i];
    const args = argsArray[i];
    if (fn === ops.save) {
      stack.push(state);
      state = { ...state };
    } else if (fn === ops.restore) {
      state = stack.pop() ?? state;
    } else if (fn === ops.transform) {
      const m = toMatrix(args);
      if (m) state = { ...state, ctm: multiply(state.ctm, m) };
    } else if (fn === ops.paintFormXObjectBegin) {
      stack.push(state);
      const m = Array.isArray(args) ? toMatrix(args[0]) : undefined;
      state = { ...state, ...(m ? { ctm: multiply(state.ctm, m) } : {}) };
    } else if (fn === ops.paintFormXObjectEnd) {
      state = stack.pop() ?? state;
    } else if (fn === ops.setLineWidth) {
      const w: unknown = Array.isArray(args) ? args[0] : undefined;
      if (typeof w === 'number') state = { ...state, lineWidth: w };
    } else if (fn === ops.setFillRGBColor) {
      const c: unknown = Array.isArray(args) ? args[0] : undefined;
      if (typeof c === 'string') state = { ...state, fill: c.toLowerCase() };
    } else if (fn === ops.constructPath) {
      if (!Array.isArray(args)) continue;
      const paintOp: unknown = args[0];
      const buffers: unknown = args[1];
      const buffer: unknown = Array.isArray(buffers) ? buffers[0] : undefined;
      if (typeof paintOp === 'number' && buffer && typeof buffer === 'object' && 'length' in buffer) {
        handlePath(paintOp, buffer as ArrayLike<number>);
      }
    } else if (fn !== undefined && imageOps.has(fn)) {
      // Images are drawn into the unit square of the current matrix.
      const corners = [toPage(0, 0), toPage(1, 0), toPage(0, 1), toPage(1, 1)];
      const xs = corners.map((c) => Math.min(Math.max(c[0], 0), pageWidth));
      const ys = corners.map((c) => Math.min(Math.max(c[1], 0), pageHeight));
      imageArea += (Math.max(...xs) - Math.min(...xs)) * (Math.max(...ys) - Math.min(...ys));
    }
  }
  return { lines, rects, imageCoverage: Math.min(1, imageArea / (pageWidth * pageHeight)), curveCount };
}

/** The box of a closed axis-aligned rectangle subpath (4 corners, optionally closed), else undefined. */
function axisRect(
  pts: ReadonlyArray<readonly [number, number]>,
): { x0: number; y0: number; x1: number; y1: number } | undefined {
  if (pts.length < 4 || pts.length > 5) return undefined;
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const x0 = Math.min(...xs);
  const x1 = Math.max(...xs);
  const y0 = Math.min(...ys);
  const y1 = Math.max(...ys);
  const onEdge = pts.every(
    (p) =>
      (Math.abs(p[0] - x0) <= AXIS_TOLERANCE || Math.abs(p[0] - x1) <= AXIS_TOLERANCE) &&
      (Math.abs(p[1] - y0) <= AXIS_TOLERANCE || Math.abs(p[1] - y1) <= AXIS_TOLERANCE),
  );
  return onEdge ? { x0, y0, x1, y1 } : undefined;
}
