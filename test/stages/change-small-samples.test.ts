// The change stage on small or uniform samples (found by an R cross-check of the stage): all
// baselines equal stopped the run with the kernel's "sdPre must be positive, got 0" and one patient
// with "variance needs at least 2 values, got 1", neither naming the option that helps; two
// patients, or a constant post score, stopped the whole stage on the residualized gain although the
// RCI and its categories stand without it. README promise: one clear message naming the problem;
// nothing left out silently (the residualized gain left missing is counted in the ledger).
import { afterAll, describe, expect, it } from 'vitest';
import { runSpecText, tempProject } from '../helpers/temp-project.ts';

/** One row per patient and session: PHQ-9 items all at `pre[p]` then `post[p]` (a total of 9 × the level). */
function csv(pre: number[], post: number[]): string {
  const items = (v: number) => Array.from({ length: 9 }, () => v).join(',');
  return ['patient,session,' + Array.from({ length: 9 }, (_, i) => `phq${i + 1}`).join(','), ...pre.flatMap((v, p) => [`P${p},1,${items(v)}`, `P${p},2,${items(post[p]!)}`])].join('\n') + '\n';
}

const project = tempProject();
afterAll(() => project.dispose());

async function run(name: string, pre: number[], post: number[], change = ''): Promise<{ results: Record<string, unknown>; ledger: { reason: string; count: number; detail: string }[] }> {
  project.write(`${name}.csv`, csv(pre, post));
  const out = await runSpecText(
    project.dir,
    `name: t
stages:
  - { id: s, type: ingest, file: ${name}.csv }
  - { id: sc, type: score, from: s, instruments: [{ instrument: phq-9, prefix: phq }] }
  - { id: p, type: patients, from: sc, outcome: phq_total, alliance: [phq_total] }
  - { id: c, type: change, from: p, outcome: phq_total, instrument: phq-9${change} }
`,
  );
  return { results: out.results, ledger: out.ledger.entries as never };
}

const failure = (p: Promise<unknown>) =>
  p.then(
    () => 'ran',
    (e: Error) => e.message,
  );

describe('change on small or uniform samples', () => {
  it('all baselines equal: names the SD and the options that replace it', async () => {
    expect(await failure(run('sd0', [2, 2, 2, 2], [1, 0, 2, 1]))).toBe(
      "stages[3] (stage 'c', change): the 4 patients' baseline phq_total scores are all 18, so the baseline scores' SD, which the RCI needs, is 0; give a normative SD with sd:, or use method: fixed with rcValue",
    );
  });

  it('one patient with two scores: the same advice', async () => {
    expect(await failure(run('one', [2], [1]))).toBe(
      "stages[3] (stage 'c', change): only 1 patient of 'p' has two phq_total scores (phq_total_baseline and phq_total_final), so the baseline scores' SD, which the RCI needs, is undefined; give a normative SD with sd:, or use method: fixed with rcValue",
    );
  });

  it('one patient with method fixed: classified, since a fixed reliable-change value needs no SD', async () => {
    // PHQ-9 total 18 → 9: a fall of 9 ≥ the fixed 6 points, and 9 is below the cut-off 10: recovered
    const { results } = await run('one-fixed', [2], [1], ', method: fixed');
    const c = results.c as { counts: { category: string; n: number }[]; norms: { sd: unknown; rcValue: number } };
    expect(Object.fromEntries(c.counts.map((k) => [k.category, k.n]))).toEqual({ recovered: 1, improved: 0, unchanged: 0, deteriorated: 0 });
    expect(c.norms).toMatchObject({ sd: null, rcValue: 6 });
  });

  it('with sd: given, all baselines equal runs', async () => {
    expect(await failure(run('sd0-given', [2, 2, 2, 2], [1, 0, 2, 1], ', sd: 5'))).toBe('ran');
  });

  it('two patients: the RCI and categories stand, the residualized gain is left missing and counted', async () => {
    // PHQ-9 totals 27 → 9 and 18 → 27; RCI with SD(pre) = 6.364 and reliability .89: reliable change ≥ 5.85 points
    const { results, ledger } = await run('two', [3, 2], [1, 3]);
    const c = results.c as { counts: { category: string; n: number }[]; residualizedGain: Record<string, unknown> };
    expect(Object.fromEntries(c.counts.map((k) => [k.category, k.n]))).toEqual({ recovered: 1, improved: 0, unchanged: 0, deteriorated: 1 });
    expect(c.residualizedGain).toEqual({ intercept: null, slope: null, r: null, notComputed: 'residualized gain needs at least 3 cases, got 2' });
    expect(ledger.find((e) => e.reason === 'residualized-gain-undefined')).toMatchObject({ count: 2, detail: 'phq_total: residualized gain left missing (residualized gain needs at least 3 cases, got 2)' });
  });

  it('a constant post score: the same', async () => {
    const { results, ledger } = await run('postconst', [3, 2, 1, 2], [1, 1, 1, 1]);
    expect((results.c as { residualizedGain: { notComputed: string } }).residualizedGain.notComputed).toBe('post is constant: standardized residualized gain is undefined');
    expect(ledger.find((e) => e.reason === 'residualized-gain-undefined')?.count).toBe(4);
  });

  it('enough varied patients: no such ledger entry', async () => {
    const { results, ledger } = await run('fine', [3, 2, 1, 2], [1, 2, 0, 1]);
    expect((results.c as { residualizedGain: { slope: number } }).residualizedGain.slope).toBeTypeOf('number');
    expect(ledger.some((e) => e.reason === 'residualized-gain-undefined')).toBe(false);
  });
});
