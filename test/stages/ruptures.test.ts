// Stage `ruptures` in a pipeline on data-samples/rom-small.csv (300 patients): presets side by
// side with the outcome relation, a custom rule, the report blocks, pseudonymous patients, and plan
// errors. The numbers themselves are checked elsewhere (kernel: test/stats/ruptures against the
// base-R implementation; compareOutcome: test/stages/sudden-outcome.test.ts against R); here each
// rule's outcome groups must be exactly its patient classification.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, runSpecText, tempProject } from '../helpers/temp-project.ts';
import type { RunOutcome } from '../../src/engine/run-pipeline.ts';

const HEAD = `name: t
seed: 5
stages:
  - { id: sessions, type: ingest, file: ${join(REPO, 'data-samples/rom-small.csv')} }
  - id: scored
    type: score
    from: sessions
    instruments:
      - { instrument: wai-sr, prefix: wai }
      - { instrument: phq-9, prefix: phq }
  - { id: patients, type: patients, from: scored, outcome: phq_total, alliance: [wai_total] }
`;
const spec = `${HEAD}  - { id: ruptures, type: ruptures, from: scored, score: wai_total, outcome: { from: patients, column: phq_total_improvement } }
  - id: custom
    type: ruptures
    from: scored
    score: wai_total
    presets: [strauss2006]
    rules: [{ name: abs6, threshold: { type: absolute, value: 6 }, window: 2, tolerance: 1 }]
  - { id: gains, type: sudden, from: scored, score: phq_total }
  - { id: report, type: report, png: false }
`;

interface Rule {
  name: string;
  counts: { evaluable: number; episodes: number; status: Record<string, number> };
  outcome: { groups: { group: string; n: number }[]; missing: number; pairs: { first: string; second: string; g: number | null }[]; welch: unknown };
  pointBiserial: { n: number; r: number } | null;
  patients: Record<string, string>;
  episodes: { id: string; repaired: boolean; session: number; time: number }[];
}

const project = tempProject();
let run: RunOutcome;
let results: { stages: { ruptures: { rules: Rule[]; identifiers: string }; custom: { rules: Rule[] }; gains: { events: { patient: string }[] } } };
beforeAll(async () => {
  run = await runSpecText(project.dir, spec);
  results = JSON.parse(readFileSync(join(project.dir, 'out', 'results.json'), 'utf8'));
}, 120_000);
afterAll(() => project.dispose());

describe('ruptures stage', () => {
  it('runs the four presets side by side, gumz2012 also at 2 SD (rci from the WAI-SR reliability)', () => {
    expect(results.stages.ruptures.rules.map((r) => r.name)).toEqual(['stiles2004', 'strauss2006', 'gumz2012', 'gumz2012 (2 SD)', 'rci']);
    expect(results.stages.custom.rules.map((r) => r.name)).toEqual(['strauss2006', 'abs6']);
    // The lenient 1 SD rule finds more episodes than the strict 2 SD one.
    const [stiles, strauss] = results.stages.ruptures.rules;
    expect(strauss!.counts.episodes).toBeGreaterThan(stiles!.counts.episodes);
    // The same preset in two stages gives the same classification.
    expect(results.stages.custom.rules[0]!.patients).toEqual(strauss!.patients);
  });

  it('classifies every patient from its episodes, and compares the outcome over exactly those groups', () => {
    for (const r of results.stages.ruptures.rules) {
      const fromEpisodes = new Map<string, string>();
      for (const e of r.episodes) fromEpisodes.set(e.id, !e.repaired || fromEpisodes.get(e.id) === 'unrepaired' ? 'unrepaired' : 'repaired');
      const tally: Record<string, number> = { none: 0, repaired: 0, unrepaired: 0 };
      for (const [id, status] of Object.entries(r.patients)) {
        if (status === 'not-evaluable') continue;
        expect(status, `${r.name} ${id}`).toBe(fromEpisodes.get(id) ?? 'none');
        tally[status]!++;
      }
      expect(tally).toEqual(r.counts.status);
      expect(r.outcome.groups.map((g) => [g.group, g.n])).toEqual(Object.entries(tally));
      expect(r.outcome.missing).toBe(0);
      expect(r.outcome.pairs.map((p) => `${p.first}-${p.second}`)).toEqual(['repaired-none', 'unrepaired-none', 'repaired-unrepaired']);
      expect(r.pointBiserial?.n).toBe(r.counts.evaluable);
    }
  });

  it('keeps patient ids out of results and report files (pseudonyms, shared across stages)', () => {
    const text = JSON.stringify(results.stages);
    expect(text).not.toMatch(/P0\d{5}/);
    expect(results.stages.ruptures.identifiers).toBe('pseudonymous');
    const ids = new Set(Object.keys(results.stages.ruptures.rules[0]!.patients));
    expect(ids.size).toBe(300);
    for (const e of results.stages.gains.events) expect(ids.has(e.patient)).toBe(true);
    for (const f of ['tables/ruptures-counts.csv', 'tables/ruptures-outcome.csv', 'figures/ruptures-timelines.vl.json', 'figures/ruptures-course.vl.json', 'figures/ruptures-counts-chart.vl.json']) {
      const p = join(project.dir, 'out', f);
      expect(existsSync(p), f).toBe(true);
      expect(readFileSync(p, 'utf8')).not.toMatch(/P0\d{5}/);
    }
  });

  it('states each rule, what could not be pinned down, and cites the sources', () => {
    const rules = readFileSync(join(project.dir, 'out', 'tables/ruptures-rules.csv'), 'utf8');
    expect(rules).toMatch(/only the 2 SD multiplier is verified/);
    expect(rules).toMatch(/15%/);
    const html = readFileSync(join(project.dir, 'out', 'index.html'), 'utf8');
    for (const cite of ['Stiles, W. B.', 'Strauss, J. L.', 'Gumz, A.', 'Larsson, M. H.', 'Eubanks, C. F.', 'Tang, T. Z.']) expect(html).toContain(cite);
    const timelines = JSON.parse(readFileSync(join(project.dir, 'out', 'figures/ruptures-timelines.vl.json'), 'utf8'));
    const panels = new Set((timelines.data.values as { panel: string }[]).map((v) => v.panel));
    expect(panels.size).toBe(12);
    expect(run.ledger.entries.some((e) => e.stage === 'ruptures' && e.reason === 'too-few-scores')).toBe(true);
  });

  it('refuses, at validation, an unknown score column, rci without a reliability and a duplicate rule name', async () => {
    await expect(runSpecText(project.dir, `${HEAD}  - { id: r, type: ruptures, from: scored, score: wai_totl }\n`)).rejects.toThrow(/wai_total/);
    await expect(runSpecText(project.dir, `${HEAD}  - { id: r, type: ruptures, from: scored, score: wai1, presets: [rci] }\n`)).rejects.toThrow(/reliability/);
    await expect(runSpecText(project.dir, `${HEAD}  - { id: r, type: ruptures, from: scored, score: wai_total, presets: [rci], rules: [{ name: rci, threshold: { type: absolute, value: 3 } }] }\n`)).rejects.toThrow(/twice/);
  });
});
