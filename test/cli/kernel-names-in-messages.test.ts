// A statistical problem reaches the user in the method's words, not the kernel function's name:
// collinear covariates read "partialCorrelation: the covariates are collinear", too few pairs for
// a partial correlation "partialCorrelation: needs at least 6 pairs". Real CLI processes.
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tempProject } from '../helpers/temp-project.ts';

const project = tempProject();
afterAll(() => project.dispose());
// w is a copy of z: the covariates z and w are collinear
project.write('collinear.csv', ['x,y,z,w', '1,2,3,3', '2,1,4,4', '3,5,2,2', '4,3,5,5', '5,6,1,1', '6,2,7,7', '7,8,2,2'].join('\n') + '\n');
project.write('four.csv', ['x,y,z', '1,2,3', '2,1,4', '3,5,2', '4,3,5'].join('\n') + '\n');

describe('kernel function names stay out of user messages', () => {
  it('collinear covariates: named as a partial correlation, with what to do', () => {
    const r = cli(['correlate', 'collinear.csv', '--x', 'x', '--y', 'y', '--covariates', 'z,w'], project.dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('error: collinear.csv: --x x, --y y, --covariates z, --covariates w: partial correlation: the covariates are collinear (one is a linear combination of the others); drop one of them\n');
  });
  it('too few pairs for a partial correlation', () => {
    const r = cli(['correlate', 'four.csv', '--x', 'x', '--y', 'y', '--covariates', 'z'], project.dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('error: four.csv: --x x, --y y, --covariates z: partial correlation: needs at least 5 pairs, got 4\n');
  });
});
