// export-summary's `file` cannot replace the report folder's own files or another stage's file: an
// audit found `file: run.lock.json` / `results.json` accepted (then `alliance verify` crashed on the
// folder) and two stages with one `file` keeping only the last. Expected: the spec is refused with
// its path, and a run stops before writing anything (README: no partial output). The clash of
// two stages used to pass `alliance validate` and stop only the run, without a YAML line.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SpecErrors } from '../../src/engine/errors.ts';
import { cli, REPO, runSpecText, tempProject } from '../helpers/temp-project.ts';

const project = tempProject();
afterAll(() => project.dispose());

const spec = (files: string[]) => `name: files
stages:
  - id: sessions
    type: ingest
    file: ${join(REPO, 'data-samples/rom-small.csv')}
  - id: scored
    type: score
    from: sessions
    instruments: [{ instrument: wai-sr, prefix: wai }, { instrument: phq-9, prefix: phq }]
  - id: patients
    type: patients
    from: scored
    outcome: phq_total
    alliance: [wai_total]
${files
  .map(
    (f, i) => `  - id: s${i}
    type: export-summary
    from: patients
    site: S${i}
    correlations: [{ x: wai_total_mean, y: phq_total_improvement }]
    file: ${f}
`,
  )
  .join('')}`;

describe('export-summary output names', () => {
  it.each(['results.json', 'run.lock.json'])('refuses file: %s at validation, with the spec path', async (name) => {
    const err = await runSpecText(project.dir, spec([name])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SpecErrors);
    expect((err as SpecErrors).errors.map((e) => e.message)).toEqual([expect.stringMatching(new RegExp(`'${name.replace('.', '\\.')}' is a file of the report folder itself`))]);
    expect((err as SpecErrors).errors[0].specPath).toBe('stages[3].file');
    expect(existsSync(join(project.dir, 'out'))).toBe(false);
  });

  it('refuses two stages writing one file at validation, naming both, and writes no output folder', async () => {
    const err = await runSpecText(project.dir, spec(['same.json', 'same.json'])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SpecErrors);
    expect((err as SpecErrors).errors.map((e) => e.message)).toEqual(["stage 's1' writes same.json, which stage 's0' writes too; give the files different names"]);
    expect((err as SpecErrors).errors[0].specPath).toBe('stages[4].file');
    expect(existsSync(join(project.dir, 'out'))).toBe(false);
  });

  it('alliance validate finds two stages left at the default summary.json, with the YAML line of the second (real CLI)', () => {
    const text = spec(['x', 'y']).replace(/\n    file: [xy]\n/g, '\n');
    project.write('two-defaults.yaml', text);
    const r = cli(['validate', 'two-defaults.yaml'], project.dir);
    expect(r.status, r.stderr).toBe(1);
    const line = text.split('\n').findIndex((l) => l === '  - id: s1') + 1;
    expect(r.stderr).toBe(`error: the pipeline spec has 1 problem:\n  two-defaults.yaml, line ${line}, column 5: stages[4].file: stage 's1' writes summary.json, which stage 's0' writes too; give the files different names\n`);
  });

  it('writes distinct names side by side (control)', async () => {
    const r = await runSpecText(project.dir, spec(['a.json', 'b.json']));
    expect(Object.keys(r.results)).toEqual(expect.arrayContaining(['s0', 's1']));
    expect(existsSync(join(project.dir, 'out/a.json')) && existsSync(join(project.dir, 'out/b.json'))).toBe(true);
  });
});
