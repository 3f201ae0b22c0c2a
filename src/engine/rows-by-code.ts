/** Rows held as columns: an integer code per row (a patient), sort keys (a session, …) and other value columns. */
export interface CodedRows {
  code: Int32Array;
  keys: Float64Array[];
  values: Float64Array[];
}

/** Runs up to this long are sorted by insertion; longer ones by a merge of sorted halves. */
const INSERTION_MAX = 32;

/**
 * Whether row i goes strictly after row j on the keys, each ascending with NaN (a NULL read by
 * readNumeric) last, as DuckDB's ORDER BY places NULL; two NaN tie.
 */
function after(keys: Float64Array[], i: number, j: number): boolean {
  for (let m = 0; m < keys.length; m++) {
    const k = keys[m]!;
    const a = k[i]!;
    const b = k[j]!;
    if (a === b || (a !== a && b !== b)) continue;
    return a > b || a !== a;
  }
  return false;
}

/** Sorts the positions p[lo…hi) by the keys at those positions, stably (a merge sort over insertion-sorted runs), using tmp[lo…hi). */
function sortPositions(keys: Float64Array[], p: Int32Array, tmp: Int32Array, lo: number, hi: number): void {
  if (hi - lo <= INSERTION_MAX) {
    for (let i = lo + 1; i < hi; i++) {
      const o = p[i]!;
      let h = i - 1;
      for (; h >= lo && after(keys, p[h]!, o); h--) p[h + 1] = p[h]!;
      p[h + 1] = o;
    }
    return;
  }
  const mid = (lo + hi) >>> 1;
  sortPositions(keys, p, tmp, lo, mid);
  sortPositions(keys, p, tmp, mid, hi);
  if (!after(keys, p[mid - 1]!, p[mid]!)) return;
  for (let i = lo; i < mid; i++) tmp[i] = p[i]!;
  let i = lo;
  let j = mid;
  let k = lo;
  while (i < mid && j < hi) p[k++] = after(keys, tmp[i]!, p[j]!) ? p[j++]! : tmp[i++]!;
  while (i < mid) p[k++] = tmp[i++]!;
}

/**
 * Sorts each run start[j]…start[j+1] of the columns by the keys, in place: positions sorted on
 * the contiguous keys, then every key and value column of the run moved to them.
 */
function sortRuns(columns: Float64Array[], keys: Float64Array[], start: Int32Array): void {
  let longest = 0;
  for (let j = 0; j + 1 < start.length; j++) longest = Math.max(longest, start[j + 1]! - start[j]!);
  const p = new Int32Array(longest);
  const tmp = new Int32Array(longest);
  const moved = new Float64Array(longest);
  for (let j = 0; j + 1 < start.length; j++) {
    const a = start[j]!;
    const len = start[j + 1]! - a;
    for (let i = 0; i < len; i++) p[i] = a + i;
    sortPositions(keys, p, tmp, 0, len);
    let i0 = 0;
    while (i0 < len && p[i0] === a + i0) i0++;
    if (i0 === len) continue;
    for (let c = 0; c < columns.length; c++) {
      const v = columns[c]!;
      for (let i = i0; i < len; i++) moved[i] = v[p[i]!]!;
      for (let i = i0; i < len; i++) v[a + i] = moved[i]!;
    }
  }
}

/**
 * The rows in (code, keys[0], keys[1], …) order, as `ORDER BY code, key0, key1, …` gives them
 * (NaN last; rows equal in the code and every key stay in read order): the same arrays when
 * already in that order, which one pass checks, else new arrays. Rows not grouped by ascending
 * code are first grouped by a stable counting sort on the code; then each code's run is sorted
 * by the keys (insertion for short runs, merge for long ones) on contiguous copies of the columns.
 * Rows read in scan order and ordered here cost one pass for a table stored in patient and
 * session order (an export usually is) and a counting sort plus short per-patient sorts
 * otherwise, where ORDER BY in SQL sorts every row. Codes are 0…k−1 (gaps allowed).
 * @example rowsByCode({ code: Int32Array.of(1, 0, 0), keys: [Float64Array.of(1, 2, 1)], values: [] }).keys[0] // Float64Array [1, 2, 1]: (0,1), (0,2), (1,1)
 */
export function rowsByCode(rows: CodedRows): CodedRows {
  const { code, keys, values } = rows;
  const n = code.length;
  let grouped = true;
  let inOrder = true;
  for (let i = 1; i < n; i++) {
    const d = code[i]! - code[i - 1]!;
    if (d < 0) {
      grouped = inOrder = false;
      break;
    }
    if (d === 0 && inOrder && after(keys, i - 1, i)) inOrder = false;
  }
  if (inOrder) return rows;
  let out: CodedRows;
  let start: Int32Array;
  if (grouped) {
    let runs = n > 0 ? 1 : 0;
    for (let i = 1; i < n; i++) if (code[i] !== code[i - 1]) runs++;
    start = new Int32Array(runs + 1);
    for (let i = 1, r = 1; i < n; i++) if (code[i] !== code[i - 1]) start[r++] = i;
    start[runs] = n;
    out = { code: code.slice(), keys: keys.map((v) => v.slice()), values: values.map((v) => v.slice()) };
  } else {
    let k = 0;
    for (let i = 0; i < n; i++) if (code[i]! >= k) k = code[i]! + 1;
    start = new Int32Array(k + 1);
    for (let i = 0; i < n; i++) start[code[i]! + 1]!++;
    for (let j = 0; j < k; j++) start[j + 1]! += start[j]!;
    // each row's place once grouped (stable: a code's rows keep read order); written there column
    // by column, as sequential reads and scattered writes cost far less than scattered reads
    const next = start.slice(0, k);
    const dest = new Int32Array(n);
    for (let i = 0; i < n; i++) dest[i] = next[code[i]!]!++;
    const outCode = new Int32Array(n);
    for (let j = 0; j < k; j++) outCode.fill(j, start[j]!, start[j + 1]!);
    const scatter = (src: Float64Array): Float64Array => {
      const o = new Float64Array(n);
      for (let i = 0; i < n; i++) o[dest[i]!] = src[i]!;
      return o;
    };
    out = { code: outCode, keys: keys.map(scatter), values: values.map(scatter) };
  }
  sortRuns([...out.keys, ...out.values], out.keys, start);
  return out;
}
