// `alliance meta` against metafor 3.8-1: every case of test/fixtures/meta-cli/metafor-cli.json
// (written by test/fixtures/meta-cli/metafor-cli.R on the CSVs in data-samples/meta/ and on two seeded
// random sets, test/fixtures/meta-cli/random-*.csv, under every estimator and test) is run through
// metaOnFile — the command's code path — and a few through the real CLI. Tolerance: 1e-6 relative
// (1e-9 absolute near zero).
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { metaOnFile, metaQuickJson, type MetaOptions } from '../../src/stages/meta.ts';
import { cli, REPO } from '../helpers/temp-project.ts';

interface Case { name: string; file: string; args: Record<string, unknown>; expected: Record<string, unknown> }
const fx = JSON.parse(readFileSync(join(REPO, 'test/fixtures/meta-cli/metafor-cli.json'), 'utf8')) as { cases: Case[] };

function close(actual: unknown, expected: unknown, label: string): void {
  if (expected === null || expected === undefined) {
    expect(actual == null, `${label}: expected null, got ${actual}`).toBe(true);
    return;
  }
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), `${label} is an array`).toBe(true);
    expect((actual as unknown[]).length, `${label} length`).toBe(expected.length);
    expected.forEach((e, i) => close((actual as unknown[])[i], e, `${label}[${i}]`));
    return;
  }
  if (typeof expected === 'object') {
    for (const [k, v] of Object.entries(expected as object)) close((actual as Record<string, unknown>)?.[k], v, `${label}.${k}`);
    return;
  }
  if (typeof expected === 'string') {
    expect(actual, label).toBe(expected);
    return;
  }
  const a = actual as number;
  const e = expected as number;
  expect(typeof a, `${label}: got ${actual}`).toBe('number');
  expect(Math.abs(a - e) <= Math.max(1e-9, 1e-6 * Math.abs(e)), `${label}: got ${a}, metafor ${e}`).toBe(true);
}

function options(args: Record<string, unknown>): Omit<MetaOptions, 'from'> {
  const { threeLevel, level, ...rest } = args as Record<string, string> & { mods?: string[] };
  return { ...rest, ...(threeLevel ? { threeLevel: { study: threeLevel } } : {}), ...(level ? { level: Number(level) / 100 } : {}) } as Omit<MetaOptions, 'from'>;
}

/** Compares the quick JSON with metafor's numbers; coefficients are compared column-wise. */
function compare(out: Record<string, unknown>, ex: Record<string, unknown>, name: string): void {
  // the studies' weights are compared on the analysis (metaOnFile), the quick JSON carries no per-study rows
  const { coefficients, zval, ranktest, weights: _weights, ...rest } = ex as Record<string, unknown> & { coefficients?: Record<string, unknown[]> };
  for (const [k, v] of Object.entries(rest)) {
    close(out[k], v, `${name}: ${k}`);
  }
  close(out.zval ?? out.tval, zval, `${name}: zval`);
  close(out.ranktest, ranktest, `${name}: ranktest`);
  if (coefficients) {
    const coefs = out.coefficients as { name: string; estimate: number; se: number; pval: number }[];
    expect(coefs.map((c) => c.name), `${name}: coefficient names`).toEqual(coefficients.name);
    for (const key of ['estimate', 'se', 'pval'] as const) close(coefs.map((c) => c[key]), coefficients[key], `${name}: coefficients.${key}`);
  }
}

describe('alliance meta reproduces metafor (rma / rma.mv, regtest, ranktest, trimfill) within 1e-6', () => {
  it.each(fx.cases.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const a = await metaOnFile(join(REPO, 'data-samples/meta', c.file), options(c.args));
    compare(metaQuickJson(a), c.expected, c.name);
    // weights(fit): rma's 1/(vᵢ + τ²) shares, rma.mv's diag(M⁻¹) shares, in percent
    close(a.studies.map((s) => s.weight), c.expected.weights, `${c.name}: weights`);
  });
});

describe('the text output lists a meta-regression\'s coefficients as metafor prints them (4 decimals)', () => {
  // each cell against the fixture's metafor value rounded to 4 decimals; p below .0001 as metafor's <.0001
  it.each(['mcdaniel ~ type', 'bcg ~ ablat knha'])('%s', (name) => {
    const c = fx.cases.find((x) => x.name === name)!;
    const a = c.args as Record<string, string | string[]>;
    const args = ['meta', join('data-samples/meta', c.file)];
    for (const [k, v] of Object.entries(a)) args.push(`--${k}`, Array.isArray(v) ? v.join(',') : String(v));
    const r = cli(args);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    const coef = c.expected.coefficients as Record<'name' | 'estimate' | 'se' | 'pval', (string | number)[]>;
    // metafor's t df for a meta-regression: k − p
    const stat = a.test === 'knha' ? `t(${(c.expected.k as number) - coef.name.length})` : 'z';
    expect(lines[1]!.trim().split(/\s+/)).toEqual(['estimate', 'se', stat, 'p', 'ci.lb', 'ci.ub']);
    coef.name.forEach((n, j) => {
      const cells = lines[2 + j]!.trim().split(/\s+/);
      const p = coef.pval[j] as number;
      expect(cells[0]).toBe(n);
      expect(cells[1]).toBe((coef.estimate[j] as number).toFixed(4));
      expect(cells[2]).toBe((coef.se[j] as number).toFixed(4));
      expect(cells[4]).toBe(p < 1e-4 ? '<.0001' : p.toFixed(4));
    });
    expect(lines[2 + coef.name.length]).toMatch(/^(note: |$)/);
  });
});

describe('the real CLI prints the same JSON', () => {
  const pick = ['molloy REML z', 'bcg ~ ablat knha', 'crede three-level'];
  it.each(pick)('%s', (name) => {
    const c = fx.cases.find((x) => x.name === name)!;
    const a = c.args as Record<string, string | string[]>;
    const args = ['meta', join('data-samples/meta', c.file), '--json'];
    for (const [k, v] of Object.entries(a)) args.push(k === 'threeLevel' ? '--three-level' : `--${k}`, Array.isArray(v) ? v.join(',') : String(v));
    const r = cli(args);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    compare(JSON.parse(r.stdout), c.expected, name);
  });

  it('names the study row with |r| = 1 and leaves it out with --on-invalid exclude', () => {
    const tmp = join(REPO, 'test/output/meta-cli-bad.csv');
    const text = readFileSync(join(REPO, 'data-samples/meta/molloy2014.csv'), 'utf8').replace('0.187,109', '1,109');
    mkdirSync(join(REPO, 'test/output'), { recursive: true });
    writeFileSync(tmp, text);
    const bad = cli(['meta', tmp, '--r', 'r', '--n', 'n', '--json']);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/study 'Axelsson et al\. 2009', data row 1: \|r\| = 1/);
    const ok = cli(['meta', tmp, '--r', 'r', '--n', 'n', '--json', '--on-invalid', 'exclude']);
    expect(ok.status).toBe(0);
    const out = JSON.parse(ok.stdout);
    expect(out.k).toBe(15);
    expect(out.excluded).toEqual([{ row: 1, study: 'Axelsson et al. 2009', reason: expect.stringMatching(/\|r\| = 1/) }]);
  });

  it('without effect-size flags, names the flags for the file\'s own r/n or yi/vi columns', () => {
    const r = cli(['meta', 'data-samples/meta/molloy2014.csv']);
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe("error: name the effect sizes: --r COL --n COL, or --yi COL with --vi COL or --sei COL; the file has columns 'r' and 'n': --r r --n n");
    expect(cli(['meta', 'data-samples/meta/bcg.csv']).stderr.split('\n')[0]).toMatch(/; the file has columns 'yi' and 'vi': --yi yi --vi vi$/);
    // no hint when the file is unreadable or has no such columns
    expect(cli(['meta', 'no-such-file.csv']).stderr.split('\n')[0]).toBe('error: name the effect sizes: --r COL --n COL, or --yi COL with --vi COL or --sei COL');
  });

  it('rejects incomplete flag sets with a usage error', () => {
    const r = cli(['meta', 'data-samples/meta/bcg.csv', '--yi', 'yi', '--json']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/--vi or --sei/);
  });

  it('text output prints the analysis notes (raw-correlation intervals beyond ±1; metafor gives the same bounds)', () => {
    const r = cli(['meta', 'test/fixtures/meta-stage-edges/cor-negative.csv', '--r', 'r', '--n', 'n', '--measure', 'COR', '--method', 'DL', '--test', 'knha']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^note: the pooled confidence interval \[−1\.028, −0\.901\].*beyond the possible range of r/m);
  });

  it('--mods: a column listed twice is a usage error; a redundant moderator is named, as the column metafor would drop', () => {
    const twice = cli(['meta', 'data-samples/meta/bcg.csv', '--yi', 'yi', '--vi', 'vi', '--mods', 'ablat,alloc,ablat']);
    expect(twice.status).toBe(2);
    expect(twice.stderr).toContain("error: --mods lists 'ablat' twice");
    // beside bcg's columns: a copy of ablat (collinear), a constant, and a copy of the text moderator alloc
    const dir = mkdtempSync(join(tmpdir(), 'alliance-meta-mods-'));
    const rows = readFileSync(join(REPO, 'data-samples/meta/bcg.csv'), 'utf8').trim().split('\n');
    const header = rows[0].split(',');
    const [ablat, alloc] = [header.indexOf('"ablat"'), header.indexOf('"alloc"')];
    writeFileSync(join(dir, 'bcg2.csv'), rows.map((l, i) => `${l},${i === 0 ? 'ablat2,one,alloc2' : `${l.split(',')[ablat]},1,${l.split(',')[alloc]}`}`).join('\n') + '\n');
    const fail = (mods: string) => {
      const r = cli(['meta', join(dir, 'bcg2.csv'), '--yi', 'yi', '--vi', 'vi', '--mods', mods]);
      expect(r.status).toBe(1);
      return r.stderr;
    };
    // metafor 3.8-1, rma(yi, vi, mods = ~ ablat + ablat2): "Redundant predictors dropped from the model", coefficients intrcpt and ablat
    expect(fail('ablat,ablat2')).toBe(
      `error: ${join(dir, 'bcg2.csv')}: --yi yi, --vi vi, --mods ablat,ablat2: moderator 'ablat2' is a linear combination of 'intrcpt' and 'ablat' among the studies analysed; the model cannot separate them. metafor drops such a redundant predictor with a warning; alliance leaves the choice to you: remove it from the moderators\n`,
    );
    // constant: the intercept already is it, wherever it is listed
    expect(fail('ablat,one')).toContain("--mods ablat,one: moderator 'one' is constant (1 in every study analysed), so it adds nothing to the intercept;");
    // a level of a text moderator: metafor drops alloc2random and alloc2systematic; the first is named
    expect(fail('alloc,alloc2')).toContain("--mods alloc,alloc2: level 'random' of moderator 'alloc2' (column 'alloc2random') is a linear combination of 'intrcpt', 'allocrandom' and 'allocsystematic' among the studies analysed;");
  });

  it('a single study is "k = 1 study", and a fractional level is named as it is (97.5%, not 98%)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'alliance-meta-one-'));
    writeFileSync(join(dir, 'one.csv'), 'study,r,n\nA,.3,50\n');
    const one = cli(['meta', join(dir, 'one.csv'), '--r', 'r', '--n', 'n']);
    expect(one.status, one.stderr).toBe(0);
    expect(one.stdout).toMatch(/^Across k = 1 study, r = \.30, 95% CI /);
    writeFileSync(join(dir, 'four.csv'), 'study,r,n\nA,.3,50\nB,.25,80\nC,.4,40\nD,.1,120\n');
    const four = cli(['meta', join(dir, 'four.csv'), '--r', 'r', '--n', 'n', '--level', '0.975']);
    expect(four.stdout).toMatch(/^Across k = 4 studies, r = \.23, 97\.5% CI \[\.08, \.37\], .*; 97\.5% prediction interval \[/);
  });
});
