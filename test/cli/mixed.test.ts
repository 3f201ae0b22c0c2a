// `alliance mixed FILE --formula ... --json` against lme4/lmerTest (test/fixtures/mixed/lme4.R → lme4.json):
// the data sets are written to CSV and fitted through the real CLI, so the whole path (CSV → DuckDB →
// factor coding → kernel → JSON) is checked. Tolerances from issue 4: fixed effects 1e-5 relative,
// variance components 1e-4, log-likelihood 1e-6, Satterthwaite df 1e-3.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, REPO, tempProject } from '../helpers/temp-project.ts';

interface Fit {
  name: string;
  data: string;
  formula: string;
  REML: boolean;
  fixed: Record<string, { estimate: number; se: number; df: number }>;
  random: { group: string; term1: string | null; term2: string | null; vcov: number }[];
  sigma2: number;
  logLik: number;
  nobs: number;
  ngroups: Record<string, number>;
  singular: boolean;
}
const fixture = JSON.parse(readFileSync(join(REPO, 'test/fixtures/mixed/lme4.json'), 'utf8')) as { data: Record<string, Record<string, (number | string)[]>>; fits: Fit[]; factorLevels: Record<string, Record<string, string[]>> };
const project = tempProject();
afterAll(() => project.dispose());
for (const [name, cols] of Object.entries(fixture.data)) {
  const keys = Object.keys(cols);
  const n = cols[keys[0]].length;
  const lines = [keys.join(',')];
  for (let i = 0; i < n; i++) lines.push(keys.map((k) => (cols[k][i] === null ? '' : String(cols[k][i]))).join(','));
  project.write(`${name}.csv`, lines.join('\n') + '\n');
}
const rel = (got: number, want: number, tol: number) => expect(Math.abs(got - want), `${got} vs ${want}`).toBeLessThanOrEqual(tol * Math.max(1e-8, Math.abs(want)));

const cases = fixture.fits.filter((f) => ['sleepstudy slope REML', 'sleepstudy slope ML', 'sleepstudy uncorrelated REML', 'nested REML', 'crossed REML', 'categorical interaction REML'].includes(f.name));

describe('alliance mixed --json matches lme4/lmerTest', () => {
  it.each(cases)('$name: $formula', (f) => {
    const ref = f.data === 'categorical' ? ['--reference', `modality=${fixture.factorLevels.categorical.modality[0]}`] : [];
    const r = cli(['mixed', project.path(`${f.data}.csv`), '--formula', f.formula, ...(f.REML ? [] : ['--ml']), ...ref, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    for (const key of ['fixed', 'random', 'sigma2', 'logLik', 'REML', 'converged', 'singular', 'nobs', 'ngroups']) expect(j).toHaveProperty(key);
    expect(j.REML).toBe(f.REML);
    expect(j.nobs).toBe(f.nobs);
    expect(j.ngroups).toEqual(f.ngroups);
    expect(j.singular).toBe(f.singular);
    for (const [term, want] of Object.entries(f.fixed)) {
      rel(j.fixed[term].estimate, want.estimate, 1e-5);
      rel(j.fixed[term].se, want.se, 1e-4);
      if (Number.isFinite(want.df)) rel(j.fixed[term].df, want.df, 1e-3);
    }
    for (const want of f.random.filter((x) => x.group !== 'Residual' && x.term2 === null)) {
      const got = j.random.find((x: { group: string; term1: string; term2: string | null }) => x.group === want.group && x.term1 === want.term1 && x.term2 === null);
      expect(got, `${want.group} ${want.term1}`).toBeDefined();
      rel(got.variance, want.vcov, 1e-4);
    }
    rel(j.sigma2, f.sigma2, 1e-4);
    rel(j.logLik, f.logLik, 1e-6);
    // conditional modes (lme4 ranef), level by level
    for (const [group, want] of Object.entries((f as unknown as { ranef: Record<string, { levels: string[]; terms: string[]; values: number[][] }> }).ranef ?? {})) {
      const got = j.ranef.find((r: { group: string }) => r.group === group);
      expect(got, group).toBeDefined();
      expect(got.terms).toEqual(want.terms);
      want.levels.forEach((level, i) => {
        const k = got.levels.indexOf(level);
        want.values[i].forEach((v, t) => expect(Math.abs(got.values[k][t] - v), `${group} ${level} ${want.terms[t]}`).toBeLessThanOrEqual(1e-3 * Math.max(1, Math.abs(v))));
      });
    }
  });

  it('a formula naming a missing column is a data error naming the file, with a did-you-mean and the columns', () => {
    // it said "formula variable 'Day' is not a column of 'data'" (the internal table's name), exit 2,
    // where correlate, sudden, ruptures and meta name the file and exit 1 (README "Exit codes")
    const file = project.path('sleepstudy.csv');
    const r = cli(['mixed', file, '--formula', 'Reaction ~ Day + (1 | Subject)']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`error: ${file}: --formula Day: no such column. Did you mean 'Days'? Columns: Reaction, Days, Subject\n`);
    const g = cli(['mixed', file, '--formula', 'Reaction ~ Days + (1 | Subjects)']);
    expect(g.status).toBe(1);
    expect(g.stderr).toBe(`error: ${file}: --formula Subjects: no such column. Did you mean 'Subject'? Columns: Reaction, Days, Subject\n`);
  });

  it('a rank-deficient formula is one data error naming the redundant column (lme4 drops it with a message)', () => {
    // it said only "rank deficient (collinear or constant columns)", leaving the user to find which
    const csv = readFileSync(project.path('sleepstudy.csv'), 'utf8').trim().split('\n');
    const file = project.write('sleep-collinear.csv', csv.map((l, i) => (i === 0 ? `${l},Weeks` : `${l},${Number(l.split(',')[1]) / 7}`)).join('\n') + '\n');
    const r = cli(['mixed', file, '--formula', 'Reaction ~ Days + Weeks + (1 | Subject)']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`error: ${file}: --formula 'Reaction ~ Days + Weeks + (1 | Subject)': the fixed-effects model matrix is rank deficient: column 'Weeks' is (nearly) a linear combination of '(Intercept)', 'Days'. lme4 drops such a column with a message; alliance leaves the choice to you: remove it from the formula\n`);
  });

  it('a formula that does not parse stays a usage error (exit 2)', () => {
    const r = cli(['mixed', project.path('sleepstudy.csv'), '--formula', 'Reaction ~ Days + (1 | Subject']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error: --formula: formula .* expected '\)'/);
  });

  it('text output lists the fit\'s warnings and no residual row without a term (lme4: exact fit, singular)', () => {
    // yp = 1 + 2x exactly: lmerTest gives the same estimates and R warns the model failed to converge
    const rows = ['h,x,yp', ...Array.from({ length: 20 }, (_, i) => `g${i % 4},${i},${1 + 2 * i}`)];
    const file = project.write('exact.csv', rows.join('\n') + '\n');
    const r = cli(['mixed', file, '--formula', 'yp ~ x + (1|h)']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ {2}warning: the model fits the data exactly/m);
    expect(r.stdout).toMatch(/^ {2}warning: boundary \(singular\) fit/m);
    expect(r.stdout).not.toContain('var(null)');
    // the header counts the grouping factor's levels as groups (it read "20 obs; 4 h")
    expect(r.stdout.split('\n')[0]).toBe('yp ~ x + (1|h)  (REML; 20 obs; 4 h groups; logLik ' + r.stdout.split('logLik ')[1]!.split(')')[0] + ')');
  });

  it('text output lists the fixed effects as a table: lmerTest\'s estimate, se, df, t and p, and the interval at --level', () => {
    // lmerTest 3.x on sleepstudy, Reaction ~ Days + (Days | Subject): p 1.17e-17 (intercept) and 3.26e-6 (Days);
    // the fixture's confint at 95%. Tolerances: the fits' (1e-5 estimates, 1e-4 se, 1e-3 df) plus the printed rounding.
    const f = fixture.fits.find((x) => x.name === 'sleepstudy slope REML')!;
    const r = cli(['mixed', project.path(`${f.data}.csv`), '--formula', f.formula]);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[1]).toBe('  Fixed effects (Satterthwaite df; 95% confidence intervals):');
    expect(lines[2]!.trim().split(/\s+/)).toEqual(['estimate', 'se', 'df', 't', 'p', 'ci.lb', 'ci.ub']);
    const want = f.fixed as Record<string, Record<string, number>>;
    const cells = Object.fromEntries(lines.slice(3, 3 + Object.keys(want).length).map((l) => { const c = l.trim().split(/\s+/); return [c[0], c.slice(1)]; }));
    expect(Object.keys(cells)).toEqual(Object.keys(want));
    for (const [term, w] of Object.entries(want)) {
      const [est, se, df, t, p, lb, ub] = cells[term]!;
      for (const [got, ref, tol] of [[est, w.estimate, 1e-5], [se, w.se, 1e-4], [df, w.df, 1e-3], [t, w.t, 1e-4], [lb, w.ciLower, 1e-4], [ub, w.ciUpper, 1e-4]] as const) {
        expect(Math.abs(Number(got) - ref), `${term}: ${got} vs ${ref}`).toBeLessThanOrEqual(tol * Math.abs(ref) + 5e-3);
      }
      if (w.p < 2.220446049250313e-16) expect(p).toBe('<2e-16'); // R's format.pval; never "0.00"
      else expect(Math.abs(Number(p) - w.p)).toBeLessThanOrEqual(1e-3 * w.p + 5e-9);
    }
    expect(cells['(Intercept)']![4]).toBe('<2e-16');
    expect(cells.Days![4]).toBe('3.26e-6');
    // the interval follows --level
    const r90 = cli(['mixed', project.path(`${f.data}.csv`), '--formula', f.formula, '--level', '0.9']).stdout.split('\n');
    expect(r90[1]).toBe('  Fixed effects (Satterthwaite df; 90% confidence intervals):');
    expect(Number(r90[3]!.trim().split(/\s+/)[6])).toBeLessThan(Number(cells['(Intercept)']![6]));
  });
});


describe('alliance mixed counts what it leaves out and prints small numbers readably', () => {
  const f = fixture.fits.find((x) => x.name === 'sleepstudy slope REML')!;
  const csv = readFileSync(project.path(`${f.data}.csv`), 'utf8').trim().split('\n');

  it('rows with a missing formula variable are counted in the header and as JSON `missing`', () => {
    // it fitted on the complete rows and said nothing of the others (3,657 rows, nobs 3,227)
    const blanked = csv.map((l, i) => (i === 5 || i === 9 ? l.replace(/^[^,]*/, '') : i === 12 ? l.replace(/,[^,]*,/, ',,') : l));
    const file = project.write('sleep-missing.csv', blanked.join('\n') + '\n');
    const j = JSON.parse(cli(['mixed', file, '--formula', f.formula, '--json']).stdout);
    expect(j.nobs).toBe(f.nobs - 3);
    expect(j.missing).toBe(3);
    expect(Object.keys(j).indexOf('missing')).toBe(Object.keys(j).indexOf('nobs') + 1);
    const r = cli(['mixed', file, '--formula', f.formula]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(new RegExp(`^Reaction ~ Days \\+ \\(Days \\| Subject\\)  \\(REML; ${f.nobs - 3} obs; 3 incomplete rows left out; 18 Subject groups; `));
    const complete = JSON.parse(cli(['mixed', project.path(`${f.data}.csv`), '--formula', f.formula, '--json']).stdout);
    expect(complete.missing).toBe(0);
    expect(cli(['mixed', project.path(`${f.data}.csv`), '--formula', f.formula]).stdout.split('\n')[0]).not.toContain('left out');
  });

  it('a slope in large units keeps four significant digits (five decimals printed -0.00000)', () => {
    // Days in microdays: lme4's slope and its interval divided by 1e6 (the fit is otherwise the same)
    const file = project.write('sleep-microdays.csv', csv.map((l, i) => (i === 0 ? l.replace('Days', 'uDays') : l.replace(/^([^,]*),([^,]*)/, (_, a, d) => `${a},${Number(d) * 1e6}`))).join('\n') + '\n');
    const r = cli(['mixed', file, '--formula', 'Reaction ~ uDays + (uDays | Subject)']);
    expect(r.status, r.stderr).toBe(0);
    const row = r.stdout.split('\n').find((l) => l.trim().startsWith('uDays '))!.trim().split(/\s+/);
    const want = (f.fixed as Record<string, Record<string, number>>).Days!;
    for (const [cell, ref] of [[row[1], want.estimate / 1e6], [row[2], want.se / 1e6], [row[6], want.ciLower / 1e6], [row[7], want.ciUpper / 1e6]] as const) {
      expect(cell.replace(/e.*$/, '').replace(/^-?[0.]*/, '').replace('.', ''), cell).toHaveLength(4); // significant digits
      expect(Math.abs(Number(cell) - ref), `${cell} vs ${ref}`).toBeLessThanOrEqual(1e-3 * Math.abs(ref));
    }
  });
});
