// The change stage without `instrument:` or `direction:` took every outcome for a symptom scale
// (lower is better), although the patients stage had taken the outcome's direction from the
// instrument that scored it: on a WAI-SR total, rises in alliance were classed as deterioration.
// Found by an R cross-check (a helper's check.R). Expected categories: Jacobson & Truax (1991),
// reliable when |post − pre| > 1.96 · √2 · SD(pre) · √(1 − .90), recovered when reliably improved
// and past the cut-off 40 — computed in R as
//   pre <- 12*c(2,2,3,4,3); post <- 12*c(4,5,3,2,4); sdiff <- sqrt(2)*sd(pre)*sqrt(1-0.9)
// giving recovered, recovered, unchanged, deteriorated, recovered (exact: no number is near a bound).
import { afterAll, describe, expect, it } from 'vitest';
import { runSpecText, tempProject } from '../helpers/temp-project.ts';

/** Five patients, two sessions, every WAI-SR item at the patient's pre then post level. */
const pre = [2, 2, 3, 4, 3];
const post = [4, 5, 3, 2, 4];
const items = (v: number) => Array.from({ length: 12 }, () => v).join(',');
const csv = [
  `patient,session,${Array.from({ length: 12 }, (_, i) => `wai${i + 1}`).join(',')}`,
  ...pre.flatMap((v, p) => [`P${p + 1},1,${items(v)}`, `P${p + 1},2,${items(post[p]!)}`]),
].join('\n') + '\n';

const project = tempProject({ 'wai.csv': csv });
afterAll(() => project.dispose());

const spec = (change: string) => `
name: t
stages:
  - { id: s, type: ingest, file: wai.csv }
  - { id: sc, type: score, from: s, instruments: [{ instrument: wai-sr, prefix: wai }] }
  - { id: p, type: patients, from: sc, outcome: wai_total, alliance: [wai_task] }
  - { id: c, type: change, from: p, outcome: wai_total, reliability: 0.9, cutoff: 40${change} }
`;

type Change = { counts: { category: string; n: number }[]; signConvention: string };
async function counts(change: string): Promise<Record<string, number>> {
  const out = await runSpecText(project.dir, spec(change));
  const c = out.results.c as Change;
  return Object.fromEntries(c.counts.map((k) => [k.category, k.n]));
}

describe('change: the outcome direction the patients stage took', () => {
  it('a WAI-SR total without instrument or direction is higher-is-better (R: 3 recovered, 1 unchanged, 1 deteriorated)', async () => {
    expect(await counts('')).toEqual({ recovered: 3, improved: 0, unchanged: 1, deteriorated: 1 });
  });

  it('the same as naming the direction or the instrument', async () => {
    const implied = await counts('');
    expect(await counts(', direction: higher-is-better')).toEqual(implied);
    expect(await counts(', instrument: wai-sr')).toEqual(implied);
  });

  it('an explicit direction still wins (a control: the categories flip)', async () => {
    // lower-is-better: P4's fall from 48 to 24 crosses 40 (recovered), the three rises are deterioration
    expect(await counts(', direction: lower-is-better')).toEqual({ recovered: 1, improved: 0, unchanged: 1, deteriorated: 3 });
  });
});
