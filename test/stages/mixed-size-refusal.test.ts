// `type: mixed` with `phq ~ patient + (1 | therapist)` (a factor of thousands of levels in the fixed
// part) ran for over ten minutes at 1.9 GB. Reference: the security audit's expectation and the README
// promise — one located error (file, stage) and exit code 1, before any dense matrix is built.
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tempProject } from '../helpers/temp-project.ts';

// 600 patients × 3 sessions in 20 therapists
const rows = ['patient,therapist,session,y'];
for (let p = 0; p < 600; p++) for (let s = 1; s <= 3; s++) rows.push(`P${String(p).padStart(4, '0')},T${p % 20},${s},${(p * 7 + s * 5) % 13}`);
const project = tempProject({
  'd.csv': rows.join('\n') + '\n',
  'bomb.yaml': `name: bomb
stages:
  - { id: d, type: ingest, file: d.csv }
  - { id: m, type: mixed, from: d, formula: "y ~ patient + (1 | therapist)" }
`,
});
afterAll(() => project.dispose());

describe('mixed refuses a fixed factor with too many levels with one located error', () => {
  it('names the file, the stage, the factor and the random-effect alternative', () => {
    const r = cli(['run', 'bomb.yaml', '--out', 'out', '--quiet'], project.dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error: d\.csv: stages\[1\] \(stage 'm', mixed\): formula "y ~ patient \+ \(1 \| therapist\)" has 600 fixed-effect columns, more than the 500 supported; factor 'patient' has 600 levels: as a random effect, \(1 \| patient\)/);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });
});
