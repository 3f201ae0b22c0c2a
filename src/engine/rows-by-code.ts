/** Rows held as columns: an integer code per row (a patient), sort keys (a session, …) and other value columns. */
export interface CodedRows {
  code: Int32Array;
  keys: Float64Array[];
  values: Float64Array[];
}

/** Segments longer than this are sorted by a comparison sort instead of insertion. */
const INSERTION_MAX = 32;

/** Ascending with NaN (a NULL read by readNumeric) last, as DuckDB's ORDER BY places NULL. */
function compareKey(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  return Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : -1;
}

/**
 * The rows in (code, keys[0], keys[1], …) order, as `ORDER BY code, key0, key1, …` gives them
 * (NaN last; rows equal in the code and every key stay in read order): the same arrays when
 * already in that order, which one pass checks, else new arrays from a stable counting sort by
 * code and a sort by the keys within each code. Rows read in scan order and ordered here cost
 * one pass for a table stored in patient and session order (an export usually is) and a
 * counting sort plus short per-patient sorts otherwise, where ORDER BY in SQL sorts every row.
 * Codes are 0…k−1 (gaps allowed).
 * @example rowsByCode({ code: Int32Array.of(1, 0, 0), keys: [Float64Array.of(1, 2, 1)], values: [] }).keys[0] // Float64Array [1, 2, 1]: (0,1), (0,2), (1,1)
 */
export function rowsByCode(rows: CodedRows): CodedRows {
  const { code, keys } = rows;
  const n = code.length;
  const compareRows = (i: number, j: number): number => {
    for (const k of keys) {
      const c = compareKey(k[i]!, k[j]!);
      if (c !== 0) return c;
    }
    return 0;
  };
  let inOrder = true;
  for (let i = 1; i < n && inOrder; i++) {
    const d = code[i]! - code[i - 1]!;
    if (d < 0 || (d === 0 && compareRows(i - 1, i) > 0)) inOrder = false;
  }
  if (inOrder) return rows;
  let k = 0;
  for (let i = 0; i < n; i++) if (code[i]! >= k) k = code[i]! + 1;
  const start = new Int32Array(k + 1);
  for (let i = 0; i < n; i++) start[code[i]! + 1]!++;
  for (let j = 0; j < k; j++) start[j + 1]! += start[j]!;
  const next = start.slice(0, k);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[next[code[i]!]!++] = i;
  for (let j = 0; j < k; j++) {
    const a = start[j]!;
    const b = start[j + 1]!;
    if (b - a > INSERTION_MAX) {
      const seg = Array.from(order.subarray(a, b)).sort((x, y) => compareRows(x, y) || x - y);
      order.set(seg, a);
      continue;
    }
    for (let i = a + 1; i < b; i++) {
      const o = order[i]!;
      let h = i - 1;
      for (; h >= a && compareRows(order[h]!, o) > 0; h--) order[h + 1] = order[h]!;
      order[h + 1] = o;
    }
  }
  const gather = <T extends Int32Array | Float64Array>(src: T, out: T): T => {
    for (let i = 0; i < n; i++) out[i] = src[order[i]!]!;
    return out;
  };
  return {
    code: gather(code, new Int32Array(n)),
    keys: keys.map((v) => gather(v, new Float64Array(n))),
    values: rows.values.map((v) => gather(v, new Float64Array(n))),
  };
}
