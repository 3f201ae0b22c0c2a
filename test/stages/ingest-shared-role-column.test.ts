// README promise: every user error is one clear message naming the spec path, exit 1, no stack
// trace, no partial output. An audit mapped one file column to two roles
// (`columns: { patient: patient, rater: patient }`): validate passed and `run` ended in an internal
// error (exit 70, "Referenced column patient not found"); `modality: patient` would also have shown
// the patient ids as modality labels. ingest now refuses it at `columns.<role>`, naming both roles.
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { cli, tempProject } from '../helpers/temp-project.ts';

const csv = ['patient,therapist,session,x', 'P1,T1,1,1', 'P1,T1,2,2', 'P2,T2,1,3', 'P2,T2,2,4'].join('\n');
const spec = (columns: string) => `name: t
stages:
  - { id: sessions, type: ingest, file: data.csv, columns: ${columns} }
  - { id: traj, type: trajectories, from: sessions, variables: [x], minN: 2 }
`;

let project: ReturnType<typeof tempProject> | undefined;
afterEach(() => project?.dispose());

function runCli(columns: string): { status: number; stderr: string; wrote: boolean } {
  project = tempProject({ 'data.csv': csv, 'pipeline.yaml': spec(columns) });
  const r = cli(['run', 'pipeline.yaml', '--out', 'out', '--quiet'], project.dir);
  return { status: r.status, stderr: r.stderr, wrote: existsSync(project.path('out')) };
}

describe('ingest: one file column mapped to two roles', () => {
  it.each([
    ['{ patient: patient, rater: patient }', 'rater', 'patient', 'columns.patient reads it too'],
    ['{ modality: patient }', 'modality', 'patient', 'it is the patient column by its name'],
    ['{ therapist: therapist, site: therapist }', 'site', 'therapist', 'columns.therapist reads it too'],
    ['{ session: session, date: session }', 'date', 'session', 'columns.session reads it too'],
  ])('%s is refused at columns.<role> with exit 1', (columns, role, column, why) => {
    const r = runCli(columns);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toContain(
      `stages[0].columns.${role}: columns.${role} reads the file column '${column}', but ${why}; a file column can hold only one role (patient, therapist, site, modality, session, rater or date)`,
    );
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(r.wrote).toBe(false);
  });
});
