// One `alliance validate` run lists every independent problem of a spec (README "Pipelines": validate
// "reports every problem at once with its spec path (stages[2].method), the YAML line and column, and
// a did-you-mean"). An audit needed four validate runs for a spec built from pipelines/demo.yaml with
// four mistakes: a schema error (`sesion: 3`) hid every other stage's problems, only the first of two
// bad columns in one list was named, and an input stage placed after the analysis was reported only
// once the plan passed. Stages that use a broken stage (early_outcome, modalities) stay silent: their
// errors would follow from it. `alliance run` goes through the same checks and writes nothing.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers/temp-project.ts';

const FILE = 'test/fixtures/validate-all-problems/pipeline.yaml';
const at = (line: number, column: number) => `  ${FILE}, line ${line}, column ${column}: `;
const EXPECTED = [
  'error: the pipeline spec has 7 problems:',
  `${at(22, 11)}stages[2].from: no earlier stage with id 'sesions'. Did you mean 'sessions'?`,
  `${at(38, 5)}stages[4].sesion: unknown option 'sesion'. Did you mean 'session'? Allowed: id, type, from, outcome, alliance, session, outcomeHigherIsBetter, keep`,
  `${at(50, 17)}stages[6].instrument: unknown instrument 'wai-sf'. Did you mean 'wai-s' or 'wai-sr'? Known: wai, wai-s, wai-sr, srs, oq-45, phq-9, gad-7, core-10, ors`,
  `${at(64, 14)}stages[8].outcome: column 'phq_totl' is not in table 'scored'. Did you mean 'phq_total'?`,
  `${at(70, 17)}stages[9].variables[0]: column 'wai_totl' is not in table 'scored'. Did you mean 'wai_total' or 'wai_goal'?`,
  `${at(70, 27)}stages[9].variables[1]: column 'phq_totl' is not in table 'scored'. Did you mean 'phq_total'?`,
  `${at(72, 5)}stages[10]: input stage 'late' must come before every analysis stage (the database is locked against file access once analysis starts)`,
  '',
].join('\n');

let out: string | undefined;
afterEach(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

describe('alliance validate lists every problem of a spec in one run', () => {
  it('schema, reference, instrument, column and input-order problems of all stages, each located', () => {
    const r = cli(['validate', FILE]);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(EXPECTED);
    expect(r.status).toBe(1);
  });

  it('alliance run lists the same problems and writes no output folder', () => {
    out = mkdtempSync(join(tmpdir(), 'alliance-validate-all-'));
    const dest = join(out, 'report');
    const r = cli(['run', FILE, '--out', dest, '--quiet']);
    expect(r.stderr).toBe(EXPECTED);
    expect(r.status).toBe(1);
    expect(existsSync(dest)).toBe(false);
  });
});
