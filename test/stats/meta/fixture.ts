import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

/** metafor.json written by test/fixtures/meta/metafor.R (metafor 3.8-1). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const fx: any = JSON.parse(readFileSync(fileURLToPath(new URL('../../fixtures/meta/metafor.json', import.meta.url)), 'utf8'));

/** Parity within `rel` relative, or `abs` absolute near zero. */
export function close(actual: number | null | undefined, expected: number | null | undefined, label: string, rel = 1e-6, abs = 1e-8): void {
  if (expected == null) {
    expect(actual == null || Number.isNaN(actual), `${label}: expected null/NA, got ${actual}`).toBe(true);
    return;
  }
  expect(actual, label).toBeTypeOf('number');
  const a = actual as number;
  const ok = Math.abs(a - expected) <= Math.max(abs, rel * Math.abs(expected));
  expect(ok, `${label}: got ${a}, metafor ${expected} (diff ${a - expected})`).toBe(true);
}

export function closeAll(actual: ArrayLike<number>, expected: number | number[], label: string, rel = 1e-6, abs = 1e-8): void {
  const e = Array.isArray(expected) ? expected : [expected];
  expect(actual.length, `${label} length`).toBe(e.length);
  for (let i = 0; i < e.length; i++) close(actual[i], e[i], `${label}[${i}]`, rel, abs);
}
