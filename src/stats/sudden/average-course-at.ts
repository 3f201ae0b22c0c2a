import { StatInputError } from '../errors.ts';
import type { AverageCourse } from './average-course.ts';
import { CourseMoments } from './course-moments.ts';

/**
 * `averageCourse` (Tang & DeRubeis 1999, Fig. 1, doi:10.1037/0022-006X.67.6.894; R's
 * `colMeans(x, na.rm = TRUE)` and `apply(x, 2, sd, na.rm = TRUE)` on the events × offsets
 * matrix) for events given by their rows in a session series, the scores at rows
 * `row − before … row + after` read straight from the series (`NaN` outside the event's
 * patient), instead of one array per event: the same numbers, bit for bit, without an
 * allocation per event. Rows must point into `series` (a `SessionSeries`, one contiguous
 * run per patient). O(events × offsets).
 * @example averageCourseAt({ ids: Int32Array.of(1, 1, 2, 2), score: Float64Array.of(30, 20, 12, 10) }, [1, 3], 1, 0).mean // Float64Array [21, 15]
 */
export function averageCourseAt(
  series: { readonly ids: ArrayLike<number>; readonly score: ArrayLike<number> },
  rows: ArrayLike<number>,
  before = 3,
  after = 3,
): AverageCourse {
  if (rows.length === 0) throw new StatInputError('averageCourseAt needs at least one event');
  if (!Number.isInteger(before) || before < 0) throw new StatInputError(`before must be an integer ≥ 0, got ${before}`);
  if (!Number.isInteger(after) || after < 0) throw new StatInputError(`after must be an integer ≥ 0, got ${after}`);
  const { ids, score } = series;
  const n = score.length;
  const w = before + after + 1;
  const acc = new CourseMoments(w);
  const around = new Float64Array(w);
  for (let e = 0; e < rows.length; e++) {
    const row = rows[e]!;
    if (!(Number.isInteger(row) && row >= 0 && row < n)) throw new StatInputError(`row ${row} of event ${e} is not a row of the series (0…${n - 1})`);
    const id = ids[row];
    for (let k = 0; k < w; k++) {
      const r = row - before + k;
      around[k] = r >= 0 && r < n && ids[r] === id ? score[r]! : NaN;
    }
    acc.add(around);
  }
  return acc.result(before);
}
