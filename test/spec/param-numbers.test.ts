// A numeric --param takes plain decimal numbers only. An audit found `--param k=0x5` accepted as 5:
// Number() also reads hexadecimal, binary and octal literals, pads with whitespace and 'Infinity'.
// Expected (README: every user error is one clear message naming the spec path, exit 1): one
// SpecError at params.<name> for each of these; decimals in any plain notation are accepted.
import { describe, expect, it } from 'vitest';
import { SpecErrors } from '../../src/engine/errors.ts';
import { parseSpecText } from '../../src/spec/load-spec.ts';
import { cli, tempProject } from '../helpers/temp-project.ts';

const yaml = `name: t
params:
  k: 3
stages:
  - id: sessions
    type: ingest
    file: data.csv
`;

function parse(value: string): { k?: unknown; errors: string[] } {
  try {
    return { k: parseSpecText(yaml, '/nonexistent/pipeline.yaml', { k: value }).params.k, errors: [] };
  } catch (e) {
    if (e instanceof SpecErrors) return { errors: e.errors.map((x) => `${x.specPath}: ${x.message}`) };
    throw e;
  }
}

describe('numeric --param values', () => {
  it.each(['0x5', '0b1', '0o7', '1_000', ' 5 ', '5 ', 'Infinity', '-Infinity', 'NaN', '1e999', '', '+', '.', '1e', '5abc'])('refuses %j with one error naming the parameter', (value) => {
    expect(parse(value).errors).toEqual([`params.k: parameter 'k' must be a decimal number such as 5, -0.5 or 1e-3 (got '${value}' from --param)`]);
  });

  it.each([
    ['5', 5],
    ['-5', -5],
    ['+5', 5],
    ['0.25', 0.25],
    ['.5', 0.5],
    ['5.', 5],
    ['1e-3', 0.001],
    ['-2.5E+2', -250],
    ['007', 7],
  ])('accepts %j as %d', (value, expected) => {
    expect(parse(value)).toEqual({ k: expected, errors: [] });
  });

  it('exits 1 with the one message on the command line, no stack trace', () => {
    const project = tempProject({ 'pipeline.yaml': yaml, 'data.csv': 'patient,session\nP1,1\n' });
    try {
      const r = cli(['validate', project.path('pipeline.yaml'), '--param', 'k=0x5']);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/params\.k: parameter 'k' must be a decimal number .*got '0x5'/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    } finally {
      project.dispose();
    }
  });
});
