// `seed: ${seed}` was refused ("seed: must be integer", found by QA): the top-level keys were
// checked before parameters were substituted, so a pipeline could not take its seed from --param
// as its stages take their options. Now a seed may be a parameter, checked once substituted (a whole
// number from 0 to 2^32 − 1); a non-parameter string names what is allowed. The control is a
// literal seed. parseSpecText is the code path of validate and run; one real run checks that the
// seed reaches results.json.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { parseSpecText } from '../../src/spec/load-spec.ts';
import { SpecErrors } from '../../src/engine/errors.ts';
import { cli, tempProject } from '../helpers/temp-project.ts';

const spec = (seed: string, params = "  s: { default: 5 }\n") => `name: t\nseed: ${seed}\nparams:\n${params}stages:\n  - { id: s, type: ingest, file: x.csv }\n`;

function problems(text: string, overrides: Record<string, string> = {}): string[] {
  try {
    parseSpecText(text, 'p.yaml', overrides);
    return [];
  } catch (e) {
    if (!(e instanceof SpecErrors)) throw e;
    return e.errors.map((x) => `${x.specPath}: ${x.message}`);
  }
}

const project = tempProject({ 'x.csv': 'patient,session,v\nP1,1,2\nP1,2,3\n', 'p.yaml': spec('${s}') });
afterAll(() => project.dispose());

describe('a seed taken from a parameter', () => {
  it('takes the default and the --param value', () => {
    expect(parseSpecText(spec('${s}'), 'p.yaml').seed).toBe(5);
    expect(parseSpecText(spec('${s}'), 'p.yaml', { s: '4294967295' }).seed).toBe(4294967295);
    // control: a literal seed
    expect(parseSpecText(spec('17'), 'p.yaml').seed).toBe(17);
  });

  it('is refused when the value is not a whole number from 0 to 2^32 − 1, or the parameter is unknown', () => {
    expect(problems(spec('${s}'), { s: '2.5' })).toEqual(["seed: the seed, parameter 's', is 2.5; a seed is a whole number from 0 to 4294967295"]);
    expect(problems(spec('${s}'), { s: '-1' })).toEqual(["seed: the seed, parameter 's', is -1; a seed is a whole number from 0 to 4294967295"]);
    expect(problems(spec('${s}', '  s: { default: abc }\n'))).toEqual(['seed: the seed, parameter \'s\', is "abc"; a seed is a whole number from 0 to 4294967295']);
    expect(problems(spec('${t}'))).toEqual(["seed: unknown parameter '${t}'; declare it under params. Did you mean 's'?"]);
    expect(problems(spec('abc'))).toEqual(['seed: must be a whole number from 0 to 4294967295 or a parameter such as ${seed} (got "abc")']);
  });

  it('reaches results.json and run.lock.json (real CLI)', () => {
    const r = cli(['run', 'p.yaml', '--param', 's=99', '--out', 'out', '--quiet'], project.dir);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(project.path('out/results.json'), 'utf8')).seed).toBe(99);
    expect(JSON.parse(readFileSync(project.path('out/run.lock.json'), 'utf8')).seed).toBe(99);
  });
});
