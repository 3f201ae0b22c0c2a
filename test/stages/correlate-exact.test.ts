// Stage `correlate` and `alliance correlate` with Spearman and Kendall p values as R's cor.test
// gives them by default (exact = NULL): exact for untied pairs (Kendall n < 50; Spearman counted
// for n ≤ 9, AS 89 Edgeworth series for n ≤ 1290), asymptotic with ties or larger n, and always
// asymptotic with `exact: false` / `--no-exact` (cor.test(exact = FALSE)). Samples and R values:
// test/fixtures/correlation/exact-tests.R → exact-tests.json; tolerance 1e-12 relative plus 1e-14.
// Pair a: n = 5 untied (both exact); b: n = 25 untied (Spearman AS 89, Kendall exact);
// c: n = 20 with ties (both asymptotic); d: n = 50 untied (Spearman AS 89, Kendall normal). The
// rows beyond a pair's sample are blank, so each pair keeps only its own complete rows.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, runSpecText, tempProject } from '../helpers/temp-project.ts';
import { validateFailureLines, validateSpecErrors } from '../helpers/validate-spec-errors.ts';
import type { StageOutput } from '../../src/stages/stage-definition.ts';
import type { CorrelationRow } from '../../src/stages/correlate.ts';
import { near } from '../stats/correlation/fixture.ts';

// biome-ignore lint: fixture shape is checked by the tests that read it
const R: any = JSON.parse(readFileSync(new URL('../fixtures/correlation/exact-tests.json', import.meta.url), 'utf8'));
const PAIRS = { a: 'n5', b: 'n25', c: 'ties20', d: 'n50' } as const;
const sample = (name: string) => R.corTest.find((c: { data: string }) => c.data === name);
const REL = 1e-12;
const ABS = 1e-14;

function csv(): string {
  const lines = [`patient,${Object.keys(PAIRS).map((k) => `${k}x,${k}y`).join(',')}`];
  for (let i = 0; i < 50; i++) {
    const cells = Object.values(PAIRS).map((name) => {
      const s = sample(name);
      return i < s.n ? `${s.x[i]},${s.y[i]}` : ',';
    });
    lines.push(`P${i},${cells.join(',')}`);
  }
  return `${lines.join('\n')}\n`;
}

const pairs = (keys: string[]) => `[${keys.map((k) => `{ x: ${k}x, y: ${k}y }`).join(', ')}]`;
const spec = `
name: t
stages:
  - { id: data, type: ingest, file: data.csv, grain: patient }
  - { id: spearman, type: correlate, from: data, method: spearman, adjust: none, pairs: ${pairs(['a', 'b', 'c', 'd'])} }
  - { id: kendall, type: correlate, from: data, method: kendall, adjust: none, pairs: ${pairs(['a', 'b', 'c', 'd'])} }
  - { id: spearman_asymptotic, type: correlate, from: data, method: spearman, exact: false, adjust: none, pairs: ${pairs(['a', 'b'])} }
  - { id: kendall_asymptotic, type: correlate, from: data, method: kendall, exact: false, adjust: none, pairs: ${pairs(['a', 'b'])} }
  - { id: kendall_forced, type: correlate, from: data, method: kendall, exact: true, adjust: none, pairs: ${pairs(['c', 'd'])} }
`;

let project: ReturnType<typeof tempProject>;
const outputs = new Map<string, StageOutput>();
let results: Record<string, { correlations: CorrelationRow[] }>;

beforeAll(async () => {
  project = tempProject({ 'data.csv': csv() });
  const outcome = await runSpecText(project.dir, spec);
  for (const s of outcome.stages) outputs.set(s.id, s.output);
  results = outcome.results as typeof results;
}, 120_000);
afterAll(() => project?.dispose());

const rows = (id: string) => results[id].correlations;
const methods = (id: string) => outputs.get(id)!.methods!.join(' ');
const citationKeys = (id: string) => outputs.get(id)!.citations!.map((c) => c.key);

describe('correlate: exact rank tests by default, as cor.test', () => {
  it('Spearman: counted (n = 5), AS 89 (n = 25, 50) and t (ties) p values match cor.test(method = "spearman")', () => {
    const want = ['exact', 'edgeworth', 't', 'edgeworth'];
    rows('spearman').forEach((row, i) => {
      const r = sample(Object.values(PAIRS)[i]).spearman;
      expect(row.n).toBe(sample(Object.values(PAIRS)[i]).n);
      near(row.p, r.p, REL, ABS);
      expect(row.pMethod).toBe(want[i]);
    });
    expect(rows('spearman')[0].apa).toMatch(/^rs\(3\) = \.90, 95% CI \[.*\], exact p = \.083$/);
    expect(rows('spearman')[1].apa).not.toContain('exact');
    expect(methods('spearman')).toBe(
      'Spearman rank correlations were tested with the exact null distribution of S = Σd² over all n! rankings (untied pairs, n ≤ 9), the Edgeworth series approximation of Best and Roberts (1975) to the null distribution of S = Σd² (untied pairs, 10 ≤ n ≤ 1290) and the t approximation on n − 2 df (the other pairs) and given Fisher-z confidence intervals with standard error 1/√(n − 3) (Fisher, 1921).',
    );
    expect(citationKeys('spearman')).toContain('best1975');
  });

  it('Kendall: exact T (n = 5, 25) and normal z (ties; n = 50) p values match cor.test(method = "kendall")', () => {
    const want = ['exact', 'exact', 'normal', 'normal'];
    rows('kendall').forEach((row, i) => {
      const r = sample(Object.values(PAIRS)[i]).kendall;
      near(row.p, r.p, REL, ABS);
      expect(row.pMethod).toBe(want[i]);
      expect(r.statistic).toBe(want[i] === 'exact' ? 'T' : 'z');
    });
    expect(rows('kendall')[0].apa).toMatch(/^τ = \.80, 95% CI \[.*\], exact p = \.083, N = 5$/);
    expect(rows('kendall')[2].apa).toMatch(/, z = .*, p .*, N = 20$/);
    expect(methods('kendall')).toContain('tested with the exact null distribution of the number of concordant pairs (Kendall, 1938; untied pairs, n < 50) and the normal approximation z = S/√Var(S), the variance of S corrected for ties (the other pairs);');
    expect(citationKeys('kendall')).toContain('kendall1938');
  });

  it('exact: false gives cor.test(exact = FALSE) and the asymptotic methods sentence only', () => {
    rows('spearman_asymptotic').forEach((row, i) => {
      near(row.p, sample(Object.values(PAIRS)[i]).spearman.pAsymptotic, REL, ABS);
      expect(row.pMethod).toBe('t');
    });
    rows('kendall_asymptotic').forEach((row, i) => {
      near(row.p, sample(Object.values(PAIRS)[i]).kendall.pAsymptotic, REL, ABS);
      expect(row.pMethod).toBe('normal');
    });
    expect(methods('spearman_asymptotic')).toMatch(/^Spearman rank correlations were tested with the t approximation on n − 2 df and given/);
    expect(methods('kendall_asymptotic')).toContain('tested with the normal approximation z = S/√Var(S), the variance of S corrected for ties;');
    expect(citationKeys('spearman_asymptotic')).not.toContain('best1975');
    expect(citationKeys('kendall_asymptotic')).not.toContain('kendall1938');
  });
});

describe('correlate: exact: true is cor.test(method = "kendall", exact = TRUE)', () => {
  it('takes the exact test for n = 50 untied pairs, keeps the normal test on ties, and says so in the methods', () => {
    // R's kendallExactTrue values: n50 is exact (T = 640), ties20 falls back to z with a warning
    const forced = (name: string) => R.kendallExactTrue.find((c: { data: string }) => c.data === name);
    const [ties, untied] = rows('kendall_forced');
    near(ties.p, forced('ties20').p, REL, ABS);
    expect(ties.pMethod).toBe('normal');
    near(untied.p, forced('n50').p, REL, ABS);
    expect(untied.pMethod).toBe('exact');
    expect(untied.apa).toMatch(/exact p = \.65/);
    expect(methods('kendall_forced')).toContain('the exact null distribution of the number of concordant pairs (Kendall, 1938; untied pairs) and the normal approximation');
  });
});

describe('alliance correlate: the same p values, --no-exact, and pMethod in --json', () => {
  const quick = (args: string[]) => {
    const res = cli(['correlate', project.path('data.csv'), '--x', 'bx', '--y', 'by', '--json', ...args]);
    expect(res.status, res.stderr).toBe(0);
    return JSON.parse(res.stdout) as { p: number; pMethod: string };
  };
  it('Kendall and Spearman on n = 25 untied pairs', () => {
    const r = sample('n25');
    const k = quick(['--method', 'kendall']);
    near(k.p, r.kendall.p, REL, ABS);
    expect(k.pMethod).toBe('exact');
    const s = quick(['--method', 'spearman']);
    near(s.p, r.spearman.p, REL, ABS);
    expect(s.pMethod).toBe('edgeworth');
    const ka = quick(['--method', 'kendall', '--no-exact']);
    near(ka.p, r.kendall.pAsymptotic, REL, ABS);
    expect(ka.pMethod).toBe('normal');
    expect(quick(['--method', 'pearson']).pMethod).toBe('t');
  });
});

// exact chooses the rank tests' p values; Pearson's come from the t test whatever it says, so
// `exact` beside pearson (set or by default) was accepted and ignored: the same results either way
/** A pipeline of data.csv read per patient and then `stages` (YAML list entries). */
const onData = (stages: string) => `name: t
stages:
  - { id: data, type: ingest, file: data.csv, grain: patient }
${stages}`;

/** `alliance validate` on `yaml` written to `file` in the project: the heading and a line per problem. */
function validateLines(file: string, yaml: string): string[] {
  project.write(file, yaml);
  return validateFailureLines(file, project.dir);
}

describe('correlate: exact with method pearson is a spec problem', () => {
  const PEARSON = onData(`  - id: by_default
    type: correlate
    from: data
    exact: true
    pairs: ${pairs(['a'])}
  - { id: named, type: correlate, from: data, method: pearson, exact: false, pairs: ${pairs(['a'])} }
  - { id: spearman_ok, type: correlate, from: data, method: spearman, exact: false, pairs: ${pairs(['a'])} }
`);
  const message = 'exact is only used with method spearman or kendall, and method pearson (the default) takes its p values from the t test; set method: spearman or kendall, or drop exact';

  it('alliance validate names the option, its YAML line, and what to do', () => {
    expect(validateLines('pearson-exact.yaml', PEARSON)).toEqual([
      'error: the pipeline spec has 2 problems:',
      `  pearson-exact.yaml, line 7, column 12: stages[1].exact: ${message}`,
      `  pearson-exact.yaml, line 9, column 71: stages[2].exact: ${message}`,
    ]);
  });

  it('stops a run before any stage, and a misspelled method is left to its own problem', async () => {
    await expect(runSpecText(project.dir, PEARSON)).rejects.toThrow(message);
    expect(await validateSpecErrors(project.dir, PEARSON.replace('method: pearson', 'method: pearsn'))).toEqual([
      { specPath: 'stages[1].exact', message },
      { specPath: 'stages[2].method', message: "must be one of 'pearson', 'spearman', 'kendall' (got 'pearsn'). Did you mean 'pearson'?" },
    ]);
  });
});

// exact chooses the rank tests' p values of pairs without covariates: partialCorrelation takes no
// exact and its p value comes from the t test, so with covariates on every pair `exact` was
// accepted and ignored (results.json the same for exact true, false and unset)
describe('correlate: exact with covariates on every pair is a spec problem', () => {
  const PARTIAL = onData(`  - { id: partial, type: correlate, from: data, method: spearman, exact: true, pairs: [{ x: bx, y: by, covariates: [cx] }, { x: ax, y: ay, covariates: [cy] }] }
  - { id: mixed, type: correlate, from: data, method: spearman, exact: false, pairs: [{ x: bx, y: by, covariates: [cx] }, { x: bx, y: by }] }
`);
  const message = 'exact is only used for pairs without covariates, and every pair of this stage has covariates (a partial correlation takes its p value from the t test); drop exact, or add a pair without covariates';

  it('alliance validate names exact, its YAML line, and what to do', async () => {
    expect(await validateSpecErrors(project.dir, PARTIAL)).toEqual([{ specPath: 'stages[1].exact', message }]);
    expect(validateLines('partial-exact.yaml', PARTIAL)).toEqual([
      'error: the pipeline spec has 1 problem:',
      `  partial-exact.yaml, line 4, column 74: stages[1].exact: ${message}`,
    ]);
  });

  it('takes exact when a pair has no covariates, where it sets that pair\u2019s p value only', async () => {
    const valid = PARTIAL.replace('exact: true, ', '');
    expect(await validateSpecErrors(project.dir, valid)).toEqual([]);
    const out = (await runSpecText(project.dir, valid)).results as Record<string, { correlations: CorrelationRow[] }>;
    const [partial, plain] = out.mixed.correlations;
    expect(partial.p).toBe(out.partial.correlations[0].p);
    expect(partial.pMethod).toBe('t');
    near(plain.p, sample('n25').spearman.pAsymptotic, REL, ABS);
  });
});
