// Stage `sudden` in a pipeline on data-samples/rom-small.csv with one session row removed (a gap):
// the stage's events must equal suddenGains run directly on PHQ-9 totals computed here from the
// CSV (sum of the nine items, one missing item prorated by the mean of the others, as the PHQ-9
// scoring rule) on the full session grid with the removed session as a missing score. With
// identifiers on, events carry the raw ids; the outcome comparison and the report blocks exist.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, runSpecText, tempProject } from '../helpers/temp-project.ts';
import { validateFailureLines, validateSpecErrors } from '../helpers/validate-spec-errors.ts';
import type { RunOutcome } from '../../src/engine/run-pipeline.ts';
import { suddenGains } from '../../src/stats/sudden/index.ts';

const lines = readFileSync(join(REPO, 'data-samples/rom-small.csv'), 'utf8').trim().split('\n');
const header = lines[0]!.split(',');
const col = (name: string) => header.indexOf(name);
// Remove session 3 of the first patient with at least 8 sessions.
const rows = lines.slice(1).map((l) => l.split(','));
const counts = new Map<string, number>();
for (const r of rows) counts.set(r[col('patient')]!, (counts.get(r[col('patient')]!) ?? 0) + 1);
const gapPatient = [...counts].find(([, n]) => n >= 8)![0];
const kept = rows.filter((r) => !(r[col('patient')] === gapPatient && r[col('session')] === '3'));

function phqTotal(r: string[]): number {
  const v = Array.from({ length: 9 }, (_, j) => r[col(`phq${j + 1}`)]!).filter((x) => x !== '').map(Number);
  if (v.length < 8) return NaN;
  return (v.reduce((a, b) => a + b, 0) / v.length) * 9;
}

const project = tempProject({ 'gap.csv': [lines[0], ...kept.map((r) => r.join(','))].join('\n') + '\n' });
let run: RunOutcome;
let result: { direction: string; identifiers: string; counts: { events: number; insertedSessions: number; patients: number; patientsTested: number }; events: { patient: string; session: number; position: number; pre: number; post: number; magnitude: number }[]; selected: unknown[]; course: { offset: number; n: number }[]; outcome: { groups: { group: string; n: number }[]; pairs: { g: number | null }[] } };
beforeAll(async () => {
  run = await runSpecText(
    project.dir,
    `name: t
seed: 3
stages:
  - { id: sessions, type: ingest, file: gap.csv }
  - id: scored
    type: score
    from: sessions
    instruments:
      - { instrument: phq-9, prefix: phq }
  - { id: patients, type: patients, from: scored, outcome: phq_total, alliance: [phq_total] }
  - { id: gains, type: sudden, from: scored, score: phq_total, crit1: 5, outcome: { from: patients, column: phq_total_improvement } }
  - { id: report, type: report, identifiers: true, png: false }
`,
  );
  result = JSON.parse(readFileSync(join(project.dir, 'out', 'results.json'), 'utf8')).stages.gains;
}, 120_000);
afterAll(() => project.dispose());

describe('sudden stage', () => {
  it('equals suddenGains on the session grid built independently from the CSV', () => {
    const byPatient = new Map<string, Map<number, number>>();
    for (const r of kept) {
      const p = r[col('patient')]!;
      if (!byPatient.has(p)) byPatient.set(p, new Map());
      byPatient.get(p)!.set(Number(r[col('session')]), phqTotal(r));
    }
    const names = [...byPatient.keys()].sort();
    const ids: number[] = [];
    const time: number[] = [];
    const score: number[] = [];
    names.forEach((p, k) => {
      const s = byPatient.get(p)!;
      const lo = Math.min(...s.keys());
      const hi = Math.max(...s.keys());
      for (let t = lo; t <= hi; t++) {
        ids.push(k);
        time.push(t);
        score.push(s.get(t) ?? NaN);
      }
    });
    const g = suddenGains({ ids: Int32Array.from(ids), time: Float64Array.from(time), score: Float64Array.from(score) }, { direction: 'decrease', crit1: 5 });
    expect(result.direction).toBe('decrease');
    expect(result.counts.insertedSessions).toBe(1);
    expect(result.events.length).toBeGreaterThan(10);
    expect(result.events.map((e) => [e.patient, e.session, e.pre, e.post, e.magnitude])).toEqual(g.events.map((e) => [names[e.id], e.time, e.pre, e.post, e.magnitude]));
    expect(run.ledger.entries.find((e) => e.stage === 'gains' && e.reason === 'absent-session')?.count).toBe(1);
  });

  it('shows raw ids only when the report opts in, and reports course, counts and the outcome comparison', () => {
    expect(result.identifiers).toBe('raw');
    expect(result.events.some((e) => /^P0\d{5}$/.test(e.patient))).toBe(true);
    expect(result.course.map((c) => c.offset)).toEqual([-3, -2, -1, 0, 1, 2, 3]);
    expect(result.course.find((c) => c.offset === 0)!.n).toBe(result.selected.length);
    expect(result.outcome.groups.map((g) => g.group)).toEqual(['sudden gain', 'no sudden gain']);
    expect(result.outcome.groups[0]!.n).toBe(result.selected.length);
    // Patients without a testable interval are left out of the comparison.
    expect(result.counts.patientsTested).toBeLessThan(result.counts.patients);
    expect(result.outcome.groups[0]!.n + result.outcome.groups[1]!.n).toBe(result.counts.patientsTested);
    const html = readFileSync(join(project.dir, 'out', 'index.html'), 'utf8');
    expect(html).toContain('Tang, T. Z., &amp; DeRubeis');
    expect(readFileSync(join(project.dir, 'out', 'tables/gains-events.csv'), 'utf8').split('\n').length).toBeLessThanOrEqual(27);
  });

  it('refuses a non-instrument score without a direction and crit1', async () => {
    await expect(runSpecText(project.dir, `name: t\nstages:\n  - { id: sessions, type: ingest, file: gap.csv }\n  - { id: g, type: sudden, from: sessions, score: phq1 }\n`)).rejects.toThrow(/direction/);
  });

  it('names the stage when the first scores have no spread for crit1 (one patient)', async () => {
    // found by QA: the message was only 'crit1: the SD of the first scores is not positive; …'
    project.write('one.csv', 'patient,session,y\nP1,1,20\nP1,2,10\nP1,3,9\nP1,4,9\n');
    const spec = `name: t\nstages:\n  - { id: sessions, type: ingest, file: one.csv }\n  - { id: g, type: sudden, from: sessions, score: y, direction: decrease, crit1: { reliability: 0.8 } }\n`;
    // and then 'not positive' for an SD that is undefined with one patient (found by QA)
    await expect(runSpecText(project.dir, spec)).rejects.toThrow("stages[1] (stage 'g', sudden): crit1: the SD of the patients' first scores needs at least two patients with a score, and one patient has; give crit1.sd or a cut-off in points");
  });

  it('says when the first scores are all equal (SD 0)', async () => {
    project.write('same.csv', 'patient,session,y\nP1,1,20\nP1,2,10\nP1,3,9\nP2,1,20\nP2,2,18\nP2,3,12\n');
    const spec = `name: t\nstages:\n  - { id: sessions, type: ingest, file: same.csv }\n  - { id: g, type: sudden, from: sessions, score: y, direction: decrease, crit1: { reliability: 0.8 } }\n`;
    await expect(runSpecText(project.dir, spec)).rejects.toThrow("stages[1] (stage 'g', sudden): crit1: the patients' first scores are all 20 (SD 0), so the reliable-change cut-off would be 0; give crit1.sd or a cut-off in points");
  });
});

/** A pipeline scoring PHQ-9 in gap.csv, then `stages` (YAML list entries). */
const onGap = (stages: string) => `name: t
stages:
  - { id: sessions, type: ingest, file: gap.csv }
  - { id: scored, type: score, from: sessions, instruments: [{ instrument: phq-9, prefix: phq }] }
${stages}`;

// crit3Critical is the fixed critical value of crit3Adjust: false. With the adjustment on (the
// default) the critical value comes from a t distribution, and crit3: false switches criterion 3
// off; in both cases the value given was accepted and changed no event (results.json differed only
// in settings.crit3Critical, and with crit3: false in the unused events' critical column)
describe('sudden stage: crit3Critical only with crit3Adjust: false', () => {
  const CRITICAL = onGap(`  - id: adjusted
    type: sudden
    from: scored
    score: phq_total
    crit3Critical: 3
  - { id: off, type: sudden, from: scored, score: phq_total, crit3: false, crit3Adjust: false, crit3Critical: 3 }
  - { id: fixed, type: sudden, from: scored, score: phq_total, crit3Adjust: false, crit3Critical: 3 }
`);
  const ADJUSTED = 'crit3Critical is only used with crit3Adjust: false (otherwise the critical value comes from a t distribution); add crit3Adjust: false or drop crit3Critical';
  const OFF = 'crit3Critical is a criterion-3 setting and crit3: false switches criterion 3 off; drop crit3Critical or crit3: false';
  const ADJUST_OFF = 'crit3Adjust is a criterion-3 setting and crit3: false switches criterion 3 off; drop crit3Adjust or crit3: false';

  it('alliance validate names both options, the spec path and the YAML line', () => {
    project.write('critical.yaml', CRITICAL);
    expect(validateFailureLines('critical.yaml', project.dir)).toEqual([
      'error: the pipeline spec has 3 problems:',
      `  critical.yaml, line 9, column 20: stages[2].crit3Critical: ${ADJUSTED}`,
      `  critical.yaml, line 10, column 89: stages[3].crit3Adjust: ${ADJUST_OFF}`,
      `  critical.yaml, line 10, column 111: stages[3].crit3Critical: ${OFF}`,
    ]);
  });

  it('takes it with crit3Adjust: false, and the default 2.776 without it', async () => {
    const valid = onGap(`  - { id: fixed, type: sudden, from: scored, score: phq_total, crit3Adjust: false, crit3Critical: 3 }
`);
    expect(await validateSpecErrors(project.dir, valid)).toEqual([]);
    expect(await validateSpecErrors(project.dir, valid.replace(', crit3Critical: 3', ''))).toEqual([]);
    // in a folder of its own, so the report folder of the run above stays as it is
    project.write('fixed/gap.csv', readFileSync(join(project.dir, 'gap.csv')));
    const out = await runSpecText(join(project.dir, 'fixed'), valid.replace(', crit3Critical: 3', ''));
    expect((out.results as { fixed: { settings: { crit3Critical: number } } }).fixed.settings.crit3Critical).toBe(2.776);
  });
});

// crit3Adjust chooses criterion 3's critical value; with crit3: false no interval is tested on
// criterion 3, so crit3Adjust: true or false was accepted and changed no event
describe('sudden stage: crit3Adjust not with crit3: false', () => {
  const stage = (options: string) => onGap(`  - { id: g, type: sudden, from: scored, score: phq_total, ${options} }
`);

  it('refuses it whichever value it has, at its spec path', async () => {
    const message = 'crit3Adjust is a criterion-3 setting and crit3: false switches criterion 3 off; drop crit3Adjust or crit3: false';
    for (const adjust of ['true', 'false']) {
      expect(await validateSpecErrors(project.dir, stage(`crit3: false, crit3Adjust: ${adjust}`))).toEqual([{ specPath: 'stages[2].crit3Adjust', message }]);
    }
  });

  it('takes it with criterion 3 on, and crit3: false alone', async () => {
    expect(await validateSpecErrors(project.dir, stage('crit3Adjust: false'))).toEqual([]);
    expect(await validateSpecErrors(project.dir, stage('crit3: false'))).toEqual([]);
  });
});

// crit1: none, crit2: false and crit3: false passed validate and then stopped the run in the kernel
// ("at least one of crit1, crit2 and crit3 must be applied"); validate now finds it
describe('sudden stage: every criterion switched off', () => {
  const SPEC = onGap(`  - id: g
    type: sudden
    from: scored
    score: phq_total
    crit1: none
    crit2: false
    crit3: false
`);
  const message = 'crit1: none, crit2: false and crit3: false switch every criterion off; keep at least one of the three criteria';

  it('is refused by alliance validate at crit1, with its YAML line, and so before a run', async () => {
    project.write('all-off.yaml', SPEC);
    expect(validateFailureLines('all-off.yaml', project.dir)).toEqual(['error: the pipeline spec has 1 problem:', `  all-off.yaml, line 9, column 12: stages[2].crit1: ${message}`]);
    expect(await validateSpecErrors(project.dir, SPEC.replace('    crit3: false\n', ''))).toEqual([]);
  });
});

// a reliability of 1 makes the reliable-change cut-off 1.96·√2·SD·√(1 − 1) = 0, which every change
// in the direction of a gain meets; `alliance sudden --reliability` and ruptures' reliability
// refuse it, and the stage took it (maximum 1)
describe('sudden stage: crit1.reliability below 1', () => {
  it('refuses 1 at crit1.reliability with its YAML line, and takes .99', async () => {
    const spec = (reliability: string) => onGap(`  - { id: g, type: sudden, from: scored, score: phq_total, crit1: { reliability: ${reliability} } }\n`);
    project.write('reliability-one.yaml', spec('1'));
    expect(validateFailureLines('reliability-one.yaml', project.dir)).toEqual(['error: the pipeline spec has 1 problem:', '  reliability-one.yaml, line 5, column 82: stages[2].crit1.reliability: must be less than 1 (got 1)']);
    expect(await validateSpecErrors(project.dir, spec('0.99'))).toEqual([]);
  });
});
