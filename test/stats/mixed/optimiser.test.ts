import { describe, expect, it } from 'vitest';
import { nelderMeadBounded } from '../../../src/stats/mixed/nelder-mead-bounded.ts';
import { polishNewton } from '../../../src/stats/mixed/polish-newton.ts';
import { richardsonHessian } from '../../../src/stats/mixed/richardson-hessian.ts';
import { richardsonJacobian } from '../../../src/stats/mixed/richardson-jacobian.ts';

// Rosenbrock (1960): f(x, y) = (1 − x)² + 100 (y − x²)², minimum 0 at (1, 1); with x ≥ 1.5 the
// constrained minimum is at (1.5, 2.25), f = 0.25.
const rosen = (v: Float64Array) => (1 - v[0]) ** 2 + 100 * (v[1] - v[0] ** 2) ** 2;

describe('bounded optimisers', () => {
  it('Nelder–Mead finds the Rosenbrock minimum (1, 1)', () => {
    const r = nelderMeadBounded(rosen, [-1.2, 1], [-Infinity, -Infinity]);
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 6);
    expect(r.x[1]).toBeCloseTo(1, 6);
  });
  it('Nelder–Mead respects a lower bound: (1.5, 2.25) when x ≥ 1.5', () => {
    const r = nelderMeadBounded(rosen, [3, 1], [1.5, -Infinity]);
    expect(r.x[0]).toBeCloseTo(1.5, 7);
    expect(r.x[1]).toBeCloseTo(2.25, 6);
    expect(r.fval).toBeCloseTo(0.25, 10);
  });
  it('Newton polish converges from near the optimum and holds a bound whose gradient points outward', () => {
    const free = polishNewton(rosen, [0.98, 0.95], [-Infinity, -Infinity]);
    expect(free.fval).toBeLessThan(1e-11);
    expect(free.x[0]).toBeCloseTo(1, 5);
    expect(free.decrement).toBeLessThan(1e-12);
    const held = polishNewton((v) => (v[0] + 1) ** 2 + (v[1] - 2) ** 2, [0, 1.9], [0, -Infinity]);
    expect(held.x[0]).toBe(0);
    expect(held.x[1]).toBeCloseTo(2, 8);
  });
});

describe('Richardson derivatives', () => {
  it('Hessian of x²·y at (1, 2) is [[4, 2], [2, 0]] and the Jacobian of (x·y, sin x) is [[2, cos 1], [1, 0]]', () => {
    const H = richardsonHessian((v) => v[0] ** 2 * v[1], [1, 2]);
    [4, 2, 2, 0].forEach((h, i) => expect(H[i]).toBeCloseTo(h, 7));
    const J = richardsonJacobian((v) => Float64Array.of(v[0] * v[1], Math.sin(v[0])), [1, 2]);
    expect(J[0][0]).toBeCloseTo(2, 9);
    expect(J[0][1]).toBeCloseTo(Math.cos(1), 9);
    expect(J[1][0]).toBeCloseTo(1, 9);
    expect(J[1][1]).toBeCloseTo(0, 12);
  });
});
