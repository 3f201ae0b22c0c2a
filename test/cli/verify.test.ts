// `alliance verify` (issue 8): re-runs the pipeline recorded in run.lock.json, checks input hashes,
// compares results.json number by number, and exits non-zero when anything is not reproduced.
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareResults } from '../../src/engine/compare-results.ts';
import { cli, REPO } from '../helpers/temp-project.ts';

const out = join(REPO, 'test/output/verify-demo');
const tampered = join(REPO, 'test/output/verify-tampered');

beforeAll(() => {
  const r = cli(['run', 'pipelines/demo.yaml', '--out', out, '--quiet']);
  expect(r.status, r.stderr).toBe(0);
});
afterAll(() => {
  rmSync(out, { recursive: true, force: true });
  rmSync(tampered, { recursive: true, force: true });
});

describe('alliance verify', () => {
  it('reproduces the demo report number by number', () => {
    const r = cli(['verify', out, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.reproduced).toBe(true);
    expect(j.numbers).toBeGreaterThan(100);
    expect(j.differences).toEqual([]);
  });

  it('exits 1 and names the number when a result was altered', () => {
    cpSync(out, tampered, { recursive: true });
    const results = JSON.parse(readFileSync(join(tampered, 'results.json'), 'utf8'));
    results.stages.alliance_outcome.correlations[0].r += 1e-6;
    writeFileSync(join(tampered, 'results.json'), JSON.stringify(results));
    const r = cli(['verify', tampered]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/alliance_outcome\.correlations\[0\]\.r/);
    expect(r.stdout).toMatch(/NOT reproduced/);
  });

  it('refuses when an input hash does not match', () => {
    cpSync(out, tampered, { recursive: true });
    const lock = JSON.parse(readFileSync(join(tampered, 'run.lock.json'), 'utf8'));
    lock.inputs[0].sha256 = '0'.repeat(64);
    writeFileSync(join(tampered, 'run.lock.json'), JSON.stringify(lock));
    const r = cli(['verify', tampered]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/differs from the one the report was made from/);
  });

  it('a folder that does not exist, and one that is not a report, are usage errors that say which', () => {
    const none = cli(['verify', join(REPO, 'test/output/no-such-report')]);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/no-such-report does not exist: give the report folder 'alliance run' wrote/);
    const plain = cli(['verify', join(REPO, 'data-samples')]);
    expect(plain.status).toBe(2);
    expect(plain.stderr).toMatch(/data-samples has no run\.lock\.json: is it a report folder written by 'alliance run'\?/);
  });

  it('compareResults: tolerance, missing keys and strings', () => {
    const c = compareResults({ a: 1, b: [1, 2], s: 'x', k: 1 }, { a: 1 + 1e-12, b: [1, 2.1], s: 'y' }, 1e-9);
    expect(c.numbers).toBe(3);
    expect(c.identical).toBe(1);
    expect(c.withinTolerance).toBe(1);
    expect(c.differences.map((d) => d.path)).toEqual(['b[1]', 's', 'k']);
  });
});
