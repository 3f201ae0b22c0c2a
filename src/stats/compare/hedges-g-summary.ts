import { qnorm } from '../distributions/index.ts';
import { StatInputError } from '../errors.ts';
import { unitScaleFactors } from '../correlation/unit-scaled.ts';
import { smdVariance } from './smd-variance.ts';

/** Standardized mean difference of two independent groups with its small-sample correction. */
export interface HedgesG {
  n1: number;
  n2: number;
  /** Cohen's d with the pooled SD: (m₁ − m₂)/s_p. */
  d: number;
  /** Exact correction J = Γ(m/2)/(√(m/2)·Γ((m−1)/2)), m = n₁ + n₂ − 2. */
  j: number;
  /** g = J·d. */
  g: number;
  /** Sampling variance 1/n₁ + 1/n₂ + g²/(2(n₁ + n₂)) and its square root. */
  variance: number;
  se: number;
  /** Wald interval g ± z·se. */
  ciLower: number;
  ciUpper: number;
  level: number;
}

/**
 * Hedges' g from group summaries (means, SDs with the n − 1 denominator, sizes): Hedges (1981),
 * https://doi.org/10.3102/10769986006002107, exact J = Γ(m/2)/(√(m/2)·Γ((m−1)/2)), g = J·d;
 * variance by Hedges & Olkin (1985) eq. 5.15 (`smdVariance`) and a Wald interval — metafor's
 * `escalc(measure = "SMD", m1i, sd1i, n1i, m2i, sd2i, n2i)`. `hedgesG` calls this on raw data.
 * Exact at any scale: SDs and mean differences far from 1 are brought to unit scale by a power of
 * two first (d does not depend on scale). Throws StatInputError for n < 2, non-finite or negative
 * inputs, zero pooled SD or a level outside (0, 1).
 * @example hedgesGSummary({ m1: 3, sd1: 1.5811388300841898, n1: 5, m2: 4.5, sd2: 1.8708286933869707, n2: 6 }).g // -0.7842…
 */
export function hedgesGSummary(
  s: { m1: number; sd1: number; n1: number; m2: number; sd2: number; n2: number },
  level = 0.95,
): HedgesG {
  const { m1, sd1, n1, m2, sd2, n2 } = s;
  if (![m1, sd1, m2, sd2].every(Number.isFinite) || sd1 < 0 || sd2 < 0)
    throw new StatInputError(`means and SDs must be finite, SDs ≥ 0 (got ${m1}, ${sd1}, ${m2}, ${sd2})`);
  if (!(n1 >= 2 && n2 >= 2) || !Number.isFinite(n1 + n2)) throw new StatInputError(`group sizes must be at least 2, got ${n1} and ${n2}`);
  if (!(level > 0 && level < 1)) throw new StatInputError(`level must be in (0, 1), got ${level}`);
  const m = n1 + n2 - 2;
  // Far from unit scale (SDs or the mean difference beyond 2^±230), the half difference and the
  // SDs are first brought to it by a power of two, which d does not depend on: sd² of 1e170 is
  // beyond the double range (R's escalc then gives d = 0) and of 1e-170 below it (d = ±Inf).
  const f = unitScaleFactors(Math.max(sd1, sd2, Math.abs(m1 * 0.5 - m2 * 0.5)));
  const [s1, s2, diff] = f ? [sd1 * f[0] * f[1], sd2 * f[0] * f[1], 2 * ((m1 * 0.5 - m2 * 0.5) * f[0] * f[1])] : [sd1, sd2, m1 - m2];
  const sp = Math.sqrt(((n1 - 1) * s1 * s1 + (n2 - 1) * s2 * s2) / m);
  if (!(sp > 0)) throw new StatInputError('pooled SD is 0: the standardized difference is undefined');
  const d = diff / sp;
  const j = hedgesJ(m);
  const g = j * d;
  const v = smdVariance(g, n1, n2);
  const se = Math.sqrt(v);
  const q = qnorm(1 - (1 - level) / 2);
  return { n1, n2, d, j, g, variance: v, se, ciLower: g - q * se, ciUpper: g + q * se, level };
}

/**
 * Hedges' exact correction J(m) = Γ(m/2)/(√(m/2)·Γ((m−1)/2)) for m > 1 degrees of freedom. With
 * x = (m − 1)/2, log J = log Γ(x + ½) − log Γ(x) − ½·log(x + ½); for x ≥ 20 that difference is taken
 * from Stirling's series term by term, (x − ½)·log1p(1/(2x)) − ½ + S(x + ½) − S(x), which keeps
 * J to the last bits where two separate log-gammas (each near x·log x) cancel: at m = 10⁹ those
 * gave J > 1 (1.0000038 from a Lanczos log-gamma; 1.0000019 from R's lgamma, as in metafor's
 * escalc), where J = 1 − 7.5·10⁻¹⁰.
 * Below x = 20, x is first shifted past 20 by the recurrence of Γ(x + ½)/Γ(x).
 * @example hedgesJ(10) // 0.922745608053087 (R: exp(lgamma(5) - log(sqrt(5)) - lgamma(4.5)) = 0.92274560805308703)
 */
export function hedgesJ(m: number): number {
  const x = (m - 1) / 2;
  if (x >= 20) return stirlingJ(x);
  // shift up with Γ(y + ½)/Γ(y) = [Γ(y + 1½)/Γ(y + 1)]·y/(y + ½)
  const n = Math.ceil(20 - x);
  let ratio = 1;
  for (let i = 0; i < n; i++) ratio *= (x + i) / (x + i + 0.5);
  return (stirlingJ(x + n) * Math.sqrt(x + n + 0.5) * ratio) / Math.sqrt(x + 0.5);
}

/** J at x = (m − 1)/2 ≥ 20 from the Stirling-series difference of the two log-gammas. */
function stirlingJ(x: number): number {
  return Math.exp((x - 0.5) * Math.log1p(1 / (2 * x)) - 0.5 + (stirlingTail(x + 0.5) - stirlingTail(x)));
}

/**
 * log Γ(z) − [(z − ½)·log z − z + ½·log 2π], Stirling's series to z⁻⁹ (Abramowitz & Stegun 6.1.40);
 * for z ≥ 20 the omitted terms are below 10⁻¹⁷.
 */
function stirlingTail(z: number): number {
  const z2 = z * z;
  return (1 / 12 - (1 / 360 - (1 / 1260 - (1 / 1680 - 1 / (1188 * z2)) / z2) / z2) / z2) / z;
}
