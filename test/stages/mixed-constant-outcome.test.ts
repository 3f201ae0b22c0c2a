// An outcome with no variation is refused by the mixed-model kernel (StatInputError "the outcome y
// does not vary"); the message named neither the data file (`alliance mixed FILE`) nor, in a
// pipeline, the file the stage's rows came from. Reference: the README promise that every user
// error is one clear message naming the file and the spec path, exit code 1 for a data problem,
// no stack trace.
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tempProject } from '../helpers/temp-project.ts';

const csv = ['patient,session,y', ...['p1', 'p2', 'p3', 'p4'].flatMap((p) => [1, 2, 3].map((s) => `${p},${s},5`))].join('\n') + '\n';
const refusal = 'the outcome y does not vary (all values equal): no model to fit';
const project = tempProject({
  'const.csv': csv,
  'pipeline.yaml': `name: constant
stages:
  - { id: d, type: ingest, file: const.csv }
  - { id: m, type: mixed, from: d, formula: "y ~ session + (1 | patient)" }
`,
});
afterAll(() => project.dispose());

describe('mixed: a constant outcome is refused with one message naming where it is', () => {
  it('alliance mixed FILE names the file', () => {
    const r = cli(['mixed', 'const.csv', '--formula', 'y ~ session + (1 | patient)'], project.dir);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`error: const.csv: --formula 'y ~ session + (1 | patient)': ${refusal}\n`);
  });

  it('a pipeline stage names the data file, the spec path and the stage id', () => {
    const r = cli(['run', 'pipeline.yaml', '--out', 'out', '--quiet'], project.dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`error: const.csv: stages[1] (stage 'm', mixed): ${refusal}\n`);
  });
});
