// A negative number in the prose of the within-patient and change stages is written with the minus
// sign U+2212, as every APA number of the report (formatNumber); the within-patient figure caption
// and the change text printed the hyphen-minus of toFixed ("slope -0.062", "b = -1.000").
// within-patient: R's lm(phq_total ~ factor(patient) + wai_total) slope on the fixture,
// −0.0622767307424434 (test/fixtures/stages-correlation/stages-correlation.R), printed −0.062.
// change: post = 24 − pre on every patient, so post regressed on pre has slope −1 exactly, printed −1.000.
// A value that cannot exceed 1 has no leading zero (APA 7th ed. §6.36): change's reliability (PHQ-9's
// .89 in src/instruments/phq9.ts, printed 0.89 before); and thousands are separated by commas
// (§6.38; the caption printed "3323 sessions").
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runSpecText, tempProject } from '../helpers/temp-project.ts';
import { R, SCORED, SESSIONS_CSV } from '../fixtures/stages-correlation/fixture.ts';

const p = tempProject({ 'sessions.csv': SESSIONS_CSV, 'pts.csv': ['patient,session,phq_total_baseline,phq_total_final', ...[10, 12, 14, 16, 18].map((b, i) => `P${i + 1},1,${b},${24 - b}`)].join('\n') + '\n' });
afterAll(() => p.dispose());

it('within-patient: the common slope in the figure caption', async () => {
  await runSpecText(p.dir, `name: t\nstages:${SCORED}\n  - { id: w, type: within-patient, from: scored, pairs: [{ x: wai_total, y: phq_total }] }\n  - { id: report, type: report }\n`);
  const caption = (JSON.parse(readFileSync(join(p.dir, 'out/figures/w-centred-1.vl.json'), 'utf8')) as { description: string }).description;
  const slope: number = R.within.same.rmcorr.slope;
  expect(slope).toBeLessThan(0);
  expect(caption.match(/common within-patient slope [^;]*;/)?.[0]).toBe(`common within-patient slope \u2212${(-slope).toFixed(3)};`);
});

it('change: the residualized-gain slope in the text', async () => {
  await runSpecText(p.dir, `name: c\nstages:\n  - { id: pts, type: ingest, file: pts.csv }\n  - { id: change, type: change, from: pts, outcome: phq_total, instrument: phq-9 }\n  - { id: report, type: report }\n`);
  const html = readFileSync(join(p.dir, 'out/index.html'), 'utf8');
  expect(html.match(/post regressed on pre \(b = [^)]*\)/)?.[0]).toBe('post regressed on pre (b = \u22121.000)');
});

it('change: the reliability without a leading zero', async () => {
  await runSpecText(p.dir, `name: c\nstages:\n  - { id: pts, type: ingest, file: pts.csv }\n  - { id: change, type: change, from: pts, outcome: phq_total, instrument: phq-9 }\n  - { id: report, type: report }\n`);
  const html = readFileSync(join(p.dir, 'out/index.html'), 'utf8');
  expect(html).toContain('and reliability = .89 (');
  expect(html).toContain('and reliability .89');
  expect(html).not.toMatch(/reliability =? ?0\./);
});

it('within-patient: session and patient counts with thousands separators', async () => {
  const { ROM_SMALL_SCORED } = await import('../helpers/rom-small-scored.ts');
  await runSpecText(p.dir, `${ROM_SMALL_SCORED}  - { id: w, type: within-patient, from: scored, pairs: [{ x: wai_total, y: phq_total }] }\n  - { id: report, type: report }\n`);
  const caption = (JSON.parse(readFileSync(join(p.dir, 'out/figures/w-centred-1.vl.json'), 'utf8')) as { description: string }).description;
  expect(caption).toMatch(/\(\d{1,3}(,\d{3})+ sessions of \d+ patients\)/);
});

it('compare: the therapist ICCs of the multilevel caption without a leading zero', async () => {
  const { ROM_SMALL_SCORED } = await import('../helpers/rom-small-scored.ts');
  const out = await runSpecText(
    p.dir,
    `${ROM_SMALL_SCORED}  - { id: patients, type: patients, from: scored, outcome: phq_total, alliance: [wai_total], session: 3 }\n  - { id: cmp, type: compare, from: patients, by: modality, alliance: wai_total_first3, outcome: phq_total_improvement, margin: { r: 0.1, smd: 0.2 } }\n  - { id: report, type: report }\n`,
  );
  const icc = (out.results.cmp as { multilevel: { iccOutcome: number; iccAlliance: number } }).multilevel;
  const html = readFileSync(join(p.dir, 'out/index.html'), 'utf8');
  const shown = (x: number) => x.toFixed(3).replace(/^0/, '');
  expect(html).toContain(`therapist ICC of the outcome ${shown(icc.iccOutcome)}, of the alliance ${shown(icc.iccAlliance)}`);
});
