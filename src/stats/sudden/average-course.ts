import { StatInputError } from '../errors.ts';
import { CourseMoments } from './course-moments.ts';

/** Per-offset summary of the scores around a set of events. */
export interface AverageCourse {
  /** Offsets from the event session, −before … length − before − 1. */
  readonly offset: Int32Array;
  /** Non-missing scores at each offset. */
  readonly n: Int32Array;
  /** Mean of those scores (`NaN` where n = 0). */
  readonly mean: Float64Array;
  /** Their SD, n − 1 denominator (`NaN` where n < 2). */
  readonly sd: Float64Array;
}

/**
 * The average course of scores around events (sudden gains or rupture onsets), offset by
 * offset, skipping missing values: the curve of Tang & DeRubeis (1999, Fig. 1,
 * doi:10.1037/0022-006X.67.6.894) and suddengains' `plot_sg`, as R's
 * `colMeans(x, na.rm = TRUE)` and `apply(x, 2, sd, na.rm = TRUE)` on the events × offsets matrix.
 * Takes the `around` arrays of {@link suddenGains} events or `ruptures` episodes.
 * O(events × offsets).
 * @example averageCourse([Float64Array.of(30, 20), Float64Array.of(NaN, 10)], 1).mean // Float64Array [30, 15]
 */
export function averageCourse(arounds: readonly ArrayLike<number>[], before = 3): AverageCourse {
  if (arounds.length === 0) throw new StatInputError('averageCourse needs at least one event');
  const w = arounds[0]!.length;
  if (!Number.isInteger(before) || before < 0 || before >= w) throw new StatInputError(`before must be an integer in [0, ${w - 1}], got ${before}`);
  const acc = new CourseMoments(w);
  for (let e = 0; e < arounds.length; e++) {
    const a = arounds[e]!;
    if (a.length !== w) throw new StatInputError(`event ${e} has ${a.length} scores around it, the first has ${w}`);
    acc.add(a);
  }
  return acc.result(before);
}
