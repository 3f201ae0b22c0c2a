// Stage `reliability` (issue 3): alpha raw and standardized with the Feldt interval, alpha if item
// dropped, r.drop and one-factor omega total per scale, on the first session per patient and on
// all sessions, run in-process on test/fixtures/stages-correlation/sessions.csv and compared with
// stages-correlation.R: psych::alpha(check.keys = FALSE) and factanal(covmat = cor(x), factors = 1)
// on the same rows. Tolerance 1e-8 relative (omega: the fixture's omegaTolerance, 1e-7 when R's
// tight optimiser converged, else 1e-4 for factanal's default stopping rule).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSpecText, tempProject } from '../helpers/temp-project.ts';
import type { ScaleReliability } from '../../src/stages/reliability.ts';
import { closeRel, R, SESSIONS_CSV } from '../fixtures/stages-correlation/fixture.ts';

const TOL = 1e-8;
// rk1..rk12 hold the WAI-SR items with items 2 and 7 stored reverse-keyed (6 − x); the custom
// instrument declares them reversed, so after reversal its scales must equal WAI-SR's.
const spec = `
name: t
instruments:
  - key: wai-rk
    name: WAI-SR with two reverse-keyed items (test form)
    items: 12
    min: 1
    max: 5
    reverse: [2, 7]
    subscales: { task: [1, 2, 10, 12], bond: [3, 5, 7, 9], goal: [4, 6, 8, 11] }
    higherIsBetter: true
stages:
  - id: sessions
    type: ingest
    file: sessions.csv
  - id: scored
    type: score
    from: sessions
    instruments:
      - { instrument: wai-sr, prefix: wai }
      - { instrument: phq-9, prefix: phq }
      - { instrument: wai-rk, prefix: rk }
  - id: rel_first
    type: reliability
    from: scored
  - id: rel_all
    type: reliability
    from: scored
    rows: all
    instruments: [wai, phq]
  - id: report
    type: report
`;

let project: ReturnType<typeof tempProject>;
let outcome: Awaited<ReturnType<typeof runSpecText>>;
const scales = (id: string) => (outcome.results[id] as { scales: ScaleReliability[] }).scales;
const find = (id: string, name: string) => scales(id).find((s) => `${s.prefix}_${s.scale}` === name)!;

beforeAll(async () => {
  project = tempProject({ 'sessions.csv': SESSIONS_CSV });
  outcome = await runSpecText(project.dir, spec);
});
afterAll(() => project?.dispose());

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function compare(s: ScaleReliability, r: any, what: string) {
  expect(s.k, `${what} k`).toBe(r.k);
  expect(s.n, `${what} n`).toBe(r.n);
  expect(s.excluded, `${what} excluded`).toBe(r.excluded);
  for (const k of ['rawAlpha', 'stdAlpha', 'averageR', 'feldtLower', 'feldtUpper'] as const) closeRel(s[k], r[k], TOL, `${what} ${k}`);
  closeRel(s.omega, r.omega, r.omegaTolerance, `${what} omega`);
  expect(s.alphaIfDropped).toHaveLength(r.k);
  s.alphaIfDropped.forEach((d, j) => {
    closeRel(d.rawAlpha, r.dropRaw[j], TOL, `${what} alpha.drop raw ${d.item}`);
    closeRel(d.stdAlpha, r.dropStd[j], TOL, `${what} alpha.drop std ${d.item}`);
    closeRel(d.rDrop, r.rDrop[j], TOL, `${what} r.drop ${d.item}`);
  });
}

describe('reliability stage against psych::alpha and factanal', () => {
  it('first session per patient (default): every scale of WAI-SR and PHQ-9', () => {
    expect((outcome.results.rel_first as { rows: string }).rows).toBe('first');
    for (const r of R.reliability.first) compare(find('rel_first', r.scale), r, `first ${r.scale}`);
  });

  it('rows: all pools every session (and only the instruments listed)', () => {
    expect(scales('rel_all').map((s) => s.prefix)).not.toContain('rk');
    for (const r of R.reliability.all) compare(find('rel_all', r.scale), r, `all ${r.scale}`);
  });

  it('reverses reverse-keyed items before alpha: the reverse-keyed copy gives the WAI-SR values', () => {
    for (const r of R.reliability.first.filter((x: { scale: string }) => x.scale.startsWith('wai'))) {
      const s = find('rel_first', r.scale.replace('wai', 'rk'));
      expect(s.reversed).toEqual(r.scale === 'wai_total' ? ['rk2', 'rk7'] : r.scale === 'wai_task' ? ['rk2'] : r.scale === 'wai_bond' ? ['rk7'] : []);
      compare(s, r, `reversed ${r.scale}`);
    }
  });

  it('counts listwise deletions per scale in the ledger', () => {
    const e = outcome.ledger.entries.find((x) => x.stage === 'rel_first' && x.detail.startsWith('wai_total:'));
    expect(e).toMatchObject({ action: 'excluded', reason: 'incomplete-items', count: R.reliability.first[0].excluded });
  });

  it('says in the report which rows were used and why pooling is a problem', async () => {
    const { readFileSync } = await import('node:fs');
    const html = readFileSync(`${project.dir}/out/index.html`, 'utf8');
    expect(html).toContain('the first recorded session of each patient');
    expect(html).toContain('Sessions of the same patient are not independent');
  });

  it('draws alpha with its Feldt interval and omega per scale (one row per scale)', async () => {
    const { readFileSync } = await import('node:fs');
    const fig = JSON.parse(readFileSync(`${project.dir}/out/figures/rel_first-coefficients.vl.json`, 'utf8')) as { layer: { data: { values: { scale: string; value?: number; lower?: number }[] } }[] };
    const bars = fig.layer[1].data.values;
    expect(bars.map((b) => b.scale)).toEqual(scales('rel_first').map((s) => `${s.prefix}_${s.scale}`));
    const r = R.reliability.first[0];
    closeRel(bars[0].lower, r.feldtLower, TOL, 'figure Feldt lower');
    expect(fig.layer[2].data.values).toHaveLength(2 * bars.length);
  });
});
