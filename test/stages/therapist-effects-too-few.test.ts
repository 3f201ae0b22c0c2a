// therapist-effects separates the therapist's mean alliance from the patient's deviation with a
// random therapist intercept (Baldwin, Wampold & Imel 2007). The therapist-level part has two fixed
// effects (intercept and the therapist mean), so two therapists cannot identify it: the fit's
// Cholesky factor failed ("matrix is not positive definite (pivot 2 is -2.4e-11)"). The run now
// stops with one message saying how many therapists there are and how many are needed (README:
// one clear message, exit 1, no partial output). Control: three therapists fit. Real CLI processes.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, REPO, tempProject } from '../helpers/temp-project.ts';

const project = tempProject();
afterAll(() => project.dispose());

const [header, ...rows] = readFileSync(join(REPO, 'data-samples/rom-small.csv'), 'utf8').trim().split('\n');
const therapistsOf = (keep: string[]) => [header, ...rows.filter((r) => keep.includes(r.split(',')[1]!))].join('\n') + '\n';
project.write('two.csv', therapistsOf(['T0001', 'T0002']));
project.write('three.csv', therapistsOf(['T0001', 'T0002', 'T0003']));
const spec = (file: string) => `name: t
stages:
  - { id: sessions, type: ingest, file: ${file} }
  - { id: scored, type: score, from: sessions, instruments: [{ instrument: wai-sr, prefix: wai }, { instrument: phq-9, prefix: phq }] }
  - { id: patients, type: patients, from: scored, outcome: phq_total, alliance: [wai_total] }
  - { id: therapists, type: therapist-effects, from: patients, alliance: wai_total_mean, outcome: phq_total_final }
`;
project.write('two.yaml', spec('two.csv'));
project.write('three.yaml', spec('three.csv'));

describe('therapist-effects with too few therapists (real CLI)', () => {
  it('two therapists: one message with the count found and the count needed, no output folder', () => {
    const out = project.path('out-two');
    const r = cli(['run', 'two.yaml', '--out', out], project.dir);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr.match(/^error: /gm)?.length).toBe(1);
    expect(r.stderr).toMatch(/^error: stages\[3\] \(stage 'therapists', therapist-effects\): too few therapists: .*needs at least 3 therapists .*'patients' has 2$/m);
    expect(r.stderr).not.toMatch(/positive definite|internal error|\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  it('three therapists fit', () => {
    const r = cli(['run', 'three.yaml', '--out', project.path('out-three')], project.dir);
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(project.path('out-three/results.json'))).toBe(true);
  });
});
