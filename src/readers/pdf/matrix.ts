/** A PDF affine matrix [a b c d e f]: x' = a·x + c·y + e, y' = b·x + d·y + f. */
export type Matrix = readonly [number, number, number, number, number, number];

export const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** m1 × m2 in PDF order: apply m2 first, then m1 (same as pdfjs's Util.transform(m1, m2)). */
export function multiply(m1: Matrix, m2: Matrix): Matrix {
  return [
    m1[0] * m2[0] + m1[2] * m2[1],
    m1[1] * m2[0] + m1[3] * m2[1],
    m1[0] * m2[2] + m1[2] * m2[3],
    m1[1] * m2[2] + m1[3] * m2[3],
    m1[0] * m2[4] + m1[2] * m2[5] + m1[4],
    m1[1] * m2[4] + m1[3] * m2[5] + m1[5],
  ];
}

export function apply(m: Matrix, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

/** Read a pdfjs matrix argument (array or typed array) defensively. */
export function toMatrix(v: unknown): Matrix | undefined {
  if (!v || typeof v !== 'object' || !('length' in v)) return undefined;
  const arr = v as ArrayLike<unknown>;
  if (arr.length < 6) return undefined;
  const n = [0, 1, 2, 3, 4, 5].map((i) => arr[i]);
  if (!n.every((x): x is number => typeof x === 'number' && Number.isFinite(x))) return undefined;
  return [n[0]!, n[1]!, n[2]!, n[3]!, n[4]!, n[5]!];
}

/** How much the matrix scales lengths (geometric mean of the axis scales). */
export function scaleOf(m: Matrix): number {
  return Math.sqrt(Math.abs(m[0] * m[3] - m[1] * m[2]));
}
