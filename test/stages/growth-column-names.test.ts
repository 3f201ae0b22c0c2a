// growth wrote its formula from column names as they are: a column `x-y` (a legal CSV header) gave
// `formula "x-y ~ session + (session | patient)": expected '~' after the response but found '-'`,
// a message about a formula the user never wrote. Reference: R's formula syntax quotes such names in
// backticks (lme4 fits `x-y` ~ session + (session | patient)); the fit must equal the fit of the same
// values under a plain name. Names a formula cannot hold at all are refused at plan time at
// stages[i].variables[k] (README: every user error names its spec path).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tempProject } from '../helpers/temp-project.ts';

// 12 patients × 5 sessions; x-y and x_y hold the same values
const rows = ['patient,session,x-y,x_y,sc`ore'];
for (let p = 1; p <= 12; p++)
  for (let s = 1; s <= 5; s++) {
    const v = 10 + p * 0.7 - s * (0.3 + (p % 4) * 0.1) + (((p * 13 + s * 7) % 9) - 4) * 0.4;
    rows.push(`P${p},${s},${v},${v},${v}`);
  }
const spec = (vars: string) => `name: names
stages:
  - { id: d, type: ingest, file: d.csv }
  - { id: g, type: growth, from: d, variables: ${vars}, sample: 3 }
`;
const project = tempProject({
  'd.csv': rows.join('\n') + '\n',
  'dash.yaml': spec('["x-y", x_y]'),
  'tick.yaml': spec('["sc`ore"]'),
  'session.yaml': spec('[session]'),
});
afterAll(() => project.dispose());

describe('growth and column names outside the formula language', () => {
  it('quotes x-y in backticks and fits it as the same values under a plain name', () => {
    const r = cli(['run', 'dash.yaml', '--out', 'out', '--quiet'], project.dir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const { models } = JSON.parse(readFileSync(join(project.dir, 'out', 'results.json'), 'utf8')).stages.g;
    expect(models['x-y'].formula).toBe('`x-y` ~ session + (session | patient)');
    expect(models['x-y'].fixed).toEqual(models.x_y.fixed);
  });

  it('refuses a name with a backtick at plan time, at its spec path', () => {
    const r = cli(['run', 'tick.yaml', '--out', 'out2', '--quiet'], project.dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/stages\[1\]\.variables\[0\].*column 'sc`ore' contains a backtick, which a model formula cannot hold; rename it with a derive stage first/);
  });

  it('refuses session as a growth variable at plan time', () => {
    const r = cli(['run', 'session.yaml', '--out', 'out3', '--quiet'], project.dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/stages\[1\]\.variables\[0\].*'session' is the model's time term/);
  });
});
