// A numeric grouping variable used only in a bar (y ~ 1 + (1 | g), g = 1…12) is a factor with its
// levels in numeric order and labelled as R labels them ("2" before "10", not "10.0" before "2.0"),
// so the conditional modes come in lme4's order. Reference: test/fixtures/mixed-numeric-levels/
// numeric-levels.R (lme4 ranef(fit)$g, fixef, logLik on data.csv beside it). Tolerances as in
// test/stages/mixed-stages.test.ts: modes and intercept 1e-5 relative, logLik 1e-6.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { cli, REPO } from '../helpers/temp-project.ts';

const dir = join(REPO, 'test/fixtures/mixed-numeric-levels');
const want = JSON.parse(readFileSync(join(dir, 'lme4.json'), 'utf8')) as { levels: string[]; intercepts: number[]; fixed: number; logLik: number };

it('mixed: numeric grouping levels in numeric order with R labels (lme4 ranef)', () => {
  const r = cli(['mixed', join(dir, 'data.csv'), '--formula', 'y ~ 1 + (1 | g)', '--json']);
  expect(r.status, r.stderr).toBe(0);
  const out = JSON.parse(r.stdout) as { fixed: Record<string, { estimate: number }>; logLik: number; ranef: { group: string; levels: string[]; values: number[][] }[] };
  const [re] = out.ranef;
  expect(re.levels).toEqual(want.levels);
  re.values.forEach(([v], i) => expect(Math.abs(v - want.intercepts[i]), `${want.levels[i]}: ${v}`).toBeLessThanOrEqual(1e-5 * Math.abs(want.intercepts[i]) + 1e-9));
  expect(Math.abs(out.fixed['(Intercept)'].estimate - want.fixed)).toBeLessThanOrEqual(1e-5 * want.fixed);
  expect(Math.abs(out.logLik - want.logLik)).toBeLessThanOrEqual(1e-6 * Math.abs(want.logLik));
});
