/**
 * Benchmark (not a vitest test): lmm on simulated session data, 1.3 M rows in 100,000 patients (in 2,000 therapists for the nested model).
 *   npx tsx test/stats/mixed/bench-mixed.ts [rows] [patients] [order]
 * Prints wall time of buildModel and lmm for a random-intercept and a random-slope model, and the
 * resident memory after each. Wall time on a loaded machine overstates the cost; CPU time is printed too.
 * order = 'patient' (default: rows grouped by patient) or 'response' (rows sorted by y, as the mixed
 * stages read them with ORDER BY ALL: the per-level sums then meet the levels in random order).
 */
import { createRng } from '../../../src/stats/random/index.ts';
import { buildModel, lmm } from '../../../src/stats/mixed/index.ts';

const nRows = Number(process.argv[2] ?? 1_300_000);
const nPat = Number(process.argv[3] ?? 100_000);
const rng = createRng(20261122);
const patient = new Int32Array(nRows);
const session = new Float64Array(nRows);
const alliance = new Float64Array(nRows);
const y = new Float64Array(nRows);
const u0 = Float64Array.from({ length: nPat }, () => rng.normal() * 3);
const u1 = Float64Array.from({ length: nPat }, () => rng.normal() * 0.3);
for (let i = 0; i < nRows; i++) {
  const p = Math.floor((i * nPat) / nRows);
  patient[i] = p;
  session[i] = i - Math.ceil((p * nRows) / nPat);
  alliance[i] = 4.5 + rng.normal() * 0.8;
  y[i] = 20 + u0[p] + (u1[p] - 0.5) * session[i] - 1.1 * alliance[i] + rng.normal() * 2.5;
}
const levels = Array.from({ length: nPat }, (_, i) => `P${i}`);
const nTher = Math.max(1, Math.round(nPat / 50));
const therapist = Int32Array.from(patient, (p) => p % nTher);
const uT = Float64Array.from({ length: nTher }, () => rng.normal());
for (let i = 0; i < nRows; i++) y[i] += uT[therapist[i]];
const tLevels = Array.from({ length: nTher }, (_, i) => `T${i}`);
if (process.argv[4] === 'response') {
  const idx = Int32Array.from({ length: nRows }, (_, i) => i).sort((a, b) => y[a] - y[b]);
  for (const col of [session, alliance, y]) col.set(Float64Array.from(idx, (i) => col[i]));
  for (const col of [patient, therapist]) col.set(Int32Array.from(idx, (i) => col[i]));
}
const data = { numeric: { y, session, alliance }, factor: { patient: { codes: patient, levels }, therapist: { codes: therapist, levels: tLevels } } };
const mb = () => `${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB rss`;
console.log(`${nRows} rows, ${nPat} patients; after data: ${mb()}`);

const formulas = [
  'y ~ session + alliance + (1 | patient)',
  'y ~ session + alliance + (session | patient)',
  'y ~ session + alliance + (1 | therapist/patient)',
];
for (const formula of formulas) {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const model = buildModel(formula, data);
  const t1 = performance.now();
  const fit = lmm(model);
  const t2 = performance.now();
  const cpu = process.cpuUsage(c0);
  console.log(
    `${formula}: buildModel ${(t1 - t0).toFixed(0)} ms, lmm ${(t2 - t1).toFixed(0)} ms, total ${(t2 - t0).toFixed(0)} ms wall, ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU; ` +
      `${fit.optimizer.evaluations} deviance evaluations; converged ${fit.converged}; ${mb()}`,
  );
  console.log('  fixed', Object.fromEntries(Object.entries(fit.fixed).map(([k, v]) => [k, +v.estimate.toFixed(4)])), 'theta', Array.from(fit.theta, (t) => +t.toFixed(4)));
}
