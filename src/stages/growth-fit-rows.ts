import { rowsByCode } from '../engine/rows-by-code.ts';

// The growth stage's rows for each of its fits, put in the order fitMixedOnRows sorts them into by
// a cheaper route: the rows are read once for every variable and put in patient and session order
// once; each variable's fit then only needs each patient's few rows ordered by its score.

/** Rows in patient-code and session order (rowsBySession). */
export interface SessionOrderedRows {
  /** Patient code + 1 per row (0: none), ascending. */
  code: Int32Array;
  numeric: Record<string, Float64Array>;
}

/** The model's time columns (session2 only in a quadratic model's rows). */
const TIME_COLUMNS = ['session', 'session2'];

/** Patient runs longer than this are left in session order for fitMixedOnRows to sort (insertion is quadratic in the run). */
const INSERTION_RUN_MAX = 256;

/**
 * Rows read with their patient codes (NaN: none) in ORDER BY code, session order (NaN last, ties in
 * read order), the session column as key and the others carried along: one pass when the table is
 * stored so, as an export usually is (rowsByCode).
 * @example rowsBySession({ codes: Float64Array.of(1, 0, 0), numeric: { session: Float64Array.of(1, 2, 1), y: Float64Array.of(5, 6, 7) } }).numeric.y // Float64Array [7, 6, 5]
 */
export function rowsBySession(rows: { codes: Float64Array; numeric: Record<string, Float64Array> }): SessionOrderedRows {
  const n = rows.codes.length;
  const code = new Int32Array(n);
  for (let i = 0; i < n; i++) code[i] = Number.isNaN(rows.codes[i]) ? 0 : rows.codes[i] + 1;
  const names = Object.keys(rows.numeric).filter((c) => c !== 'session');
  const sorted = rowsByCode({ code, keys: [rows.numeric.session!], values: names.map((c) => rows.numeric[c]!) });
  const numeric: Record<string, Float64Array> = { session: sorted.keys[0]! };
  names.forEach((c, i) => (numeric[c] = sorted.values[i]!));
  return { code: sorted.code, numeric };
}

/**
 * The rows for the fit of `v` that have a score, in the order fitMixedOnRows puts them in (patient
 * code, then `v`, then session, each ascending with NaN last, ties in read order) so that its sort
 * finds them in order and only checks it: within each patient the rows, already in session order,
 * are insertion-sorted by `v` alone, stably, which orders them by `v` and then session. The rows
 * without a score (NaN), which the model's listwise deletion would drop, are left out here and
 * counted in `dropped`: the model is built on the same rows in the same order, without a copy of
 * every column through the kept rows. fitMixedOnRows sorts whatever is left out of order (a run
 * longer than INSERTION_RUN_MAX), so the fit is the same in any case; this only spares it the
 * general sort of every row by two keys (about 0.1 s per variable at 1.3 M rows, against
 * 0.03–0.05 s here). Carries `v` and the time columns only.
 * @example rowsForFit(rowsBySession({ codes: Float64Array.of(0, 0, 0), numeric: { session: Float64Array.of(1, 2, 3), y: Float64Array.of(9, 8, NaN) } }), 'y').numeric.session // Float64Array [2, 1] (dropped: 1)
 */
export function rowsForFit(rows: SessionOrderedRows, v: string): { codes: Float64Array; numeric: Record<string, Float64Array>; dropped: number } {
  const { code } = rows;
  const y = rows.numeric[v]!;
  const n = code.length;
  let kept = 0;
  for (let i = 0; i < n; i++) if (y[i] === y[i]) kept++;
  const perm = new Int32Array(kept);
  // v in the new order, written as the rows are placed (the comparisons read it, not y through perm)
  const ys = new Float64Array(kept);
  const codes = new Float64Array(kept);
  for (let a = 0, w = 0; a < n; ) {
    let b = a + 1;
    while (b < n && code[b] === code[a]) b++;
    const start = w;
    const long = b - a > INSERTION_RUN_MAX;
    for (let i = a; i < b; i++) {
      const yi = y[i];
      if (yi !== yi) continue;
      let h = w - 1;
      // move up the rows whose v goes strictly after yi
      if (!long)
        for (; h >= start; h--) {
          const yh = ys[h];
          if (!(yh > yi)) break;
          ys[h + 1] = yh;
          perm[h + 1] = perm[h];
        }
      ys[h + 1] = yi;
      perm[h + 1] = i;
      w++;
    }
    codes.fill(code[a] - 1, start, w);
    a = b;
  }
  const numeric: Record<string, Float64Array> = { [v]: ys };
  for (const c of TIME_COLUMNS) {
    const col = rows.numeric[c];
    if (!col) continue;
    const out = new Float64Array(kept);
    for (let i = 0; i < kept; i++) out[i] = col[perm[i]];
    numeric[c] = out;
  }
  return { codes, numeric, dropped: n - kept };
}
