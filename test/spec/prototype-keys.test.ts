// Keys and parameter names that are JavaScript object members must not slip through: an audit found
// a stage option `__proto__: {...}` and a derive column named `__proto__` dropped without a word
// (validate said "valid"), and `${constructor}` / `--param constructor=x` / `--param __proto__=x`
// accepted as known parameters. Expected: the spec error with its path, as for any unknown key.
import { describe, expect, it } from 'vitest';
import { SpecErrors } from '../../src/engine/errors.ts';
import { parseSpecText } from '../../src/spec/load-spec.ts';
import { cli } from '../helpers/temp-project.ts';

const base = (extra: string) => `name: t
params:
  data: { default: data.csv }
stages:
  - id: sessions
    type: ingest
    file: \${data}
${extra}`;

function problems(yaml: string, params: Record<string, string> = {}): string[] {
  try {
    parseSpecText(yaml, '/nonexistent/pipeline.yaml', params);
  } catch (e) {
    if (e instanceof SpecErrors) return e.errors.map((x) => `${x.specPath}: ${x.message}`);
    throw e;
  }
  return [];
}

describe('object-member names in specs and parameters', () => {
  it('refuses a __proto__ key in a stage, naming its path', () => {
    expect(problems(base('    __proto__: { file: /etc/passwd }\n'))).toEqual([expect.stringMatching(/^stages\[0\]\.__proto__: '__proto__' is not allowed as a key/)]);
  });

  it('refuses a __proto__ key nested in options', () => {
    const yaml = base(`  - id: d
    type: derive
    from: sessions
    columns:
      __proto__: "session * 2"
`);
    expect(problems(yaml)).toEqual([expect.stringMatching(/^stages\[1\]\.columns\.__proto__: /)]);
  });

  it.each(['constructor', 'hasOwnProperty', 'toString'])('treats \${%s} as an undeclared parameter', (name) => {
    expect(problems(base('').replace('${data}', `\${${name}}`))).toEqual([expect.stringMatching(new RegExp(`unknown parameter '\\$\\{${name}\\}'`))]);
  });

  it.each(['constructor', '__proto__'])('refuses --param %s=x as unknown (real CLI)', (name) => {
    const r = cli(['validate', 'pipelines/demo.yaml', '--param', `${name}=x`]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`unknown parameter '${name}' given with --param`));
  });
});
