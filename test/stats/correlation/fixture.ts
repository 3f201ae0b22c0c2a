import { readFileSync } from 'node:fs';

/** The JSON written by test/fixtures/correlation/correlation.R (R values at 17 significant digits). */
// biome-ignore lint: fixture shape is checked by the tests that read it
export const fixture: any = JSON.parse(
  readFileSync(new URL('../../fixtures/correlation/correlation.json', import.meta.url), 'utf8'),
);

/** |got − want| ≤ rel·|want| + abs. */
export function near(got: number, want: number, rel: number, abs = 0): void {
  const ok = Math.abs(got - want) <= rel * Math.abs(want) + abs;
  if (!ok) throw new Error(`expected ${want}, got ${got} (rel. error ${Math.abs(got - want) / Math.abs(want)})`);
}

/** `near` for every key of `want`, naming the key that fails. */
export function nearAll(got: object, want: Record<string, number>, rel: number, abs = 0): void {
  for (const [k, w] of Object.entries(want)) {
    try {
      near((got as Record<string, number>)[k], w, rel, abs);
    } catch (e) {
      throw new Error(`${k}: ${(e as Error).message}`);
    }
  }
}
