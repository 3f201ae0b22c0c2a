/**
 * Number-by-number comparison of two results.json trees, for `alliance verify`. Numbers are
 * "identical" when equal to the last bit, "within tolerance" when |a − b| ≤ tol·max(1, |a|, |b|)
 * (summation order can differ across platforms), and "different" otherwise; strings, booleans
 * and nulls must be equal; keys present on one side only are differences.
 */
export interface ResultsComparison {
  numbers: number;
  identical: number;
  withinTolerance: number;
  differences: { path: string; expected: unknown; actual: unknown }[];
}

export function compareResults(expected: unknown, actual: unknown, tolerance = 1e-9): ResultsComparison {
  const out: ResultsComparison = { numbers: 0, identical: 0, withinTolerance: 0, differences: [] };
  walk(expected, actual, '', tolerance, out);
  return out;
}

function walk(a: unknown, b: unknown, path: string, tol: number, out: ResultsComparison): void {
  if (typeof a === 'number' && typeof b === 'number') {
    out.numbers++;
    if (Object.is(a, b)) out.identical++;
    else if (Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b))) out.withinTolerance++;
    else out.differences.push({ path, expected: a, actual: b });
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) out.differences.push({ path: `${path}.length`, expected: a.length, actual: b.length });
    for (let i = 0; i < Math.min(a.length, b.length); i++) walk(a[i], b[i], `${path}[${i}]`, tol, out);
    return;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      const p = path ? `${path}.${k}` : k;
      if (!(k in a)) out.differences.push({ path: p, expected: undefined, actual: (b as Record<string, unknown>)[k] });
      else if (!(k in b)) out.differences.push({ path: p, expected: (a as Record<string, unknown>)[k], actual: undefined });
      else walk((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], p, tol, out);
    }
    return;
  }
  if (a !== b) out.differences.push({ path, expected: a, actual: b });
}
