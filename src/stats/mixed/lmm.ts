import { quickVariance } from '../descriptive/index.ts';
import { ptTwoSided, qt } from '../distributions/index.ts';
import { StatInputError } from '../errors.ts';
import { spdInverse } from '../linalg/index.ts';
import { solveLinear } from '../linalg/solve-linear.ts';
import { createDeviance } from './create-deviance.ts';
import { alternativeStarts } from './alternative-starts.ts';
import { nelderMeadBounded, type NelderMeadOptions, type NelderMeadResult } from './nelder-mead-bounded.ts';
import { polishNewton } from './polish-newton.ts';
import { richardsonHessian } from './richardson-hessian.ts';
import { richardsonJacobian } from './richardson-jacobian.ts';
import { satterthwaiteDf } from './satterthwaite-df.ts';
import type { LmmFixed, MixedModel } from './types.ts';

export interface LmmOptions {
  /** Restricted maximum likelihood (default) or maximum likelihood. */
  REML?: boolean;
  /** Confidence level of the fixed-effect intervals (default 0.95). */
  level?: number;
  /** Compute Satterthwaite degrees of freedom (default true); otherwise df = Infinity (Wald z). */
  satterthwaite?: boolean;
  /** Tolerance on diagonal θ below which the fit is flagged singular (lme4's isSingular, 1e-4). */
  singularTol?: number;
  /** Maximum number of deviance evaluations of the optimiser (default 50 000). */
  maxEval?: number;
  /**
   * Told how a long fit is getting on (`fitting: 1,200 deviance evaluations in 35 s so far`), at most once
   * every `progressEverySeconds` (default 5): a model with many levels can take minutes.
   */
  progress?: (message: string) => void;
  progressEverySeconds?: number;
}

/** One row of lme4's `as.data.frame(VarCorr(fit))`. */
export interface LmmRandom {
  group: string;
  term1: string | null;
  /** Second term of a covariance; null for a variance. */
  term2: string | null;
  /** Variance, or covariance when term2 is set. */
  variance: number;
  /** Standard deviation (null for a covariance). */
  sd: number | null;
  /** Correlation (null for a variance). */
  corr: number | null;
}

export interface LmmRanef {
  group: string;
  levels: string[];
  terms: string[];
  /** Conditional modes, levels × terms row-major (lme4 `ranef`). */
  values: Float64Array;
}

export interface LmmResult {
  formula: string;
  REML: boolean;
  fixedNames: string[];
  fixed: Record<string, LmmFixed>;
  /** Confidence level of the fixed effects' ciLower and ciUpper. */
  level: number;
  /** var(β̂), p × p row-major in fixedNames order. */
  vcovBeta: Float64Array;
  random: LmmRandom[];
  sigma2: number;
  logLik: number;
  /** REML criterion (REML fits; null for ML). */
  REMLcriterion: number | null;
  /** −2 log-likelihood (ML fits; null for REML, as lme4 prints them). */
  deviance: number | null;
  AIC: number;
  BIC: number;
  /** Number of parameters: fixed effects, θ and σ. */
  npar: number;
  nobs: number;
  /** Rows dropped by listwise deletion when building the model. */
  dropped: number;
  ngroups: Record<string, number>;
  converged: boolean;
  singular: boolean;
  optimizer: { name: string; evaluations: number; restarts: number; objective: number };
  /** Relative covariance factor parameters, in lme4's order (getME(fit, "theta")). */
  theta: Float64Array;
  ranef: LmmRanef[];
  /** ICC of each random intercept: its variance over the sum of intercept variances and σ². */
  icc: { group: string; icc: number }[];
  /**
   * Ingredients of the Satterthwaite df for any contrast (see `contrastTest`): φ = (θ, σ), A = 2H⁻¹
   * ((k+1) × (k+1)), and ∂var(β̂)/∂φ_k. Null when switched off or unavailable, or without fixed effects.
   */
  satterthwaite: { varpar: Float64Array; vcovVarpar: Float64Array; jacobian: Float64Array[] } | null;
  warnings: string[];
}

/**
 * Refuses a random term whose covariance the criterion does not depend on: with the term's θ set to 0
 * and to 4·I (a standard deviation four times the residual one), the other terms at `theta`, the
 * deviance is the same to 1e-8 relative. That happens under REML when the term's columns lie in the span of the fixed effects
 * (a fixed factor nested in the grouping factor absorbs every group's mean), where any variance is an
 * optimum; lme4 returns the optimiser's last value with the warning "Hessian is numerically
 * singular: parameters are not uniquely determined". A real effect, however small, changes the
 * criterion by far more between those two values.
 */
function refuseUnidentifiedTerms(model: MixedModel, dev: ReturnType<typeof createDeviance>, theta: Float64Array, REML: boolean): void {
  for (const blk of dev.blocks) {
    for (const bar of blk.bars) {
      const zero = theta.slice();
      const wide = theta.slice();
      let k = bar.thetaOffset;
      for (let j = 0; j < bar.q; j++)
        for (let i = j; i < bar.q; i++, k++) {
          zero[k] = 0;
          wide[k] = i === j ? 4 : 0;
        }
      const d0 = dev.deviance(zero, REML);
      const d1 = dev.deviance(wide, REML);
      if (Math.abs(d0 - d1) <= 1e-8 * Math.max(1, Math.abs(d0))) {
        const rt = model.random[bar.term]!;
        throw new StatInputError(
          `the random effects (${rt.termNames.map((t) => (t === '(Intercept)' ? '1' : t)).join(' + ')} | ${rt.groupLabel}) are not identified: the ${REML ? 'REML criterion' : 'likelihood'} is the same whatever their variance, because the fixed effects already span them (e.g. a fixed factor nested in ${rt.groupLabel} gives every ${rt.groupLabel} its own mean). lme4 fits such a model with the warning "Hessian is numerically singular"; drop the random term or the fixed effect that absorbs it`,
        );
      }
    }
  }
}

/**
 * Fits a linear mixed model by (restricted) maximum likelihood as lme4's `lmer` does (Bates,
 * Mächler, Bolker & Walker 2015, J. Stat. Softw. 67(1), https://doi.org/10.18637/jss.v067.i01):
 * β and σ² are profiled out and the profiled deviance is minimised over θ, the parameters of the
 * relative covariance factor Λ_θ (diagonal θ ≥ 0), with a bounded Nelder–Mead simplex followed by
 * projected Newton steps (converged = the Newton decrement at the end is below 1e-6·|deviance|;
 * otherwise a tight simplex search runs before the flag is set). Models with a correlated random-effect
 * bar then restart from mirrored and rank-one versions of the optimum (`alternativeStarts`) and keep the
 * lowest deviance, as the search is local. For fitting costs see
 * `createDeviance`: one grouping factor never forms an n × n or q × q matrix. Fixed effects
 * are tested with t statistics on Satterthwaite (1946, https://doi.org/10.2307/3002019) degrees of
 * freedom computed as lmerTest does (Kuznetsova, Brockhoff & Christensen 2017, J. Stat. Softw.
 * 82(13), https://doi.org/10.18637/jss.v082.i13): the gradient of var(β̂_j) and the inverse Hessian
 * of the deviance in (θ, σ) by Richardson-extrapolated numerical derivatives. Confidence intervals are
 * β̂ ± t(level, df)·SE. The singular flag follows lme4's isSingular (a diagonal θ below 1e-4).
 * Assumes normal random effects and residuals, and a full-rank X. Throws StatInputError for an
 * outcome that does not vary. When the residual variance is below 1e-10 · var(y) (an exact fit,
 * where lme4 fails its convergence checks and lmerTest stops), sets converged to false and warns.
 * Also warns when predictors are on very different scales (lme4's check.scaleX). A model without
 * fixed effects (p = 0, `y ~ 0 + (1 | g)`) is fitted as lme4 fits it: `fixed` is empty, vcovBeta
 * has no entries, npar counts θ and σ, and the REML criterion, with log|R_X|² = 0 and n − p = n, is
 * the ML deviance (lme4 then fits by ML whatever REML says and labels the fit so; here REML and
 * REMLcriterion stay as asked, the same numbers).
 * @example lmm(buildModel('Reaction ~ Days + (Days | Subject)', sleepstudy)).fixed.Days.estimate // 10.467285959595 (lme4)
 */
export function lmm(model: MixedModel, opts: LmmOptions = {}): LmmResult {
  const { REML = true, level = 0.95, satterthwaite = true, singularTol = 1e-4, maxEval = 50_000 } = opts;
  if (!(level > 0 && level < 1)) throw new StatInputError(`confidence level must be in (0, 1), got ${level}`);
  const { nobs: n, p } = model;
  const yVar = model.y.every((v) => v === model.y[0]) ? 0 : quickVariance(model.y);
  if (!(yVar > 0)) throw new StatInputError(`the outcome ${model.formula.response} does not vary (all values equal): no model to fit`);
  const dev = createDeviance(model);
  const warnings: string[] = [];
  if (onDifferentScales(model.X, n, p)) warnings.push('some predictors are on very different scales (a standard deviation outside 0.001–1000, or two 1000-fold apart; lme4 warns alike): consider rescaling them');
  for (const b of dev.blocks) {
    // lme4 stops alike ("grouping factors must have > 1 sampled level"): with one level the factor's
    // variance leaves the REML criterion unchanged, so any value of it is an optimum
    if (b.nLevels < 2) throw new StatInputError(`grouping factor '${b.groupLabel}' has only ${b.nLevels} level in the data; a random effect needs at least 2 (drop the term, e.g. when the data hold one site)`);
    if (b.nLevels * b.q >= n) throw new StatInputError(`grouping factor '${b.groupLabel}' has ${b.nLevels} levels × ${b.q} terms for only ${n} observations; the random effects are unidentifiable`);
  }

  // before the search, which would only wander on a flat criterion
  refuseUnidentifiedTerms(model, dev, dev.start, REML);
  const tick = progressTicker(opts.progress, opts.progressEverySeconds ?? 5);
  // the search runs in the data's units too (thetaScales): at a covariate × 1e3 it stopped short of the optimum
  const cTheta = thetaScales(model, dev.start.length);
  const objectiveFn = (ps: Float64Array) => (tick('fitting'), dev.deviance(ps.map((v, i) => v * cTheta[i]), REML));
  const opt = searchTheta(objectiveFn, dev.start.map((v, i) => v / cTheta[i]), dev.lower, maxEval);
  // A local search can stop at a local minimum of a bar with several terms (randomized audits against
  // lme4 found one in 30 to 300 small random-slope fits), so restart from other starts. They add about
  // 150 evaluations; when one evaluation factors more than 10 000 blocks (e.g. 100 000 patients whose
  // slope covariate differs in every level, or a second grouping factor of many levels) they would add
  // 40 % to the time and are left out: those samples are large, where no such case was found.
  if (dev.evaluationSize <= 10_000) restartFromAlternatives(objectiveFn, opt, dev.lower, model.random.map((rt) => rt.q), maxEval);
  const theta = opt.x.map((v, i) => v * cTheta[i]);
  const parts = dev.parts(theta);
  const beta = parts.beta.slice();
  const dfRes = REML ? n - p : n;
  const sigma2 = parts.pwrss / dfRes;
  const sigma = Math.sqrt(sigma2);
  const objective = dev.deviance(theta, REML);
  const vcovOf = (xtx: Float64Array, s2: number) => spdInverse(xtx, p).map((v) => v * s2);
  const vcovBeta = vcovOf(parts.xtxSchur, sigma2);
  // An exact fit has no likelihood optimum (the deviance falls without bound as σ → 0): lme4's
  // convergence checks fail on it and lmerTest stops, so it is never reported as converged.
  if (sigma2 < 1e-10 * yVar) {
    opt.converged = false;
    warnings.push('the model fits the data exactly (residual variance zero), so it did not converge (lme4 fails its convergence checks on such data): its standard errors, tests and variance components are meaningless');
  } else if (!opt.converged) warnings.push(`optimiser stopped after ${opt.evaluations} evaluations without converging`);

  let singular = false;
  for (let i = 0; i < theta.length; i++) if (dev.lower[i] === 0 && theta[i] < singularTol) singular = true;
  if (singular) warnings.push('boundary (singular) fit: a random-effect variance is estimated as zero or a correlation as ±1');

  const dfs = new Float64Array(p).fill(Infinity);
  let satt: LmmResult['satterthwaite'] = null;
  // without fixed effects (y ~ 0 + (1 | g)) there is nothing to test: the Hessian would be wasted work
  if (satterthwaite && p > 0) {
    const k = theta.length;
    const varpar = Float64Array.from([...theta, sigma]);
    // the deviance pieces depend on θ only; σ enters explicitly, so cache by θ
    const cache = new Map<string, { ldL2: number; ldRX2: number; pwrss: number; xtxInv: Float64Array }>();
    const partsAt = (th: Float64Array) => {
      const key = th.join(',');
      let c = cache.get(key);
      if (!c) {
        tick('Satterthwaite degrees of freedom');
        const d = dev.parts(th);
        c = { ldL2: d.ldL2, ldRX2: d.ldRX2, pwrss: d.pwrss, xtxInv: spdInverse(d.xtxSchur, p) };
        cache.set(key, c);
      }
      return c;
    };
    const devVp = (vp: Float64Array) => {
      const th = vp.subarray(0, k);
      const s2 = vp[k] * vp[k];
      const d = partsAt(th);
      let v = d.ldL2 + d.pwrss / s2 + n * Math.log(2 * Math.PI * s2);
      if (REML) v += d.ldRX2 - p * Math.log(2 * Math.PI * s2);
      return v;
    };
    // The derivatives are taken in ψ = φ / c (see thetaScales; σ in units of itself), where numDeriv's steps do not depend
    // on the units of the data, and carried back to φ exactly: H_φ = C⁻¹ H_ψ C⁻¹, ∂V/∂φ_k = ∂V/∂ψ_k / c_k.
    const c = Float64Array.of(...cTheta, sigma > 0 && Number.isFinite(sigma) ? sigma : 1);
    const psi = varpar.map((v, i) => v / c[i]);
    const unscaled = (ps: Float64Array) => ps.map((v, i) => v * c[i]);
    const H = richardsonHessian((ps) => devVp(unscaled(ps)), psi);
    const eye = new Float64Array((k + 1) * (k + 1));
    for (let i = 0; i <= k; i++) eye[i * (k + 1) + i] = 2;
    let A: Float64Array | null = null;
    try {
      A = solveLinear(H, k + 1, eye, k + 1);
      for (let i = 0; i <= k; i++) for (let j = 0; j <= k; j++) A[i * (k + 1) + j] *= c[i] * c[j];
    } catch {
      warnings.push('Satterthwaite df unavailable: the deviance Hessian in (θ, σ) is singular');
    }
    if (A) {
      const J = richardsonJacobian((ps) => {
        const vp = unscaled(ps);
        const s2 = vp[k] * vp[k];
        return partsAt(vp.subarray(0, k)).xtxInv.map((v) => v * s2);
      }, psi).map((Jk, i) => Jk.map((v) => v / c[i]));
      satt = { varpar, vcovVarpar: A, jacobian: J };
      for (let j = 0; j < p; j++) {
        const L = new Float64Array(p);
        L[j] = 1;
        dfs[j] = satterthwaiteDf(L, vcovBeta, J, A, p);
      }
    }
  }

  const fixed: Record<string, LmmFixed> = {};
  model.fixedNames.forEach((name, j) => {
    const se = Math.sqrt(vcovBeta[j * p + j]);
    const t = beta[j] / se;
    const df = dfs[j];
    const crit = qt(1 - (1 - level) / 2, df);
    fixed[name] = { estimate: beta[j], se, df, t, p: ptTwoSided(t, df), ciLower: beta[j] - crit * se, ciUpper: beta[j] + crit * se };
  });

  // variance components per bar, lme4's as.data.frame(VarCorr) layout and group naming
  const random: LmmRandom[] = [];
  const seen = new Map<string, number>();
  const icc: { group: string; icc: number }[] = [];
  let thetaOff = 0;
  for (const rt of model.random) {
    const q = rt.q;
    const T = new Float64Array(q * q);
    for (let j = 0; j < q; j++) for (let i = j; i < q; i++) T[i * q + j] = theta[thetaOff++];
    const S = new Float64Array(q * q);
    for (let i = 0; i < q; i++)
      for (let j = 0; j < q; j++) {
        let s = 0;
        for (let m = 0; m < q; m++) s += T[i * q + m] * T[j * q + m];
        S[i * q + j] = s * sigma2;
      }
    const nSeen = seen.get(rt.groupLabel) ?? 0;
    seen.set(rt.groupLabel, nSeen + 1);
    const group = nSeen === 0 ? rt.groupLabel : `${rt.groupLabel}.${nSeen}`;
    for (let i = 0; i < q; i++) {
      random.push({ group, term1: rt.termNames[i], term2: null, variance: S[i * q + i], sd: Math.sqrt(S[i * q + i]), corr: null });
      if (rt.termNames[i] === '(Intercept)') icc.push({ group, icc: S[i * q + i] });
    }
    for (let j = 0; j < q; j++)
      for (let i = j + 1; i < q; i++) {
        // from the rows of the relative factor T (Σ = σ²TT'), not from Σ: at a boundary (T's last
        // entry 0) the row norms are |entries| exactly, so the correlation is exactly ±1 as lme4
        // prints it; through Σ's rounding it came out −0.9999999999999999 or −1.0000000000000002
        let dot = 0;
        let ni = 0;
        let nj = 0;
        for (let m = 0; m < q; m++) {
          dot += T[i * q + m] * T[j * q + m];
          ni += T[i * q + m] ** 2;
          nj += T[j * q + m] ** 2;
        }
        const den = Math.sqrt(ni) * Math.sqrt(nj);
        random.push({ group, term1: rt.termNames[j], term2: rt.termNames[i], variance: S[i * q + j], sd: null, corr: den > 0 ? Math.min(1, Math.max(-1, dot / den)) : 0 });
      }
  }
  random.push({ group: 'Residual', term1: null, term2: null, variance: sigma2, sd: sigma, corr: null });
  const totalIcc = icc.reduce((s, r) => s + r.icc, sigma2);
  for (const r of icc) r.icc /= totalIcc;

  const modes = dev.modes(theta);
  const ranef: LmmRanef[] = dev.blocks.map((blk, b) => ({
    group: blk.groupLabel,
    levels: blk.levels,
    terms: blk.bars.flatMap((br) => model.random[br.term].termNames),
    values: modes[b],
  }));
  const ngroups: Record<string, number> = {};
  for (const blk of dev.blocks) ngroups[blk.groupLabel] = blk.nLevels;

  const npar = p + theta.length + 1;
  const logLik = -objective / 2;
  return {
    formula: model.formula.formula,
    REML,
    fixedNames: model.fixedNames.slice(),
    fixed,
    level,
    vcovBeta,
    random,
    sigma2,
    logLik,
    REMLcriterion: REML ? objective : null,
    deviance: REML ? null : objective,
    AIC: -2 * logLik + 2 * npar,
    BIC: -2 * logLik + npar * Math.log(n),
    npar,
    nobs: n,
    dropped: model.dropped,
    ngroups,
    converged: opt.converged,
    singular,
    optimizer: { name: 'bounded Nelder-Mead + Newton polish', evaluations: opt.evaluations, restarts: opt.restarts, objective },
    theta: Float64Array.from(theta),
    ranef,
    icc,
    satterthwaite: satt,
    warnings,
  };
}

/**
 * Units of θ for the search and, with σ in units of its own value, of φ = (θ, σ) for the
 * numerical derivatives of the Satterthwaite df. numDeriv's steps,
 * which lmerTest takes in φ itself, are 0.1·|φ_k| but an absolute 1e-4 when |φ_k| < 1.78e-5, so a
 * parameter that is small only because of the data's units (θ of a slope on a covariate in
 * microdays, σ of a response in 1e-9 units) was stepped across zero and its df came out near 0 with
 * an infinite interval. Here θ's entries in row i of a bar's relative covariance factor are in units
 * of 1 / rms(Z column i) (an intercept's are unchanged) and σ in units of its own value, so each
 * step is 0.1 of the parameter whatever the units. Where lmerTest's steps are relative (every
 * parameter at least 1.78e-5 in those units) they are the same steps, so the same df; the df of
 * L'β̂ are invariant to this linear change of parameters (Satterthwaite 1946), only the arithmetic
 * of the differences changes. θ's entries are stored bar by bar, column by column of the factor's
 * lower triangle (lme4's order).
 */
function thetaScales(model: MixedModel, nTheta: number): Float64Array {
  const c = new Float64Array(nTheta);
  let off = 0;
  for (const rt of model.random) {
    const q = rt.q;
    const rms = new Float64Array(q);
    for (let r = 0; r < model.nobs; r++) for (let i = 0; i < q; i++) rms[i] += rt.Z[r * q + i] ** 2;
    for (let i = 0; i < q; i++) rms[i] = Math.sqrt(rms[i] / model.nobs);
    for (let j = 0; j < q; j++) for (let i = j; i < q; i++) c[off++] = rms[i] > 0 && Number.isFinite(rms[i]) ? 1 / rms[i] : 1;
  }
  if (off !== nTheta) throw new Error(`thetaScales: ${off} θ entries for ${nTheta} parameters`);
  return c;
}

/**
 * A counter of deviance evaluations that tells `progress` the phase, the count and the seconds
 * since the fit began, at most once every `everySeconds`; a no-op without `progress`.
 */
function progressTicker(progress: ((message: string) => void) | undefined, everySeconds: number): (phase: string) => void {
  if (!progress) return () => {};
  const started = performance.now();
  let last = started;
  let evaluations = 0;
  return (phase) => {
    evaluations++;
    const now = performance.now();
    if (now - last < everySeconds * 1000) return;
    last = now;
    progress(`${phase}: ${evaluations.toLocaleString('en-US')} deviance evaluations in ${Math.round((now - started) / 1000)} s so far`);
  };
}

/** The first, coarse simplex search from a start (then Newton refines). */
const coarseSearch = (maxEval: number): NelderMeadOptions => ({ maxEval, xtol: 1e-2, ftolAbs: Infinity, maxRestarts: 0 });

/**
 * Local search for θ from a start: a coarse simplex search (or the one given), then Newton steps on
 * the smooth profiled deviance. If Newton does not end with a small decrement (indefinite Hessian far
 * from the optimum), a tight simplex search continues from the best point and Newton polishes again.
 */
function searchTheta(f: (x: Float64Array) => number, start: Float64Array, lower: Float64Array, maxEval: number, coarse?: NelderMeadResult) {
  const nm = coarse ?? nelderMeadBounded(f, start, lower, undefined, coarseSearch(maxEval));
  let pol = polishNewton(f, nm.x, lower);
  const small = () => 1e-6 * Math.max(1, Math.abs(pol.fval));
  const opt = { converged: nm.converged && pol.decrement <= small(), evaluations: (coarse ? 0 : nm.evaluations) + pol.evaluations, restarts: coarse ? 0 : nm.restarts };
  // a tight simplex search from x, then Newton; the result replaces the current point
  const searchAgainFrom = (x: Float64Array) => {
    const fin = nelderMeadBounded(f, x, lower, undefined, { maxEval, step: 0.05 });
    pol = polishNewton(f, fin.x, lower);
    opt.converged = fin.converged && (pol.decrement <= small() || pol.steps === 0);
    opt.evaluations += fin.evaluations + pol.evaluations;
    opt.restarts += fin.restarts + 1;
  };
  if (!opt.converged) searchAgainFrom(pol.x);
  // The profiled deviance is even in each diagonal θ, so a diagonal θ at its bound 0 is always a
  // stationary point and can stop both searches although the optimum is inside; probe inward along
  // each such coordinate and search again from any better point (lme4's bobyqa escapes the same way).
  for (let round = 0; round < 3; round++) {
    const inward = probeInward(f, pol.x, lower, pol.fval);
    if (!inward) break;
    searchAgainFrom(inward);
  }
  return { ...opt, x: pol.x, fval: pol.fval };
}

/**
 * Restarts the search from `alternativeStarts` of the optimum (mirrored and rank-one versions of each
 * bar with several terms) and keeps the lowest deviance, updating opt in place; when a start leads
 * lower, the starts of the new optimum are tried too (at most three rounds). A coarse simplex run from
 * each start decides whether it leads elsewhere; only then is its point refined.
 */
function restartFromAlternatives(
  f: (x: Float64Array) => number,
  opt: ReturnType<typeof searchTheta>,
  lower: Float64Array,
  barSizes: number[],
  maxEval: number,
): void {
  const tried: Float64Array[] = [opt.x];
  for (let round = 0; round < 3; round++) {
    let improved = false;
    for (const start of alternativeStarts(opt.x, barSizes)) {
      if (tried.some((t) => t.every((v, i) => v === start[i]))) continue;
      tried.push(start);
      const coarse = nelderMeadBounded(f, start, lower, undefined, coarseSearch(maxEval));
      opt.evaluations += coarse.evaluations;
      opt.restarts++;
      if (!(coarse.fval < opt.fval) && sameBasin(coarse.x, opt.x, lower)) continue;
      const alt = searchTheta(f, coarse.x, lower, maxEval, coarse);
      opt.evaluations += alt.evaluations;
      opt.restarts += alt.restarts;
      if (alt.fval < opt.fval - 1e-10 * Math.max(1, Math.abs(opt.fval))) {
        Object.assign(opt, { x: alt.x, fval: alt.fval, converged: alt.converged });
        tried.push(alt.x);
        improved = true;
      }
    }
    if (!improved) break;
  }
}

/**
 * Whether the coarse search from a restart ended where the search had already converged: every θ
 * within 0.05 · max(1, |θ|) (a few times the coarse search's tolerance) and the same diagonal θ at
 * their bound 0. Another set of zero diagonals is another face of the boundary, where the inward
 * probe moves differently, so such a point is refined even when it is close.
 */
function sameBasin(x: Float64Array, opt: Float64Array, lower: Float64Array): boolean {
  for (let i = 0; i < x.length; i++) {
    if (Math.abs(x[i] - opt[i]) > 0.05 * Math.max(1, Math.abs(opt[i]))) return false;
    if ((x[i] <= lower[i]) !== (opt[i] <= lower[i])) return false;
  }
  return true;
}

/**
 * lme4's check.scaleX rule (lmerControl, default "warning", tol 1000): among the columns of X that
 * are not all 0/1, a standard deviation above 1000 or below 1/1000, or two whose ratio exceeds 1000.
 */
function onDifferentScales(X: Float64Array, n: number, p: number): boolean {
  const sds: number[] = [];
  // one plain loop per column copies it and tells 0/1 and constant columns apart (callbacks per
  // value cost about 0.4 s on a 1.3 M × 5 matrix, on every fit)
  const col = new Float64Array(n);
  for (let j = 0; j < p; j++) {
    let binary = true;
    let constant = true;
    const first = X[j];
    for (let i = 0; i < n; i++) {
      const v = X[i * p + j];
      col[i] = v;
      if (v !== 0 && v !== 1) binary = false;
      if (v !== first) constant = false;
    }
    if (!binary) sds.push(constant ? 0 : Math.sqrt(quickVariance(col)));
  }
  if (sds.length === 0) return false;
  const lo = Math.min(...sds);
  const hi = Math.max(...sds);
  return lo < 1e-3 || hi > 1e3 || hi > 1e3 * lo;
}

/**
 * A point with lower deviance obtained by moving one diagonal θ that sits at its bound inward, or
 * null. θ holds each block's Cholesky factor column by column (a diagonal entry, bound 0, then the
 * entries below it, unbounded). While a diagonal entry is 0 the sign of the entries below it does
 * not change the deviance, yet moving the diagonal inward gives a covariance of that sign; so each
 * step is tried with those entries as they are and negated: an optimum with a correlation of −1
 * can lie on the far side (found by a randomized audit against lme4).
 */
function probeInward(f: (x: Float64Array) => number, x: Float64Array, lower: ArrayLike<number>, fx: number): Float64Array | null {
  const tol = 1e-10 * Math.max(1, Math.abs(fx));
  for (let i = 0; i < x.length; i++) {
    if (!(x[i] <= lower[i] + 1e-12)) continue;
    let below = i + 1;
    while (below < x.length && lower[below] === -Infinity) below++;
    const signs = below > i + 1 ? [1, -1] : [1];
    for (const t of [1e-3, 1e-2, 3e-2, 0.1, 0.3, 1]) {
      for (const sign of signs) {
        const y = x.slice();
        y[i] = lower[i] + t;
        for (let k = i + 1; k < below; k++) y[k] = sign * x[k];
        if (f(y) < fx - tol) return y;
      }
    }
  }
  return null;
}
