// A number in a spec must be finite. An audit found YAML's `.inf` and `.nan` accepted by validate
// (JSON Schema's `integer` lets Infinity through) and passed to SQL as the word Infinity:
// `where: { equals: .inf }`, `maxSession: .inf`, `session: .inf` ended in "internal error: Binder
// Error: Referenced column "Infinity" not found", exit 70. Expected (README: every user error is one
// clear message naming the spec path, exit 1, no stack trace): one SpecError per such value, at its
// spec path with the YAML line and column, at validate time.
import { describe, expect, it } from 'vitest';
import { SpecErrors } from '../../src/engine/errors.ts';
import { parseSpecText } from '../../src/spec/load-spec.ts';
import { cli, tempProject } from '../helpers/temp-project.ts';

const spec = (extra: string) => `name: t
stages:
  - id: sessions
    type: ingest
    file: data.csv
  - { id: patients, type: patients, from: sessions, outcome: phq, alliance: [wai]${extra} }
`;

function problems(yaml: string): string[] {
  try {
    parseSpecText(yaml, '/nonexistent/pipeline.yaml');
  } catch (e) {
    if (e instanceof SpecErrors) return e.errors.map((x) => `${x.line}:${x.column} ${x.specPath}: ${x.message}`);
    throw e;
  }
  return [];
}

describe('non-finite numbers in a spec', () => {
  it.each(['.inf', '-.inf', '+.inf', '.nan', '.NaN', '.Inf', '1e999'])('refuses session: %s at its path and position', (value) => {
    const yaml = spec(`, session: ${value}`);
    const column = yaml.split('\n')[5].indexOf(`session: ${value}`) + 'session: '.length + 1;
    expect(problems(yaml)).toEqual([`6:${column} stages[1].session: must be a finite number (got ${value})`]);
  });

  it('lists every such value, in parameters, nested options and through aliases', () => {
    const yaml = `name: t
params:
  k: .inf
stages:
  - id: sessions
    type: ingest
    file: data.csv
  - id: patients
    type: patients
    from: sessions
    outcome: phq
    alliance: [wai]
    maxSession: &big .nan
    session: *big
`;
    expect(problems(yaml)).toEqual([
      '3:6 params.k: must be a finite number (got .inf)',
      '13:22 stages[1].maxSession: must be a finite number (got .nan)',
      '14:14 stages[1].session: must be a finite number (got .nan)',
    ]);
  });

  it('accepts finite numbers, including large ones', () => {
    expect(problems(spec(', session: 3'))).toEqual([]);
    expect(problems(spec(', session: 1e300')).filter((p) => p.includes('finite'))).toEqual([]);
  });

  it('exits 1 from validate with the one message (real CLI, where: equals: .inf)', () => {
    const yaml = `name: t
stages:
  - { id: sessions, type: ingest, file: data.csv }
  - { id: summary, type: export-summary, from: sessions, site: x, where: { column: phq, equals: .inf }, correlations: [{ x: wai, y: phq }] }
`;
    const project = tempProject({ 'pipeline.yaml': yaml, 'data.csv': 'patient,session,wai,phq\nP1,1,3,4\n' });
    try {
      const r = cli(['validate', project.path('pipeline.yaml')]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/pipeline\.yaml, line 4, column \d+: stages\[1\]\.where\.equals: must be a finite number \(got \.inf\)/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    } finally {
      project.dispose();
    }
  });
});
