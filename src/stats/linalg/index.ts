export { cholesky, NotPositiveDefinite } from './cholesky.ts';
export { cholSolve } from './chol-solve.ts';
export { spdInverse } from './spd-inverse.ts';
export { logDetCholesky } from './log-det-cholesky.ts';
export { firstDependentColumn } from './first-dependent-column.ts';
