// export-summary with `where: {column: site, equals: X}` where no row has site X (a typo in
// `--param site=…`) failed with the correlation kernel's "pearson: needs at least 4 pairs, got 0",
// which does not say that `where` kept nothing. Reference: the README promise of one clear message
// naming the spec path, exit code 1, no stack trace, no output folder; the sites of
// data-samples/rom-small.csv are S01, S02 and S03, and 'S1' is one edit from 'S01' (did-you-mean,
// src/spec/did-you-mean.ts).
import { existsSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import { cli, tempProject } from '../helpers/temp-project.ts';

const project = tempProject();
afterAll(() => project.dispose());

it('export-summary: a `where` that matches no row is refused, naming the stage, the value and the values that exist', () => {
  const out = project.path('out');
  const r = cli(['run', 'pipelines/multisite-site.yaml', '--param', 'site=S1', '--out', out, '--quiet']);
  expect(r.status).toBe(1);
  expect(r.stderr).toBe(
    "error: ../data-samples/rom-small.csv: stages[3].where (stage 'summary', export-summary): no row of 'patients' has site = 'S1' (its values are 'S01', 'S02', 'S03'). Did you mean 'S01'?\n",
  );
  expect(existsSync(out)).toBe(false);
});
