// Egger's test under a t or Knapp–Hartung model: metafor's regtest then reports a t statistic with
// its degrees of freedom, but `alliance meta --json` printed it as `egger.z` with no df, and the
// report wrote "z = …". Expected values: test/fixtures/meta-cli/metafor-cli.json, written by
// test/fixtures/meta-cli/metafor-cli.R (metafor 3.8-1): regtest(rma(yi, vi, test = "knha")) on
// data-samples/meta/molloy2014.csv (escalc ZCOR) gives t = 0.9611 with df = 14; under test = "z" no
// df. Tolerance 1e-6 relative.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { MetaAnalysis } from '../../src/stages/meta.ts';
import { cli, REPO, runSpecText, tempProject } from '../helpers/temp-project.ts';

type Egger = { z: number; p: number; df: number | null; test: 'z' | 't' };
const fx = JSON.parse(readFileSync(join(REPO, 'test/fixtures/meta-cli/metafor-cli.json'), 'utf8')) as { cases: { name: string; expected: { egger: Egger } }[] };
const expected = (name: string) => fx.cases.find((c) => c.name === name)!.expected.egger;
const close = (got: number, want: number) => expect(Math.abs(got - want), `${got} vs metafor ${want}`).toBeLessThanOrEqual(1e-6 * Math.abs(want));
const molloy = join(REPO, 'data-samples/meta/molloy2014.csv');

describe('alliance meta --json: egger.df and egger.test', () => {
  it.each([
    ['molloy ~ meanage + design knha', ['--mods', 'meanage,design', '--test', 'knha']],
    ['molloy REML t', ['--test', 't']],
    ['molloy REML z', []],
  ])('%s', (name, extra) => {
    const want = expected(name);
    const r = cli(['meta', molloy, '--r', 'r', '--n', 'n', ...extra, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const got = JSON.parse(r.stdout).egger as Egger;
    close(got.z, want.z);
    close(got.p, want.p);
    expect(got.df).toBe(want.df);
    expect(got.test).toBe(want.test);
  });

  it('the knha case is the t = 0.9611, df = 14 of regtest', () => {
    const want = expected('molloy ~ meanage + design knha');
    expect(want.df).toBe(14);
    expect(want.test).toBe('t');
    expect(want.z.toFixed(4)).toBe('0.9611');
  });
});

describe('stage meta: the Egger result and the report name the t statistic and its df', () => {
  const project = tempProject({ 'molloy.csv': readFileSync(molloy, 'utf8') });
  afterAll(() => project.dispose());
  it('test: knha', async () => {
    const out = await runSpecText(
      project.dir,
      `name: t
stages:
  - { id: studies, type: import-studies, file: molloy.csv }
  - { id: pooled, type: meta, from: studies, r: r, n: n, test: knha, bias: true }
  - { id: report, type: report }
`,
    );
    const a = out.results.pooled as MetaAnalysis;
    const want = expected('molloy REML knha');
    close(a.bias!.egger!.z, want.z);
    expect(a.bias!.egger!.ddf).toBe(14);
    expect(a.bias!.egger!.test).toBe('t');
    const html = readFileSync(project.path('out/index.html'), 'utf8');
    // (the report escapes the apostrophe; the booleans keep the whole page out of a failure message)
    expect(html.includes(`regression test t(14) = ${want.z.toFixed(2)}`), 'report text t(14) = 0.96').toBe(true);
    expect(html.includes('regression test z ='), 'report text z =').toBe(false);
  });
});
