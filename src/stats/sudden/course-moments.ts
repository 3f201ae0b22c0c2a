import type { AverageCourse } from './average-course.ts';

/**
 * Offset-by-offset Welford sums (Welford 1962, doi:10.1080/00401706.1962.10490022) of the scores
 * around events, skipping missing values: the accumulator behind `averageCourse` and
 * `averageCourseAt`, so both give the same numbers bit for bit. O(offsets) per event.
 * @example const m = new CourseMoments(2); m.add([30, 20]); m.add([NaN, 10]); m.result(1).mean // Float64Array [30, 15]
 */
export class CourseMoments {
  readonly n: Int32Array;
  readonly mean: Float64Array;
  readonly m2: Float64Array;
  constructor(readonly width: number) {
    this.n = new Int32Array(width);
    this.mean = new Float64Array(width);
    this.m2 = new Float64Array(width);
  }
  add(a: ArrayLike<number>): void {
    const { n, mean, m2 } = this;
    for (let k = 0; k < this.width; k++) {
      const y = a[k]!;
      if (Number.isNaN(y)) continue;
      n[k]!++;
      const d = y - mean[k]!;
      mean[k]! += d / n[k]!;
      m2[k]! += d * (y - mean[k]!);
    }
  }
  /** Offsets −before…, counts, means (`NaN` where n = 0) and SDs (n − 1; `NaN` where n < 2). */
  result(before: number): AverageCourse {
    const w = this.width;
    const { n, mean, m2 } = this;
    const offset = new Int32Array(w);
    const sd = new Float64Array(w);
    for (let k = 0; k < w; k++) {
      offset[k] = k - before;
      if (n[k] === 0) mean[k] = NaN;
      sd[k] = n[k]! >= 2 ? Math.sqrt(m2[k]! / (n[k]! - 1)) : NaN;
    }
    return { offset, n, mean, sd };
  }
}
