// Long-format test series for the sudden-gain and rupture detectors. Random ones for property tests:
// 1–6 patients, 1–14 sessions, scores on a 1e-4 grid in [0, 7] (so no drop ties a
// threshold such as 1.23456789 by accident), about one in six missing.
import fc from 'fast-check';

/** Scores per patient (`null` = missing). */
export const patientsArb = fc.array(
  fc.array(fc.option(fc.integer({ min: 0, max: 70_000 }).map((v) => v / 10_000), { freq: 6, nil: null }), { minLength: 1, maxLength: 14 }),
  { minLength: 1, maxLength: 6 },
);

/** Long-format columns, every score shifted by `shift`, one missing session appended to patient `appendMissingTo`. */
export function build(patients: (number | null)[][], shift = 0, appendMissingTo = -1) {
  const ids: number[] = [];
  const time: number[] = [];
  const score: number[] = [];
  patients.forEach((ys, p) => {
    const row = p === appendMissingTo ? [...ys, null] : ys;
    row.forEach((v, k) => {
      ids.push(p + 1);
      time.push(k + 1);
      score.push(v === null ? NaN : v + shift);
    });
  });
  return { ids: Int32Array.from(ids), time: Float64Array.from(time), score: Float64Array.from(score) };
}

/** Long-format columns from `[id, scores]` pairs; session k (1-based) has time k × timeStep. */
export function longSeries(patients: [number, number[]][], timeStep = 1) {
  const ids: number[] = [];
  const time: number[] = [];
  const score: number[] = [];
  for (const [id, ys] of patients) {
    ys.forEach((v, k) => {
      ids.push(id);
      time.push(timeStep * (k + 1));
      score.push(v);
    });
  }
  return { ids: Int32Array.from(ids), time: Float64Array.from(time), score: Float64Array.from(score) };
}
