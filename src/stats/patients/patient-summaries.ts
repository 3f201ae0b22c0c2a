/**
 * Session rows of one table, put in (patient, session) order: `code` is the patient's integer code
 * (0…P−1; equal codes are adjacent), `session` ascends within a patient, NaN marks a missing score.
 */
export interface SortedSessionRows {
  code: Int32Array;
  session: Float64Array;
  outcome: Float64Array;
  alliance: readonly Float64Array[];
}

/** Per alliance column, one value per patient code (NaN = missing). */
export interface AllianceSummaries {
  /** The score at session number k. */
  atK: Float64Array;
  /** Mean of the scores at sessions numbered ≤ k. */
  firstK: Float64Array;
  /** Mean of all the patient's scores. */
  mean: Float64Array;
  /** OLS slope of the scores on session number; NaN with fewer than two scores. */
  slope: Float64Array;
  /** Number of scores. */
  n: Float64Array;
}

/** Per-patient summaries, one value per patient code 0…P−1 (NaN = missing; a code without rows has nSessions 0). */
export interface PatientSummaries {
  nSessions: Float64Array;
  firstSession: Float64Array;
  lastSession: Float64Array;
  outcomeN: Float64Array;
  /** First, last, and last-at-a-session-≤-k outcome score. */
  baseline: Float64Array;
  final: Float64Array;
  atK: Float64Array;
  /** final − baseline with two or more outcome scores. */
  change: Float64Array;
  /** change × sign (sign +1 when higher outcome scores are better, −1 otherwise). */
  improvement: Float64Array;
  /** sign × (atK − baseline) when a score after the baseline falls at a session ≤ k. */
  priorImprovement: Float64Array;
  /** sign × (final − atK) when a score falls after session k. */
  laterImprovement: Float64Array;
  alliance: AllianceSummaries[];
  /** Patients (with rows) whose change, score by session k, prior or later improvement is missing, by reason. */
  counts: { patients: number; noChange: number; noneByK: number; noPrior: number; noLater: number };
}

/**
 * The per-patient summaries of the `patients` stage, in one pass over each patient's rows:
 * baseline (first non-missing outcome score by session), final (last), the last score at a
 * session ≤ k, change, improvement, prior improvement (baseline → score by k) and later
 * improvement (score by k → final); per alliance column the score at session k, the means of
 * sessions ≤ k and of all sessions, as R's `mean()` (see {@link meanOfPresent}), and the OLS slope
 * on session number (centred two-pass cross-products, as R's `coef(lm(a ~ session))[2]`).
 * `patients` is the number of codes P. O(n).
 * @example patientSummaries({ code: Int32Array.of(0, 0), session: Float64Array.of(1, 2), outcome: Float64Array.of(20, 14), alliance: [] }, { k: 3, sign: -1, patients: 1 }).improvement // Float64Array [6]
 */
export function patientSummaries(rows: SortedSessionRows, options: { k: number; sign: 1 | -1; patients: number }): PatientSummaries {
  const { code, session, outcome } = rows;
  const { k, sign, patients: P } = options;
  const col = () => new Float64Array(P).fill(NaN);
  const out: PatientSummaries = {
    nSessions: new Float64Array(P),
    firstSession: col(),
    lastSession: col(),
    outcomeN: new Float64Array(P),
    baseline: col(),
    final: col(),
    atK: col(),
    change: col(),
    improvement: col(),
    priorImprovement: col(),
    laterImprovement: col(),
    alliance: rows.alliance.map(() => ({ atK: col(), firstK: col(), mean: col(), slope: col(), n: new Float64Array(P) })),
    counts: { patients: 0, noChange: 0, noneByK: 0, noPrior: 0, noLater: 0 },
  };
  const n = code.length;
  for (let a = 0; a < n; ) {
    const p = code[a]!;
    let b = a + 1;
    while (b < n && code[b] === p) b++;
    // rows a…b−1; those at sessions ≤ k are a…byK−1 (sessions ascend)
    let byK = a;
    while (byK < b && session[byK]! <= k) byK++;
    out.counts.patients++;
    out.nSessions[p] = b - a;
    out.firstSession[p] = session[a]!;
    out.lastSession[p] = session[b - 1]!;
    summarizeOutcome(out, p, rows, a, byK, b, k, sign);
    rows.alliance.forEach((y, j) => summarizeAlliance(out.alliance[j]!, p, session, y, a, byK, b, k));
    a = b;
  }
  return out;
}

function summarizeOutcome(out: PatientSummaries, p: number, rows: SortedSessionRows, a: number, byK: number, b: number, k: number, sign: 1 | -1): void {
  const { session, outcome } = rows;
  let first = -1;
  let last = -1;
  let lastByK = -1;
  let count = 0;
  for (let i = a; i < b; i++) {
    if (Number.isNaN(outcome[i]!)) continue;
    count++;
    if (first < 0) first = i;
    last = i;
    if (i < byK) lastByK = i;
  }
  out.outcomeN[p] = count;
  const c = out.counts;
  if (count < 2) c.noChange++;
  if (count === 0) return;
  const base = outcome[first]!;
  const fin = outcome[last]!;
  out.baseline[p] = base;
  out.final[p] = fin;
  if (count >= 2) {
    out.change[p] = fin - base;
    out.improvement[p] = sign * (fin - base);
  }
  if (session[first]! > k) c.noneByK++;
  if (lastByK >= 0) {
    const atK = outcome[lastByK]!;
    out.atK[p] = atK;
    if (lastByK > first) out.priorImprovement[p] = sign * (atK - base);
    else c.noPrior++;
  }
  if (session[last]! > k) out.laterImprovement[p] = sign * (fin - out.atK[p]!);
  else c.noLater++;
}

function summarizeAlliance(s: AllianceSummaries, p: number, session: Float64Array, y: Float64Array, a: number, byK: number, b: number, k: number): void {
  let count = 0;
  let atK = NaN;
  for (let i = a; i < b; i++) {
    const v = y[i]!;
    if (Number.isNaN(v)) continue;
    count++;
    if (session[i] === k && !(v <= atK)) atK = v;
  }
  s.n[p] = count;
  s.atK[p] = atK;
  if (count === 0) return;
  s.firstK[p] = meanOfPresent(y, a, byK);
  const my = meanOfPresent(y, a, b);
  s.mean[p] = my;
  if (count < 2) return;
  const mx = meanOfPresent(session, a, b, y);
  let sxx = 0;
  let sxy = 0;
  for (let i = a; i < b; i++) {
    if (Number.isNaN(y[i]!)) continue;
    const dx = session[i]! - mx;
    sxx += dx * dx;
    sxy += dx * (y[i]! - my);
  }
  const slope = sxy / sxx;
  if (Number.isFinite(slope)) s.slope[p] = slope;
}

/**
 * Mean of x[a…b) over the rows where `present` (x itself when omitted) is not NaN, as R's
 * `mean()`: the sum divided by the count, plus the mean of the residuals from that first mean;
 * NaN when no row is present.
 */
function meanOfPresent(x: Float64Array, a: number, b: number, present: Float64Array = x): number {
  let n = 0;
  let sum = 0;
  for (let i = a; i < b; i++) {
    if (Number.isNaN(present[i]!)) continue;
    n++;
    sum += x[i]!;
  }
  if (n === 0) return NaN;
  const m = sum / n;
  let r = 0;
  for (let i = a; i < b; i++) if (!Number.isNaN(present[i]!)) r += x[i]! - m;
  return m + r / n;
}
