import { StatInputError } from '../errors.ts';

/**
 * Session-by-session scores in long form, sorted by patient then time. Each
 * patient's rows form one contiguous run; a missed session is a row whose score
 * is `NaN`. Positions (1-based) count rows within a patient's run, so a session
 * that is absent from the data is not treated as missing: complete the session
 * grid with `NaN` rows first when windows should count planned sessions.
 */
export interface SessionSeries {
  /** Patient codes (integers), one contiguous run per patient. */
  readonly ids: ArrayLike<number>;
  /** Session number or date, strictly increasing within a patient. */
  readonly time: ArrayLike<number>;
  /** Score; `NaN` marks a missing value. */
  readonly score: ArrayLike<number>;
}

/** The row ranges of each patient's run: rows `start[k]` to `end[k] − 1`. */
export interface PatientRuns {
  readonly ids: Int32Array;
  readonly start: Int32Array;
  readonly end: Int32Array;
}

/**
 * Checks a {@link SessionSeries} and returns the row range of every patient,
 * in one O(n) pass. Throws {@link StatInputError} when the columns differ in
 * length, a patient code is not an integer or reappears after another patient's
 * run, times are not finite and strictly increasing within a patient, or a
 * score is infinite.
 * @example patientRuns({ ids: Int32Array.of(1, 1, 2), time: Float64Array.of(1, 2, 1), score: Float64Array.of(5, NaN, 4) })
 * // { ids: Int32Array [1, 2], start: Int32Array [0, 2], end: Int32Array [2, 3] }
 */
export function patientRuns(series: SessionSeries): PatientRuns {
  const { ids, time, score } = series;
  const n = ids.length;
  if (time.length !== n || score.length !== n) {
    throw new StatInputError(`ids, time and score must have the same length (got ${n}, ${time.length}, ${score.length})`);
  }
  // The pass reads typed arrays only (copies of other array-likes), so its element loads stay fast.
  return runsOf(ids instanceof Int32Array ? ids : Float64Array.from(ids), asFloat64(time), asFloat64(score));
}

function asFloat64(a: ArrayLike<number>): Float64Array {
  return a instanceof Float64Array ? a : Float64Array.from(a);
}

function runsOf(ids: Int32Array | Float64Array, time: Float64Array, score: Float64Array): PatientRuns {
  const n = ids.length;
  // Codes that only ever increase from run to run cannot repeat; the set of codes seen is
  // built only once a code comes in below the largest so far.
  let seen: Set<number> | null = null;
  let largest = -Infinity;
  const codes: number[] = [];
  const starts: number[] = [];
  const integerIds = ids instanceof Int32Array;
  for (let i = 0; i < n; i++) {
    const id = ids[i]!;
    const t = time[i]!;
    const y = score[i]!;
    if (!integerIds && !Number.isInteger(id)) throw new StatInputError(`patient code at row ${i} is not an integer: ${id}`);
    if (!Number.isFinite(t)) throw new StatInputError(`time at row ${i} is not finite: ${t}`);
    if (y === Infinity || y === -Infinity) throw new StatInputError(`score at row ${i} is infinite`);
    if (i === 0 || id !== ids[i - 1]) {
      if (id > largest) largest = id;
      else {
        seen ??= new Set(codes);
        if (seen.has(id)) throw new StatInputError(`rows of patient ${id} are not contiguous (row ${i}); sort by patient then time`);
      }
      seen?.add(id);
      codes.push(id);
      starts.push(i);
    } else if (!(t > time[i - 1]!)) {
      throw new StatInputError(`time of patient ${id} does not increase at row ${i} (${time[i - 1]} then ${t}); sort by patient then time`);
    }
  }
  const k = codes.length;
  const end = new Int32Array(k);
  for (let j = 0; j < k; j++) end[j] = j + 1 < k ? starts[j + 1]! : n;
  return { ids: Int32Array.from(codes), start: Int32Array.from(starts), end };
}
