// README promise (Sensitive data): patient and therapist identifiers never appear in reports or
// results unless the report stage says `identifiers: true`, and a spec may come from a stranger.
// An audit copied the ids into plain text columns with `derive: { pid: coalesce(patient, patient) }`
// and then grouped by `pid`, which printed them unpseudonymised. derive now refuses, at validate
// time and located at stages[i].columns.<name>, any expression that reads an identifier column.
import { afterEach, describe, expect, it } from 'vitest';
import { tempProject } from '../helpers/temp-project.ts';
import { validateSpecErrors } from '../helpers/validate-spec-errors.ts';

const csv = ['patient,therapist,session,group,x', 'SSN-1,DrA,1,a,1', 'SSN-1,DrA,2,a,2', 'SSN-2,DrB,1,b,3', 'SSN-2,DrB,2,b,4'].join('\n');

const spec = (columns: string, extra = '') => `
name: t
stages:
  - { id: sessions, type: ingest, file: data.csv, text: [group] }
  - id: more
    type: derive
    from: sessions
    columns:
${columns}
${extra}`;

let project: ReturnType<typeof tempProject> | undefined;
afterEach(() => project?.dispose());

function specErrors(yaml: string): Promise<{ specPath: string; message: string }[]> {
  project = tempProject({ 'data.csv': csv });
  return validateSpecErrors(project.dir, yaml);
}

describe('derive refuses expressions that read patient or therapist identifiers', () => {
  it.each([
    ['coalesce(patient, patient)', 'patient', 10],
    ['coalesce(therapist, therapist)', 'therapist', 10],
    ["ifelse(patient == 'SSN-1', 1, 0)", 'patient', 8],
    ['is_missing(therapist)', 'therapist', 12],
  ])('%s', async (expr, column, pos) => {
    const errors = await specErrors(spec(`      pid: ${JSON.stringify(expr)}`));
    expect(errors).toEqual([
      {
        specPath: 'stages[1].columns.pid',
        message: `column '${column}' at character ${pos} holds the ${column} identifiers; derived columns cannot be computed from identifier columns, as a copy or transform of them would bypass their pseudonymisation in reports (in expression "${expr}")`,
      },
    ]);
  });

  it('refuses it in a second derive stage too, so a later stage cannot group by a copy', async () => {
    const extra = `  - { id: again, type: derive, from: more, columns: { tid: "coalesce(therapist, 'x')" } }
  - { id: traj, type: trajectories, from: again, variables: [x], by: tid, minN: 2 }`;
    const errors = await specErrors(spec('      y: x + 1', extra));
    expect(errors.map((e) => e.specPath)).toEqual(['stages[2].columns.tid']);
  });

  it('still derives from other text columns and from numbers', async () => {
    expect(await specErrors(spec("      g: ifelse(group == 'a', 1, 0)\n      gl: coalesce(group, 'none')\n      y: x * 2"))).toEqual([]);
  });
});
