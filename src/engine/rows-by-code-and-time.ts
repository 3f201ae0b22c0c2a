/** Rows held as columns: an integer code per row (a patient), a time per row (a session), and value columns. */
export interface CodedRows {
  code: Int32Array;
  time: Float64Array;
  values: Float64Array[];
}

/** Segments longer than this are sorted by a comparison sort instead of insertion. */
const INSERTION_MAX = 32;

/**
 * The rows in (code, time) order, as `ORDER BY code, time` gives them (rows with equal code and
 * time stay in read order): the same arrays when already in that order, which one pass checks,
 * else new arrays from a stable counting sort by code and a sort by time within each code.
 * For rows read in scan order from a table stored in patient and session order (an export
 * usually is), this replaces a sort of every row in SQL by that one pass. Codes are 0…k−1
 * (gaps allowed); time must not be NaN.
 */
export function rowsByCodeAndTime(rows: CodedRows): CodedRows {
  const { code, time, values } = rows;
  const n = code.length;
  let inOrder = true;
  for (let i = 1; i < n && inOrder; i++) {
    const d = code[i]! - code[i - 1]!;
    if (d < 0 || (d === 0 && time[i]! < time[i - 1]!)) inOrder = false;
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
      const seg = Array.from(order.subarray(a, b)).sort((x, y) => time[x]! - time[y]! || x - y);
      order.set(seg, a);
      continue;
    }
    for (let i = a + 1; i < b; i++) {
      const o = order[i]!;
      const ti = time[o]!;
      let h = i - 1;
      for (; h >= a && time[order[h]!]! > ti; h--) order[h + 1] = order[h]!;
      order[h + 1] = o;
    }
  }
  const gather = <T extends Int32Array | Float64Array>(src: T, out: T): T => {
    for (let i = 0; i < n; i++) out[i] = src[order[i]!]!;
    return out;
  };
  return { code: gather(code, new Int32Array(n)), time: gather(time, new Float64Array(n)), values: values.map((v) => gather(v, new Float64Array(n))) };
}
