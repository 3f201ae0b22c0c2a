// compare's meta-regression of per-therapist correlations on modality, when therapists treat
// patients in several modalities: each therapist × modality cell with enough patients is one
// correlation under its own modality. An audit found each therapist filed under the modality of
// its first patient by id, so renaming patients changed QM from 0.10 to 5.43 on the same data.
// Reference: test/fixtures/compare-cells/compare-cells.R (metafor::rma, REML, mods = ~ modality, on
// the cells of patients.csv beside it). Tolerance 1e-6 relative (absolute 1e-8 near zero).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, runSpecText, tempProject } from '../helpers/temp-project.ts';

const dir = join(REPO, 'test/fixtures/compare-cells');
const want = JSON.parse(readFileSync(join(dir, 'metafor.json'), 'utf8')) as { cells: number; therapists: number; terms: string[]; beta: number[]; se: number[]; QM: number; QMp: number; tau2: number };
const p = tempProject();
afterAll(() => p.dispose());

const close = (got: number, w: number) => expect(Math.abs(got - w), `${got} vs ${w}`).toBeLessThanOrEqual(1e-6 * Math.abs(w) + 1e-8);
const spec = (file: string) => `name: cells
stages:
  - { id: pts, type: ingest, file: ${file} }
  - { id: cmp, type: compare, from: pts, by: modality, alliance: alliance, outcome: improvement, minPerTherapist: 4, margin: { r: 0.1, smd: 0.2 } }
`;

async function metaRegression(file: string): Promise<Record<string, unknown>> {
  const out = await runSpecText(p.dir, spec(file));
  return (out.results.cmp as { metaRegression: Record<string, unknown> }).metaRegression;
}

describe('compare: per-therapist meta-regression with therapists in several modalities', () => {
  it('matches metafor on therapist × modality cells', async () => {
    const m = await metaRegression(join(dir, 'patients.csv'));
    expect(m.cells).toBe(want.cells);
    expect(m.therapists).toBe(want.therapists);
    expect(m.terms).toEqual(want.terms);
    (m.beta as number[]).forEach((b, i) => close(b, want.beta[i]!));
    (m.se as number[]).forEach((s, i) => close(s, want.se[i]!));
    close(m.QM as number, want.QM);
    close(m.QMp as number, want.QMp);
    close(m.tau2 as number, want.tau2);
    expect(m.note).toMatch(/extra cell\(s\) from therapists who treated patients in more than one modality/);
  });

  it('does not depend on the patient ids (renamed in reverse order)', async () => {
    const lines = readFileSync(join(dir, 'patients.csv'), 'utf8').trimEnd().split('\n');
    const n = lines.length - 1;
    const renamed = [lines[0], ...lines.slice(1).map((l, i) => l.replace(/^"P\d+"/, `"Q${String(n - i).padStart(3, '0')}"`))];
    writeFileSync(p.path('renamed.csv'), renamed.join('\n') + '\n');
    const a = await metaRegression(join(dir, 'patients.csv'));
    const b = await metaRegression(p.path('renamed.csv'));
    close(b.QM as number, a.QM as number);
    (b.beta as number[]).forEach((x, i) => close(x, (a.beta as number[])[i]!));
  });
});
