import { pchisq, pf, pnorm, pt, qnorm, qt } from '../distributions/index.ts';
import { StatInputError } from '../errors.ts';
import { cholesky, logDetCholesky, spdInverse } from '../linalg/index.ts';
import { designMatrix } from './design-matrix.ts';
import { effectSizes } from './effect-sizes.ts';
import type { RmaPrediction } from './rma.ts';
import { projectionTraces } from './projection-traces.ts';
import { weightedFit } from './weighted-fit.ts';

/** Input of {@link rmaThreeLevel}. */
export interface RmaThreeLevelOptions {
  yi: ArrayLike<number>;
  vi?: ArrayLike<number>;
  sei?: ArrayLike<number>;
  /** Cluster (study) identifier of each effect size. */
  study: ArrayLike<number | string>;
  /** k rows of the full design (intercept column included); omit for intercept-only. */
  mods?: ArrayLike<ArrayLike<number>>;
  /** Default 'REML'. */
  method?: 'REML' | 'ML';
  /** Default 'z'; 't' uses k − p df as metafor's rma.mv (dfs = "residual"). */
  test?: 'z' | 't';
  /** Confidence level, 95 or 0.95. Default 95. */
  level?: number;
  /**
   * 'newton' (default): safeguarded Newton from the moment start, falling back to Nelder–Mead when
   * it stalls; 'nelder-mead': Nelder–Mead on (σ₁, σ₂) first, then the same Newton polish.
   */
  optimizer?: 'newton' | 'nelder-mead';
}

/** Result of {@link rmaThreeLevel}, named after metafor's `rma.mv` object. */
export interface RmaThreeLevelResult {
  k: number;
  p: number;
  /** Number of distinct clusters (studies). */
  nStudies: number;
  method: 'REML' | 'ML';
  test: 'z' | 't';
  level: number;
  beta: number[];
  se: number[];
  zval: number[];
  pval: number[];
  ciLower: number[];
  ciUpper: number[];
  vb: number[][];
  ddf: number | null;
  /** [between-study σ²₁, within-study σ²₂]. */
  sigma2: [number, number];
  logLik: { ML: number; REML: number };
  QE: number;
  QEdf: number;
  QEp: number;
  QM: number;
  QMdf: [number, number | null];
  QMp: number;
  /**
   * Multilevel I² (%): shares of the total variance σ²₁ + σ²₂ + ṽ at the between-study and
   * within-study levels and their sum, with ṽ = (k − p)/tr(P) the typical sampling variance
   * (Cheung 2014, doi:10.1037/a0032968; Viechtbauer's I² for multilevel models).
   */
  I2: { between: number; within: number; total: number };
  /**
   * Weight of each effect size in percent, as metafor's `weights()` for an rma.mv model (its
   * default type "diagonal"): the diagonal of W = M⁻¹, M the marginal variance–covariance matrix
   * (vᵢ + σ²₂ on the diagonal, σ²₁ within a study), as shares of its sum.
   */
  weights: Float64Array;
  /** Intercept-only models: PI uses σ²₁ + σ²₂ as metafor's predict.rma. */
  predict: RmaPrediction | null;
  converged: boolean;
  /** Work done: Newton iterations (all climbs) plus grid and Nelder–Mead likelihood evaluations. */
  iterations: number;
  notes: string[];
}

interface Blocks {
  start: Int32Array;
  order: Int32Array;
}

function groupBy(study: ArrayLike<number | string>, k: number): Blocks {
  const index = new Map<number | string, number[]>();
  for (let i = 0; i < k; i++) {
    const s = study[i];
    if (s == null || (typeof s === 'number' && !Number.isFinite(s)) || s === '') throw new StatInputError(`effect ${i + 1}: study identifier is missing`);
    let list = index.get(s);
    if (!list) index.set(s, (list = []));
    list.push(i);
  }
  const start = new Int32Array(index.size + 1);
  const order = new Int32Array(k);
  let pos = 0, b = 0;
  for (const list of index.values()) {
    start[b++] = pos;
    for (const i of list) order[pos++] = i;
  }
  start[b] = pos;
  return { start, order };
}

interface Evaluation {
  llML: number;
  llREML: number;
  beta: Float64Array;
  cov: Float64Array;
  score: [number, number];
  info: [number, number, number];
}

/**
 * Evaluates the (restricted) log-likelihood, its score and Fisher information for the
 * three-level model M = V + σ²₁·Z₁Z₁ᵀ + σ²₂·I, in O(k·p²) using the Sherman–Morrison form of
 * each study block's inverse (D − c·ddᵀ with D = diag(1/(vᵢ + σ²₂))).
 */
function evaluate(
  y: Float64Array, v: Float64Array, X: Float64Array, k: number, p: number, blocks: Blocks,
  s1: number, s2: number, reml: boolean, logDetXtX: number, derivatives = true,
): Evaluation {
  const nb = blocks.start.length - 1;
  const xtqx = new Float64Array(p * p), xtqy = new Float64Array(p);
  const c = new Float64Array(nb), sd1 = new Float64Array(nb);
  let logDetM = 0, yqy = 0;
  const x1 = new Float64Array(nb * p);
  for (let b = 0; b < nb; b++) {
    let S1 = 0, dy = 0;
    const xb = x1.subarray(b * p, b * p + p);
    for (let t = blocks.start[b]; t < blocks.start[b + 1]; t++) {
      const i = blocks.order[t];
      const d = 1 / (v[i] + s2);
      S1 += d;
      dy += d * y[i];
      yqy += d * y[i] * y[i];
      logDetM += Math.log(v[i] + s2);
      for (let a = 0; a < p; a++) {
        const xa = X[i * p + a] * d;
        xb[a] += xa;
        xtqy[a] += xa * y[i];
        for (let e = 0; e < p; e++) xtqx[a * p + e] += xa * X[i * p + e];
      }
    }
    const cb = s1 / (1 + s1 * S1);
    c[b] = cb;
    sd1[b] = S1;
    logDetM += Math.log(1 + s1 * S1);
    yqy -= cb * dy * dy;
    for (let a = 0; a < p; a++) {
      xtqy[a] -= cb * xb[a] * dy;
      for (let e = 0; e < p; e++) xtqx[a * p + e] -= cb * xb[a] * xb[e];
    }
  }
  const l = cholesky(xtqx, p);
  const cov = spdInverse(xtqx, p);
  const beta = new Float64Array(p);
  for (let a = 0; a < p; a++) for (let e = 0; e < p; e++) beta[a] += cov[a * p + e] * xtqy[e];
  let rss = yqy;
  for (let a = 0; a < p; a++) rss -= beta[a] * xtqy[a];
  const llML = -0.5 * k * Math.log(2 * Math.PI) - 0.5 * logDetM - 0.5 * rss;
  const llREML = -0.5 * (k - p) * Math.log(2 * Math.PI) + 0.5 * logDetXtX - 0.5 * logDetM - 0.5 * logDetCholesky(l, p) - 0.5 * rss;

  if (!derivatives) return { llML, llREML, beta, cov, score: [Number.NaN, Number.NaN], info: [Number.NaN, Number.NaN, Number.NaN] };
  // traces for score and information; G1 = block J, G2 = I
  let trQJ = 0, trQ = 0, tQJQJ = 0, tQJQ = 0, tQQ = 0, rJr = 0, rr = 0;
  const U1 = new Float64Array(p * p), U2 = new Float64Array(p * p);
  const S11 = new Float64Array(p * p), S12 = new Float64Array(p * p), S22 = new Float64Array(p * p);
  const xd2 = new Float64Array(p), xd3 = new Float64Array(p);
  const XD2X = new Float64Array(p * p), XD3X = new Float64Array(p * p);
  for (let b = 0; b < nb; b++) {
    const cb = c[b], S1 = sd1[b];
    let S2 = 0, S3 = 0, de = 0;
    xd2.fill(0); xd3.fill(0); XD2X.fill(0); XD3X.fill(0);
    for (let t = blocks.start[b]; t < blocks.start[b + 1]; t++) {
      const i = blocks.order[t];
      const d = 1 / (v[i] + s2);
      let f = 0;
      for (let a = 0; a < p; a++) f += X[i * p + a] * beta[a];
      de += d * (y[i] - f);
      S2 += d * d;
      S3 += d * d * d;
      for (let a = 0; a < p; a++) {
        const xa = X[i * p + a];
        xd2[a] += xa * d * d;
        xd3[a] += xa * d * d * d;
        for (let e = 0; e < p; e++) {
          XD2X[a * p + e] += xa * X[i * p + e] * d * d;
          XD3X[a * p + e] += xa * X[i * p + e] * d * d * d;
        }
      }
    }
    // r = Q e = d∘e − c·d·(dᵀe)
    let rsum = 0;
    for (let t = blocks.start[b]; t < blocks.start[b + 1]; t++) {
      const i = blocks.order[t];
      const d = 1 / (v[i] + s2);
      let f = 0;
      for (let a = 0; a < p; a++) f += X[i * p + a] * beta[a];
      const r = d * (y[i] - f) - cb * d * de;
      rsum += r;
      rr += r * r;
    }
    rJr += rsum * rsum;
    const aa = 1 - cb * S1;
    trQJ += aa * S1;
    trQ += S1 - cb * S2;
    tQJQJ += (aa * S1) ** 2;
    tQJQ += aa * aa * S2;
    tQQ += S2 - 2 * cb * S3 + cb * cb * S2 * S2;
    const xb = x1.subarray(b * p, b * p + p);
    for (let a = 0; a < p; a++) for (let e = 0; e < p; e++) {
      const o = a * p + e;
      U1[o] += aa * aa * xb[a] * xb[e];
      U2[o] += XD2X[o] - cb * (xd2[a] * xb[e] + xb[a] * xd2[e]) + cb * cb * S2 * xb[a] * xb[e];
      S11[o] += aa * aa * aa * S1 * xb[a] * xb[e];
      S12[o] += aa * aa * xb[a] * (xd2[e] - cb * S2 * xb[e]);
      S22[o] += XD3X[o] - cb * (xd3[a] * xb[e] + xd2[a] * xd2[e] + xb[a] * xd3[e])
        + cb * cb * S2 * (xd2[a] * xb[e] + xb[a] * xd2[e]) + (cb * cb * S3 - cb ** 3 * S2 * S2) * xb[a] * xb[e];
    }
  }
  const tr = (m: Float64Array) => { let s = 0; for (let a = 0; a < p; a++) for (let e = 0; e < p; e++) s += cov[a * p + e] * m[e * p + a]; return s; };
  const tr2 = (m1: Float64Array, m2: Float64Array) => {
    const a1 = mul(cov, m1, p), a2 = mul(cov, m2, p);
    let s = 0;
    for (let a = 0; a < p; a++) for (let e = 0; e < p; e++) s += a1[a * p + e] * a2[e * p + a];
    return s;
  };
  let score: [number, number];
  let info: [number, number, number];
  if (reml) {
    const S21 = transpose(S12, p);
    score = [-0.5 * (trQJ - tr(U1)) + 0.5 * rJr, -0.5 * (trQ - tr(U2)) + 0.5 * rr];
    info = [
      0.5 * (tQJQJ - 2 * tr(S11) + tr2(U1, U1)),
      0.5 * (tQJQ - tr(S21) - tr(S12) + tr2(U1, U2)),
      0.5 * (tQQ - 2 * tr(S22) + tr2(U2, U2)),
    ];
  } else {
    score = [-0.5 * trQJ + 0.5 * rJr, -0.5 * trQ + 0.5 * rr];
    info = [0.5 * tQJQJ, 0.5 * tQJQ, 0.5 * tQQ];
  }
  return { llML, llREML, beta, cov, score, info };
}

/** Negative Hessian of the log-likelihood by central (forward at the 0 bound) differences of the score. */
function observedInfo(theta: [number, number], score: (s1: number, s2: number) => [number, number]): [number, number, number] {
  const cols: [number, number][] = [];
  for (let l = 0; l < 2; l++) {
    const h = 1e-5 * Math.max(theta[l], 1e-3 * (theta[0] + theta[1]), 1e-10);
    const up: [number, number] = [theta[0], theta[1]];
    const dn: [number, number] = [theta[0], theta[1]];
    up[l] += h;
    if (theta[l] - h >= 0) dn[l] -= h;
    const su = score(up[0], up[1]);
    const sd = score(dn[0], dn[1]);
    const span = up[l] - dn[l];
    cols.push([-(su[0] - sd[0]) / span, -(su[1] - sd[1]) / span]);
  }
  return [cols[0][0], (cols[0][1] + cols[1][0]) / 2, cols[1][1]];
}

function mul(a: Float64Array, b: Float64Array, p: number): Float64Array {
  const o = new Float64Array(p * p);
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) { let s = 0; for (let t = 0; t < p; t++) s += a[i * p + t] * b[t * p + j]; o[i * p + j] = s; }
  return o;
}
function transpose(a: Float64Array, p: number): Float64Array {
  const o = new Float64Array(p * p);
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) o[j * p + i] = a[i * p + j];
  return o;
}

type Theta = [number, number];

interface Ascent {
  theta: Theta;
  cur: Evaluation;
  iterations: number;
  /** Projected Newton decrement gᵀI⁻¹g over the free components (log-likelihood units). */
  decrement: number;
  converged: boolean;
}

/** Newton direction on the free components; observed information when positive definite, else Fisher. */
function newtonStep(g: Theta, info: [number, number, number], free: boolean[]): Theta | null {
  const [a, b, d] = info;
  if (free[0] && free[1]) {
    const det = a * d - b * b;
    if (!(a > 0 && d > 0 && det > 0)) return null;
    return [(d * g[0] - b * g[1]) / det, (a * g[1] - b * g[0]) / det];
  }
  if (free[0]) return a > 0 ? [g[0] / a, 0] : null;
  if (free[1]) return d > 0 ? [0, g[1] / d] : null;
  return [0, 0];
}

/**
 * Projected Newton ascent on σ² ≥ 0 with step halving. A component at 0 whose score points
 * outwards is held there; when a projected step fails to raise the likelihood, the components the
 * step would push below 0 are fixed at 0 and the reduced step is tried. Stops when the change is
 * below 1e-12 (relative to max(1, σ²₁ + σ²₂)) or no step raises the likelihood (`converged` then
 * requires the Newton decrement below 1e-12·max(1, |ℓ|)). `fixed` components stay at their start.
 */
function newtonAscent(f: (t: Theta) => Evaluation, ll: (e: Evaluation) => number, start: Theta, maxIter: number, fixed = [false, false]): Ascent {
  let theta: Theta = [Math.max(0, start[0]), Math.max(0, start[1])];
  let cur = f(theta);
  let decrement = Infinity;
  for (let it = 0; it < maxIter; it++) {
    const g = cur.score;
    const free = [!fixed[0] && !(theta[0] === 0 && g[0] <= 0), !fixed[1] && !(theta[1] === 0 && g[1] <= 0)];
    const obs = observedInfo(theta, (t0, t1) => f([t0, t1]).score);
    const step = newtonStep(g, obs, free) ?? newtonStep(g, cur.info, free) ?? [free[0] ? g[0] / (Math.abs(cur.info[0]) || 1) : 0, free[1] ? g[1] / (Math.abs(cur.info[2]) || 1) : 0];
    decrement = Math.abs(step[0] * g[0] + step[1] * g[1]);
    const tries: Theta[] = [step];
    const hit = [theta[0] + step[0] < 0, theta[1] + step[1] < 0];
    if (hit[0] || hit[1]) {
      const reduced = newtonStep(g, obs, [free[0] && !hit[0], free[1] && !hit[1]]) ?? newtonStep(g, cur.info, [free[0] && !hit[0], free[1] && !hit[1]]);
      if (reduced) tries.push([hit[0] ? -theta[0] : reduced[0], hit[1] ? -theta[1] : reduced[1]]);
    }
    let next: Evaluation | null = null;
    let cand: Theta = theta;
    const base = ll(cur);
    search: for (const s of tries) {
      let factor = 1;
      for (let h = 0; h < 50; h++) {
        cand = [Math.max(0, theta[0] + factor * s[0]), Math.max(0, theta[1] + factor * s[1])];
        const e = f(cand);
        if (ll(e) > base || (ll(e) === base && (cand[0] !== theta[0] || cand[1] !== theta[1]))) { next = e; break search; }
        factor /= 2;
      }
    }
    if (next == null) return { theta, cur, iterations: it + 1, decrement, converged: decrement <= 1e-12 * Math.max(1, Math.abs(base)) };
    const change = Math.max(Math.abs(cand[0] - theta[0]), Math.abs(cand[1] - theta[1]));
    theta = cand;
    cur = next;
    if (change <= 1e-12 * Math.max(1, theta[0] + theta[1])) return { theta, cur, iterations: it + 1, decrement, converged: true };
  }
  return { theta, cur, iterations: maxIter, decrement, converged: false };
}

/**
 * Nelder–Mead (Nelder & Mead 1965, doi:10.1093/comjnl/7.4.308; standard coefficients 1, 2, ½, ½)
 * maximising ℓ over (σ₁, σ₂) ∈ ℝ², so σ² = (σ₁², σ₂²) needs no bound and the boundary 0 is an
 * ordinary point. Stops when the simplex's log-likelihoods agree to 1e-13·max(1, |ℓ|) and its
 * vertices to 1e-9 of `scale`, or after `maxEval` evaluations.
 */
function nelderMead(f: (t: Theta) => Evaluation, ll: (e: Evaluation) => number, start: Theta, scale: number, maxEval: number): { theta: Theta; evaluations: number } {
  const val = (u: Theta) => -ll(f([u[0] * u[0], u[1] * u[1]]));
  const u0: Theta = [Math.sqrt(start[0]), Math.sqrt(start[1])];
  const size = Math.sqrt(scale);
  const pts: Theta[] = [u0, [u0[0] + 0.5 * size, u0[1]], [u0[0], u0[1] + 0.5 * size]];
  const fv = pts.map(val);
  let evaluations = 3;
  const at = (a: Theta, b: Theta, t: number): Theta => [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
  while (evaluations < maxEval) {
    const idx = [0, 1, 2].sort((i, j) => fv[i] - fv[j]);
    const [bi, mi, wi] = idx;
    const spread = Math.max(Math.abs(pts[wi][0] - pts[bi][0]), Math.abs(pts[wi][1] - pts[bi][1]), Math.abs(pts[mi][0] - pts[bi][0]), Math.abs(pts[mi][1] - pts[bi][1]));
    if (fv[wi] - fv[bi] <= 1e-13 * Math.max(1, Math.abs(fv[bi])) && spread <= 1e-9 * size) break;
    const c: Theta = [(pts[bi][0] + pts[mi][0]) / 2, (pts[bi][1] + pts[mi][1]) / 2];
    const r = at(c, pts[wi], -1);
    const fr = val(r);
    evaluations++;
    if (fr < fv[bi]) {
      const e = at(c, pts[wi], -2);
      const fe = val(e);
      evaluations++;
      if (fe < fr) { pts[wi] = e; fv[wi] = fe; } else { pts[wi] = r; fv[wi] = fr; }
    } else if (fr < fv[mi]) {
      pts[wi] = r; fv[wi] = fr;
    } else {
      const outside = fr < fv[wi];
      const ct = at(c, outside ? r : pts[wi], 0.5);
      const fc = val(ct);
      evaluations++;
      if (fc < (outside ? fr : fv[wi])) { pts[wi] = ct; fv[wi] = fc; } else {
        for (const j of [mi, wi]) { pts[j] = at(pts[bi], pts[j], 0.5); fv[j] = val(pts[j]); evaluations++; }
      }
    }
  }
  let best = 0;
  for (let j = 1; j < 3; j++) if (fv[j] < fv[best]) best = j;
  return { theta: [pts[best][0] ** 2, pts[best][1] ** 2], evaluations };
}

/** One local maximisation: Newton from `init`, Nelder–Mead and Newton polish if that stalls. */
function climb(
  f: (t: Theta) => Evaluation, ll: (e: Evaluation) => number, init: Theta, scale: number, optimizer: 'newton' | 'nelder-mead',
): { theta: Theta; cur: Evaluation; iterations: number; converged: boolean; fallback: boolean } {
  let iterations = 0;
  let start = init;
  if (optimizer === 'newton') {
    const first = newtonAscent(f, ll, init, 100);
    if (first.converged) return { theta: first.theta, cur: first.cur, iterations: first.iterations, converged: true, fallback: false };
    iterations = first.iterations;
    start = first.theta;
  }
  const nm = nelderMead(f, ll, start, Math.max(scale, start[0] + start[1]), 2000);
  const polish = newtonAscent(f, ll, nm.theta, 100);
  iterations += nm.evaluations + polish.iterations;
  // Nelder–Mead approaches a boundary maximum only asymptotically: snap σ²ⱼ < 1e-8·scale to 0
  // when the score there points outwards and the likelihood does not drop
  for (let j = 0; j < 2; j++) {
    if (polish.theta[j] === 0 || polish.theta[j] >= 1e-8 * scale) continue;
    const t: Theta = [polish.theta[0], polish.theta[1]];
    t[j] = 0;
    const e = f(t);
    if (e.score[j] <= 0 && ll(e) >= ll(polish.cur) - 1e-12 * Math.max(1, Math.abs(ll(polish.cur)))) { polish.theta = t; polish.cur = e; }
  }
  if (optimizer === 'newton' && !polish.converged && ll(polish.cur) < ll(f(start))) return { theta: start, cur: f(start), iterations, converged: false, fallback: true };
  return { theta: polish.theta, cur: polish.cur, iterations, converged: polish.converged, fallback: optimizer === 'newton' };
}

/**
 * (RE)ML variance components. The three-level likelihood can have two local maxima (an interior
 * one and one on a boundary face), so after the climb from the moment start the search scans a
 * 17 × 17 grid (0 and s²_y·2^−j, j = −2, 0, …, 30, per component), climbs again from its best point
 * if that beats the climb, and maximises along each face σ²ⱼ = 0 from the face's best grid point; a
 * face maximum whose score points outwards is a local maximum of the whole problem, one whose score
 * points inwards starts another climb when the best maximum so far lies on a face. The highest
 * maximum wins; `other` is a lower local maximum when one was found.
 */
function maximise(
  f: (t: Theta) => Evaluation, value: (t: Theta) => Evaluation, ll: (e: Evaluation) => number, init: Theta, scale: number, optimizer: 'newton' | 'nelder-mead',
): { theta: Theta; cur: Evaluation; iterations: number; converged: boolean; fallback: boolean; other: Theta | null } {
  const levels = [0];
  for (let j = -2; j <= 30; j += 2) levels.push(scale * 2 ** -j);
  // best grid point overall and on each boundary face
  const best: { t: Theta; v: number }[] = [0, 1, 2].map(() => ({ t: init, v: -Infinity }));
  for (const a of levels) for (const b of levels) {
    const v = ll(value([a, b]));
    for (const g of [0, a === 0 ? 1 : -1, b === 0 ? 2 : -1]) if (g >= 0 && v > best[g].v) best[g] = { t: [a, b], v };
  }
  let top = climb(f, ll, init, scale, optimizer);
  let iterations = top.iterations + levels.length ** 2;
  let other: Theta | null = null;
  const tol = () => 1e-8 * Math.max(1, Math.abs(ll(top.cur)));
  if (best[0].v > ll(top.cur) + tol()) {
    const c = climb(f, ll, best[0].t, scale, optimizer);
    iterations += c.iterations;
    if (c.converged && ll(c.cur) > ll(top.cur) + tol()) { if (top.converged) other = top.theta; top = c; }
  }
  // a maximum on a face whose score points outwards is a local maximum of the whole problem
  for (let j = 0; j < 2; j++) {
    if (top.theta[j] === 0) continue;
    const fixed = [j === 0, j === 1];
    const t: Theta = [best[j + 1].t[0], best[j + 1].t[1]];
    if (t[1 - j] === 0) t[1 - j] = init[1 - j];
    const face = newtonAscent(f, ll, t, 100, fixed);
    iterations += face.iterations;
    if (!face.converged) continue;
    // an inward score leads off the face, possibly to an interior maximum the climb to a boundary
    // point missed: climb from there (needless when the best so far is interior)
    const inward = face.cur.score[j] > 0;
    if (inward && top.theta[0] > 0 && top.theta[1] > 0) continue;
    const cand = inward ? climb(f, ll, face.theta, scale, optimizer) : { theta: face.theta, cur: face.cur, iterations: 0, converged: true, fallback: false };
    iterations += cand.iterations;
    if (!cand.converged) continue;
    if (ll(cand.cur) > ll(top.cur) + tol()) {
      if (top.converged) other = top.theta;
      top = cand;
    } else if (ll(cand.cur) < ll(top.cur) - tol() && other == null) other = cand.theta;
  }
  return { ...top, iterations, other };
}

/**
 * Three-level meta-analysis (effect sizes nested in studies): yᵢⱼ = xᵢⱼβ + uⱼ + wᵢⱼ + eᵢⱼ with
 * uⱼ ~ N(0, σ²₁) between studies, wᵢⱼ ~ N(0, σ²₂) within studies and known eᵢⱼ ~ N(0, vᵢⱼ)
 * (Konstantopoulos 2011, doi:10.1002/jrsm.35; Van den Noortgate et al. 2013,
 * doi:10.3758/s13428-012-0261-6), as metafor's `rma.mv(yi, vi, random = ~ 1 | study/id)`
 * (Viechtbauer 2010, doi:10.18637/jss.v036.i03). σ² are estimated by (RE)ML with Newton steps
 * (observed information from the analytic score; Fisher scoring where that is not positive
 * definite) on the variance scale, projected onto σ² ≥ 0 with step halving, to |Δσ²| < 1e-12; a
 * climb that stalls falls back to Nelder–Mead on (σ₁, σ₂) and a Newton polish. Because the
 * likelihood can have a second local maximum on a face σ²ⱼ = 0, climbs also start from the best
 * point of a grid and of each face, and the highest maximum is reported (metafor's nlminb, from a
 * single start, can stop at the lower one; a note says so). Each evaluation costs O(k·p²) through
 * the Sherman–Morrison inverse of every study block. Tests are
 * z, or t with k − p df; Q_E is Cochran's Q with weights 1/vᵢ.
 * @example rmaThreeLevel({ yi, vi, study: studyid }).sigma2 // [0.02297, 0.03286] for dat.crede2010 (ZCOR, REML)
 */
export function rmaThreeLevel(opts: RmaThreeLevelOptions): RmaThreeLevelResult {
  const { yi, vi } = effectSizes(opts);
  const k = yi.length;
  if (opts.study.length !== k) throw new StatInputError(`study has ${opts.study.length} identifiers but there are ${k} effect sizes`);
  const method = opts.method ?? 'REML';
  const test = opts.test ?? 'z';
  const level = opts.level ?? 95;
  if (!(level > 0 && level < 100)) throw new StatInputError(`level must be in (0, 100) or (0, 1), got ${level}`);
  const alpha = level > 1 ? (100 - level) / 100 : 1 - level;
  const { X, p, intercept } = designMatrix(opts.mods, k);
  const blocks = groupBy(opts.study, k);
  const nStudies = blocks.start.length - 1;
  const notes: string[] = [];
  if (k - p < 2) throw new StatInputError(`three-level model needs k ≥ p + 2 effect sizes (k = ${k}, p = ${p})`);
  if (nStudies === k) throw new StatInputError('every study contributes one effect size: between- and within-study variances are not separately identified; fit rma() instead');
  if (nStudies === 1) throw new StatInputError('all effect sizes come from one study: the between-study variance is not identified; fit rma() instead');
  const reml = method === 'REML';
  const logDetXtX = weightedFit(X, k, p, new Float64Array(k), new Float64Array(k).fill(1)).logDet;
  const ll = (e: Evaluation) => (reml ? e.llREML : e.llML);

  let mean = 0, vm = 0;
  for (let i = 0; i < k; i++) { mean += yi[i]; vm += vi[i]; }
  mean /= k; vm /= k;
  let vy = 0;
  for (let i = 0; i < k; i++) vy += (yi[i] - mean) ** 2;
  vy /= k - 1;
  const init = Math.max(vy - vm, 0.01 * vy, 1e-8) / 2;
  const objective = (t: Theta) => evaluate(yi, vi, X, k, p, blocks, t[0], t[1], reml, logDetXtX);
  const value = (t: Theta) => evaluate(yi, vi, X, k, p, blocks, t[0], t[1], reml, logDetXtX, false);
  const fitted = maximise(objective, value, ll, [init, init], Math.max(vy, 1e-300), opts.optimizer ?? 'newton');
  const theta = fitted.theta;
  const cur = fitted.cur;
  const { iterations, converged } = fitted;
  if (fitted.other) notes.push(`the likelihood has a lower local maximum at σ² = (${fitted.other[0].toPrecision(6)}, ${fitted.other[1].toPrecision(6)}); the fit reports the higher one (metafor's rma.mv may stop at either)`);
  if (fitted.fallback) notes.push('Newton steps stalled; variance components located by Nelder–Mead on the square-root scale, then polished');
  if (theta[0] === 0) notes.push('between-study variance estimated at the boundary 0');
  if (theta[1] === 0) notes.push('within-study variance estimated at the boundary 0');

  const beta = Array.from(cur.beta);
  const se = beta.map((_, j) => Math.sqrt(cur.cov[j * p + j]));
  const zval = beta.map((b, j) => b / se[j]);
  const ddf = test === 't' ? k - p : null;
  const pval = zval.map((z) => (ddf == null ? 2 * pnorm(-Math.abs(z)) : 2 * pt(Math.abs(z), ddf, false)));
  const crit = ddf == null ? -qnorm(alpha / 2) : -qt(alpha / 2, ddf);
  const vb: number[][] = [];
  for (let a = 0; a < p; a++) vb.push(Array.from(cur.cov.subarray(a * p, a * p + p)));

  const btt = p > 1 && intercept ? Array.from({ length: p - 1 }, (_, j) => j + 1) : Array.from({ length: p }, (_, j) => j);
  const m = btt.length;
  const sub = new Float64Array(m * m);
  for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) sub[a * m + b] = cur.cov[btt[a] * p + btt[b]];
  const inv = spdInverse(sub, m);
  let QM = 0;
  for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) QM += beta[btt[a]] * inv[a * m + b] * beta[btt[b]];
  let QMp: number;
  if (ddf == null) QMp = pchisq(QM, m, false);
  else { QM /= m; QMp = pf(QM, m, ddf, false); }

  const wFE = vi.map((x) => 1 / x);
  const feFit = weightedFit(X, k, p, yi, wFE);
  const QE = Math.max(0, feFit.rss);
  const vt = (k - p) / projectionTraces(X, k, p, wFE, feFit.cov, vi).trP;
  const total = theta[0] + theta[1] + vt;
  const I2 = { between: (100 * theta[0]) / total, within: (100 * theta[1]) / total, total: (100 * (theta[0] + theta[1])) / total };
  const QEp = pchisq(QE, k - p, false);

  let predict: RmaPrediction | null = null;
  if (intercept && p === 1) {
    const s = Math.sqrt(se[0] ** 2 + theta[0] + theta[1]);
    predict = { pred: beta[0], se: se[0], ciLower: beta[0] - crit * se[0], ciUpper: beta[0] + crit * se[0], piLower: beta[0] - crit * s, piUpper: beta[0] + crit * s };
  }
  return {
    k, p, nStudies, method, test, level: 100 * (1 - alpha),
    beta, se, zval, pval,
    ciLower: beta.map((b, j) => b - crit * se[j]),
    ciUpper: beta.map((b, j) => b + crit * se[j]),
    vb, ddf, sigma2: theta,
    logLik: { ML: cur.llML, REML: cur.llREML },
    QE, QEdf: k - p, QEp, QM, QMdf: [m, ddf], QMp, I2, weights: marginalWeights(vi, blocks, theta), predict, converged, iterations, notes,
  };
}

/**
 * The diagonal of the inverse marginal covariance matrix, in percent of its sum. Each study's
 * block D + σ²₁·11ᵀ (D = diag(vᵢ + σ²₂)) is inverted by Sherman–Morrison, whose diagonal is
 * 1/dᵢ − σ²₁/(dᵢ²·(1 + σ²₁·Σⱼ 1/dⱼ)).
 */
function marginalWeights(vi: ArrayLike<number>, blocks: Blocks, theta: Theta): Float64Array {
  const w = new Float64Array(vi.length);
  let total = 0;
  for (let b = 0; b + 1 < blocks.start.length; b++) {
    let sumInv = 0;
    for (let j = blocks.start[b]; j < blocks.start[b + 1]; j++) sumInv += 1 / (vi[blocks.order[j]] + theta[1]);
    const shrink = theta[0] / (1 + theta[0] * sumInv);
    for (let j = blocks.start[b]; j < blocks.start[b + 1]; j++) {
      const i = blocks.order[j];
      const inv = 1 / (vi[i] + theta[1]);
      w[i] = inv - shrink * inv * inv;
      total += w[i];
    }
  }
  for (let i = 0; i < w.length; i++) w[i] = (100 * w[i]) / total;
  return w;
}
