// Audit: an ingested column holding 1e308 passed ingest, and trajectories (DuckDB's STDDEV_SAMP)
// then stopped with "out of range" as an internal error, exit 70; patients said "x[0] is not a
// finite number (Infinity)" without file, row or column. README promise: every user error is one
// clear message naming the file, row and column, exit 1, no internal error. Ingest and the quick
// commands now refuse a number beyond ±MAX_MAGNITUDE (1e100, src/engine/max-magnitude.ts), as
// they refuse 'inf'; a value of exactly 1e100 is still read.
import { afterEach, describe, expect, it } from 'vitest';
import { cli, tempProject } from '../helpers/temp-project.ts';

const rows = (x3: string) => `patient,session,x,y\nP1,1,1,2\nP1,2,2,3\nP1,3,${x3},5\nP2,1,2,2\nP2,2,4,6\nP2,3,1,1\nP3,1,3,3\nP3,2,2,2\nP3,3,5,4\nP4,1,1,1\nP4,2,3,2\nP4,3,2,3\n`;
const spec = 'name: t\nstages:\n  - { id: sessions, type: ingest, file: data.csv }\n  - { id: traj, type: trajectories, from: sessions, variables: [x], minN: 2 }\n';
const MESSAGE = /^error: data\.csv, line 4, column 'x': (-?1e\+308|1\.5e\+100) is larger in magnitude than 1e\+100: .*\n$/;

let project: ReturnType<typeof tempProject> | undefined;
afterEach(() => project?.dispose());

describe('a number too large for later statistics', () => {
  for (const value of ['1e+308', '-1e+308', '1.5e+100']) {
    it(`ingest refuses ${value} with the file, line and column (real CLI, exit 1)`, () => {
      project = tempProject({ 'data.csv': rows(value), 'p.yaml': spec });
      const r = cli(['run', 'p.yaml', '--out', 'out', '--quiet'], project.dir);
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr).toMatch(MESSAGE);
      expect(r.stderr).toContain(`${value} is larger`);
    });
  }

  it('a quick command refuses it with the same message', () => {
    project = tempProject({ 'data.csv': rows('1e+308') });
    const r = cli(['correlate', 'data.csv', '--x', 'x', '--y', 'y'], project.dir);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toMatch(MESSAGE);
  });

  it('1e100 itself is read, and the pipeline runs', () => {
    project = tempProject({ 'data.csv': rows('1e100'), 'p.yaml': spec });
    const r = cli(['run', 'p.yaml', '--out', 'out', '--quiet'], project.dir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
