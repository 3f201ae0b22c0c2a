import { chartConfig } from '../../../src/report/chart/index.ts';

/** Inline `values` arrays longer than this are summarised in snapshots (row count, first rows, per-field ranges). */
export const SNAPSHOT_ROWS = 12;

/** A number rounded to 4 significant digits; magnitudes below 1e-10 (floating-point noise around 0) become 0. */
export function round4(x: number): number {
  if (!Number.isFinite(x) || Number.isInteger(x)) return x;
  if (Math.abs(x) < 1e-10) return 0;
  return Number(x.toPrecision(4));
}

/**
 * A deterministic, reviewable form of a Vega-Lite spec for snapshotting: every number rounded
 * to 4 significant digits, the shared house `config` replaced by a marker when it is exactly
 * {@link chartConfig} (it is snapshotted once on its own), and long inline data summarised as
 * `{ rows, first, fields }` where `fields` gives min/max/mean of numeric fields and the number
 * of distinct values of the others, so a change in any figure's data still shows up.
 */
export function snapshotForm(spec: unknown): unknown {
  return walk(spec, '');
}

function walk(v: unknown, key: string): unknown {
  if (typeof v === 'number') return round4(v);
  if (Array.isArray(v)) {
    if (key === 'values' && v.length > SNAPSHOT_ROWS && v.every((r) => typeof r === 'object' && r !== null && !Array.isArray(r))) {
      return summariseRows(v as Record<string, unknown>[]);
    }
    return v.map((x) => walk(x, ''));
  }
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      out[k] = k === 'config' && JSON.stringify(x) === JSON.stringify(chartConfig) ? '<chartConfig>' : walk(x, k);
    }
    return out;
  }
  return v;
}

function summariseRows(rows: Record<string, unknown>[]): unknown {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))].sort();
  const fields: Record<string, unknown> = {};
  for (const k of keys) {
    const vals = rows.map((r) => r[k]);
    const nums = vals.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
    if (nums.length > 0 && nums.length === vals.filter((x) => x !== null && x !== undefined).length) {
      let min = Infinity;
      let max = -Infinity;
      let sum = 0;
      for (const x of nums) {
        if (x < min) min = x;
        if (x > max) max = x;
        sum += x;
      }
      fields[k] = { n: nums.length, min: round4(min), max: round4(max), mean: round4(sum / nums.length) };
    } else {
      fields[k] = { n: vals.filter((x) => x !== null && x !== undefined).length, distinct: new Set(vals.map((x) => JSON.stringify(x))).size };
    }
  }
  return { rows: rows.length, first: rows.slice(0, 3).map((r) => walk(r, '')), fields };
}
