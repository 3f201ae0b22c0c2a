// validate names a text option's form in words: 'name: must match pattern "^[a-z0-9][a-z0-9_-]{0,63}$"'
// showed a researcher a regular expression. Every pattern of the pipeline schema carries its
// patternMessage, which validate prints with the value given.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, cli, tempProject } from '../helpers/temp-project.ts';

function patterns(node: unknown, path: string, out: { path: string; message?: string }[]): void {
  if (Array.isArray(node)) node.forEach((n, i) => patterns(n, `${path}[${i}]`, out));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (typeof o.pattern === 'string' && !path.endsWith('.patternProperties')) out.push({ path, message: o.patternMessage as string | undefined });
    for (const [k, v] of Object.entries(o)) patterns(v, `${path}.${k}`, out);
  }
}

const project = tempProject();
afterAll(() => project.dispose());

describe('validate says what a text option must look like, not its regular expression', () => {
  it('every pattern in the pipeline schema has a patternMessage', () => {
    const found: { path: string; message?: string }[] = [];
    patterns(JSON.parse(readFileSync(join(REPO, 'src/spec/pipeline.schema.json'), 'utf8')), '$', found);
    expect(found.length).toBeGreaterThan(8);
    expect(found.filter((f) => !f.message).map((f) => f.path)).toEqual([]);
  });

  it('a bad pipeline name, stage id and instrument key are described in words', () => {
    project.write('bad.yaml', `name: My Study!\ninstruments:\n  - { key: Bad Key, name: x, items: 2, min: 0, max: 1, higherIsBetter: true }\nstages:\n  - { id: Sessions-1, type: ingest, file: ${join(REPO, 'data-samples/rom-small.csv')} }\n`);
    const r = cli(['validate', 'bad.yaml'], project.dir);
    expect(r.status).toBe(1);
    expect(r.stderr).not.toContain('pattern');
    expect(r.stderr).toContain('line 1, column 7: name: must be a lower-case letter or digit, then lower-case letters, digits, _ or -, at most 64 characters (got "My Study!")');
    expect(r.stderr).toContain('instruments[0].key: must be a lower-case letter, then lower-case letters, digits or -, at most 32 characters (got "Bad Key")');
    expect(r.stderr).toContain('stages[0].id: must be a lower-case letter, then lower-case letters, digits or _, at most 64 characters (got "Sessions-1")');
  });

  it("a parameter's or subscale's name is checked and described (both were accepted as they came)", () => {
    project.write('keys.yaml', `name: keys\nparams:\n  data: { default: ${join(REPO, 'data-samples/rom-small.csv')} }\n  bad-param: { default: 1 }\ninstruments:\n  - { key: mine, name: x, items: 2, min: 0, max: 1, higherIsBetter: true, subscales: { Bad Sub: [1] } }\nstages:\n  - { id: sessions, type: ingest, file: "\${data}" }\n`);
    const r = cli(['validate', 'keys.yaml'], project.dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      'error: the pipeline spec has 2 problems:\n' +
        '  keys.yaml, line 4, column 3: params.bad-param: the name "bad-param" must be a letter or _, then letters, digits or _, at most 64 characters\n' +
        '  keys.yaml, line 6, column 88: instruments[0].subscales.Bad Sub: the name "Bad Sub" must be a lower-case letter, then lower-case letters, digits or _, at most 32 characters\n',
    );
  });

  it('a valid one-stage pipeline is "1 stage", "1 table"', () => {
    project.write('one.yaml', `name: one\nstages:\n  - { id: sessions, type: ingest, file: ${join(REPO, 'data-samples/rom-small.csv')} }\n`);
    const r = cli(['validate', 'one.yaml'], project.dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('one.yaml: valid (1 stage: sessions:ingest; 1 table)\n');
  });
});
