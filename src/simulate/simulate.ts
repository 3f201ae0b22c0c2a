import { createRng, type Rng } from '../stats/random/index.ts';
import { normalTable } from './normal-table.ts';
import { resolveSimulateOptions } from './resolve-simulate-options.ts';
import {
  MISSING,
  MODALITIES,
  type PlantedRupture,
  type ResolvedSimulateOptions,
  type PlantedSuddenGain,
  type SimulateOptions,
  type Simulation,
  type SimulationCounts,
} from './types.ts';

/**
 * Simulates session-by-session routine-outcome-monitoring data in the reference layout (one row
 * per patient × attended session: WAI-SR client items 1–5 and PHQ-9 items 0–3) with known,
 * planted structure: patients nested in therapists nested in sites, one modality per therapist,
 * trait-like and AR(1) state-like alliance, a between-patient (slope) and a within-patient lagged
 * alliance → symptom effect, therapist outcome effects, dropout, missing forms and items,
 * rupture–repair episodes in the alliance series and sudden gains in the PHQ-9 series.
 * The model and every parameter are documented in `types.ts`; defaults are in `defaults.ts`.
 * Deterministic by `seed` (xoshiro128**, `createRng`). Columns are typed arrays: no per-row objects.
 *
 * Design references: within/between alliance–outcome decomposition as in Falkenström, Finkel,
 * Sandell, Rubel & Holmqvist (2017, J Consult Clin Psychol 85(6):537–549, doi:10.1037/ccp0000203);
 * rupture thresholds in SD units as in Stiles et al. (2004) and Strauss et al. (2006);
 * sudden gains as in Tang & DeRubeis (1999, J Consult Clin Psychol 67:894–904) with the PHQ-9
 * 7-point criterion.
 * @example simulate({ patients: 300, seed: 20261122 }).counts.patients // 300
 */
export function simulate(options: SimulateOptions): Simulation {
  const o = resolveSimulateOptions(options);
  const rng = createRng(o.seed);
  const { patients: P, therapists: T, sites: S } = o;
  const al = o.alliance;
  const ph = o.phq;
  const ef = o.effects;

  const therapistSite = new Uint32Array(T);
  const therapistModality = new Uint8Array(T);
  const therapistAllianceEffect = new Float64Array(T);
  const therapistSlopeEffect = new Float64Array(T);
  const therapistSlopeZ = new Float64Array(T);
  const shareTotal = MODALITIES.reduce((s, m) => s + o.modalityShares[m], 0);
  const cumulativeWeight = new Float64Array(T);
  let weightSum = 0;
  for (let t = 0; t < T; t++) {
    therapistSite[t] = Math.floor((t * S) / T);
    let u = rng.uniform() * shareTotal;
    let m = 0;
    while (m < MODALITIES.length - 1 && u >= o.modalityShares[MODALITIES[m]]) u -= o.modalityShares[MODALITIES[m++]];
    while (o.modalityShares[MODALITIES[m]] === 0) m--;
    therapistModality[t] = m;
    therapistAllianceEffect[t] = al.therapistSd * rng.normal();
    therapistSlopeZ[t] = rng.normal();
    weightSum += Math.exp(o.caseloadSd * rng.normal());
    cumulativeWeight[t] = weightSum;
  }

  // caseloads: one patient each, the rest multinomial on log-normal weights; patients numbered by therapist
  const caseload = new Uint32Array(T).fill(1);
  for (let k = T; k < P; k++) caseload[search(cumulativeWeight, rng.uniform() * weightSum)]++;
  const patientTherapist = new Uint32Array(P);
  for (let t = 0, i = 0; t < T; t++) for (let c = 0; c < caseload[t]; c++) patientTherapist[i++] = t;

  const patientAllianceTrait = new Float64Array(P);
  const patientAllianceLevel = new Float64Array(P);
  const patientPhqIntercept = new Float64Array(P);
  const patientPhqSlope = new Float64Array(P);
  const plannedSessions = new Uint16Array(P);
  const attendedSessions = new Uint16Array(P);
  const dropout = new Uint8Array(P);
  const rowStart = new Uint32Array(P + 1);
  const baseLogOdds = Math.log(o.dropout.rate / (1 - o.dropout.rate));
  const span = o.sessions.max - o.sessions.min + 1;
  let dropouts = 0;
  for (let i = 0; i < P; i++) {
    const t = patientTherapist[i];
    const a = al.patientSd * rng.normal();
    patientAllianceTrait[i] = a;
    patientAllianceLevel[i] = al.mean + therapistAllianceEffect[t] + a;
    patientPhqIntercept[i] = ph.baselineMean + ph.baselineSd * rng.normal();
    patientPhqSlope[i] =
      ph.slopeMean +
      ef.modality[MODALITIES[therapistModality[t]]] +
      ef.between * a +
      ef.therapistBetween * therapistAllianceEffect[t] +
      ph.slopeSd * rng.normal(); // the therapist's own slope effect w_j is added below
    const planned = o.sessions.min + rng.int(span);
    plannedSessions[i] = planned;
    const z = al.patientSd > 0 ? a / al.patientSd : 0;
    const pDrop = 1 / (1 + Math.exp(-(baseLogOdds + o.dropout.allianceLogOdds * z)));
    let attended = planned;
    if (rng.uniform() < pDrop && planned >= 3) {
      attended = 2 + rng.int(planned - 2);
      dropout[i] = 1;
      dropouts++;
    }
    attendedSessions[i] = attended;
    rowStart[i + 1] = rowStart[i] + attended;
  }

  const therapistSlopeSd = calibrateTherapistSlopeSd(o, attendedSessions, patientPhqIntercept, patientPhqSlope);
  for (let t = 0; t < T; t++) therapistSlopeEffect[t] = therapistSlopeSd * therapistSlopeZ[t];
  for (let i = 0; i < P; i++) patientPhqSlope[i] += therapistSlopeEffect[patientTherapist[i]];

  const R = rowStart[P];
  const patientIds = ids('P', P, 6);
  const ruptures: PlantedRupture[] = [];
  const suddenGains: PlantedSuddenGain[] = [];
  const lnSession = new Float64Array(o.sessions.max + 1);
  for (let s = 1; s <= o.sessions.max; s++) lnSession[s] = Math.log(s);
  const rows = rowContext(o, rng, R, rowStart, patientAllianceLevel, patientPhqIntercept, patientPhqSlope, lnSession);
  const ru = o.ruptures;
  const sg = o.suddenGains;

  for (let i = 0; i < P; i++) {
    const n = attendedSessions[i];
    const b0 = patientPhqIntercept[i];
    const b1 = patientPhqSlope[i];

    let rupStart = 0;
    let rupEnd = -1;
    let repairSession = 0;
    let dip = 0;
    if (n >= 6 && rng.uniform() < ru.rate) {
      rupStart = 3 + rng.int(n - 5);
      const depth = round2(ru.depthMin + (ru.depthMax - ru.depthMin) * rng.uniform());
      dip = depth * al.stateSd;
      const repaired = rng.uniform() < ru.repairProbability;
      if (repaired) {
        repairSession = rupStart + 1 + rng.int(ru.repairMaxLag);
        rupEnd = repairSession - 1;
      } else rupEnd = n;
      ruptures.push({
        patient: patientIds[i],
        patientIndex: i,
        session: rupStart,
        depth,
        depthWaiTotal: round4(dip * 12),
        repaired,
        repairSession: repaired ? repairSession : null,
      });
    }

    let gainSession = 0;
    let gainSize = 0;
    if (n >= 6) {
      let candidates = 0;
      for (let s = 4; s <= n - 2; s++) if (b0 + b1 * lnSession[s - 1] >= sg.minPreLevel) candidates++;
      if (candidates > 0 && rng.uniform() < sg.rate) {
        let k = rng.int(candidates);
        for (let s = 4; s <= n - 2; s++)
          if (b0 + b1 * lnSession[s - 1] >= sg.minPreLevel && k-- === 0) {
            gainSession = s;
            break;
          }
        gainSize = round2(sg.magnitudeMin + (sg.magnitudeMax - sg.magnitudeMin) * rng.uniform());
        suddenGains.push({ patient: patientIds[i], patientIndex: i, session: gainSession, magnitude: gainSize });
      }
    }

    fillRows(rows, i, rupStart, rupEnd, repairSession, dip, gainSession, gainSize);
  }

  return {
    options: o,
    therapistSlopeSd,
    counts: {
      sites: S,
      therapists: T,
      patients: P,
      rows: R,
      dropouts,
      missingForms: rows.missingForms,
      missingWaiForms: rows.missingWaiForms,
      missingWaiItems: rows.missingWaiItems,
      missingPhqItems: rows.missingPhqItems,
      ruptures: ruptures.length,
      suddenGains: suddenGains.length,
    },
    siteIds: ids('S', S, 2),
    therapistIds: ids('T', T, 4),
    patientIds,
    therapistSite,
    therapistModality,
    therapistAllianceEffect,
    therapistSlopeEffect,
    patientTherapist,
    patientAllianceTrait,
    patientAllianceLevel,
    patientPhqIntercept,
    patientPhqSlope,
    plannedSessions,
    attendedSessions,
    dropout,
    rowStart,
    rowPatient: rows.rowPatient,
    rowSession: rows.rowSession,
    allianceLatent: rows.allianceLatent,
    phqLatent: rows.phqLatent,
    wai: rows.wai,
    phq: rows.phq,
    ruptures,
    suddenGains,
  };
}

const TWO24 = 16777216;
const TWO48 = 281474976710656; // uniform × 2^48: the top 48 of its 53 bits, four 12-bit indices

interface RowContext
  extends Pick<Simulation, 'rowPatient' | 'rowSession' | 'allianceLatent' | 'phqLatent' | 'wai' | 'phq'>,
    Pick<SimulationCounts, 'missingForms' | 'missingWaiForms' | 'missingWaiItems' | 'missingPhqItems'> {
  rng: Rng;
  o: ResolvedSimulateOptions;
  rowStart: Uint32Array;
  level: Float64Array;
  intercept: Float64Array;
  slope: Float64Array;
  lnSession: Float64Array;
  table: Float64Array;
  /** Scratch for one session's normal deviates (see drawDeviates). */
  z: Float64Array;
  waiOff: Float64Array;
  phqOff: Float64Array;
  innovationSd: number;
  nextGap: () => number;
  gap: number;
}

function rowContext(
  o: ResolvedSimulateOptions,
  rng: Rng,
  R: number,
  rowStart: Uint32Array,
  level: Float64Array,
  intercept: Float64Array,
  slope: Float64Array,
  lnSession: Float64Array,
): RowContext {
  const nextGap = gapSampler(rng, o.missing.itemRate);
  return {
    rng,
    o,
    rowStart,
    level,
    intercept,
    slope,
    lnSession,
    table: normalTable(),
    z: new Float64Array(24),
    waiOff: Float64Array.from(o.items.waiOffsets),
    phqOff: Float64Array.from(o.items.phqOffsets),
    innovationSd: o.alliance.stateSd * Math.sqrt(1 - o.alliance.ar * o.alliance.ar),
    nextGap,
    gap: nextGap(),
    rowPatient: new Uint32Array(R),
    rowSession: new Uint16Array(R),
    allianceLatent: new Float64Array(R),
    phqLatent: new Float64Array(R),
    wai: new Uint8Array(R * 12),
    phq: new Uint8Array(R * 9),
    missingForms: 0,
    missingWaiForms: 0,
    missingWaiItems: 0,
    missingPhqItems: 0,
  };
}

/**
 * The latent alliance and PHQ series of patient i, the missing-data pattern (forms around the
 * planted events are kept so the events are observable) and the item responses.
 */
function fillRows(
  c: RowContext,
  i: number,
  rupStart: number,
  rupEnd: number,
  repairSession: number,
  dip: number,
  gainSession: number,
  gainSize: number,
): void {
  const { rng, o, z, waiOff, phqOff, wai, phq, lnSession } = c;
  const al = o.alliance;
  const ph = o.phq;
  const withinLag = o.effects.withinLag;
  const { formRate, waiFormRate } = o.missing;
  const level = c.level[i];
  const b0 = c.intercept[i];
  const b1 = c.slope[i];
  const r0 = c.rowStart[i];
  const n = c.rowStart[i + 1] - r0;
  let e = 0;
  let devPrev = 0;
  for (let s = 1; s <= n; s++) {
    const r = r0 + s - 1;
    c.rowPatient[r] = i;
    c.rowSession[r] = s;
    const lnS = lnSession[s];
    drawDeviates(rng, c.table, z);
    e = s === 1 ? al.stateSd * z[0] : al.ar * e + c.innovationSd * z[0];
    const d = s >= rupStart && s <= rupEnd ? e - dip : e;
    const A = level + al.growth * lnS + d;
    let Y = b0 + b1 * lnS + ph.residualSd * z[1];
    if (s > 1) Y += withinLag * devPrev;
    if (gainSession > 0 && s >= gainSession) Y -= gainSize;
    devPrev = d;
    c.allianceLatent[r] = A;
    c.phqLatent[r] = Y;

    const waiForced = rupStart > 0 && (s === rupStart - 1 || s === rupStart || s === repairSession);
    const phqForced = gainSession > 0 && (s === gainSession - 1 || s === gainSession);
    const u = rng.uniform() * 67108864; // two uniforms from one draw: 26 and 27 bits
    const uForm = Math.floor(u) / 67108864;
    const uWai = u - Math.floor(u);
    const formMissing = !waiForced && !phqForced && uForm < formRate;
    const waiMissing = formMissing || (!waiForced && uWai < waiFormRate);
    if (formMissing) c.missingForms++;
    else if (waiMissing) c.missingWaiForms++;

    if (waiMissing) wai.fill(MISSING, r * 12, r * 12 + 12);
    else c.missingWaiItems += fillItems(c, wai, r * 12, A, waiOff, 2, o.items.waiNoiseSd, 1, 5);
    if (formMissing) phq.fill(MISSING, r * 9, r * 9 + 9);
    else c.missingPhqItems += fillItems(c, phq, r * 9, Y / 9, phqOff, 14, o.items.phqNoiseSd, 0, 3);
  }
}

/**
 * The 24 quantised normal deviates of one session (4 per uniform draw, 12-bit table indices):
 * z[0] alliance state innovation, z[1] PHQ residual, z[2…13] WAI-SR item noise, z[14…22] PHQ-9
 * item noise, z[23] unused.
 */
function drawDeviates(rng: Rng, table: Float64Array, z: Float64Array): void {
  for (let k = 0; k < 24; k += 4) {
    const x = rng.uniform() * TWO48;
    const top = Math.floor(x / TWO24);
    const low = (x - top * TWO24) >>> 0;
    z[k] = table[top >>> 12];
    z[k + 1] = table[top & 4095];
    z[k + 2] = table[low >>> 12];
    z[k + 3] = table[low & 4095];
  }
}

/**
 * Item responses of one form: clip(round(latent + offset + noiseSd · z), lo, hi) with the
 * deviates z[zFrom…], and single items blanked by the Bernoulli(missing.itemRate) stream.
 * Returns the number of blank items.
 */
function fillItems(
  c: RowContext,
  out: Uint8Array,
  base: number,
  latent: number,
  offsets: Float64Array,
  zFrom: number,
  noiseSd: number,
  lo: number,
  hi: number,
): number {
  const z = c.z;
  let gap = c.gap;
  let blank = 0;
  for (let k = 0; k < offsets.length; k++) {
    if (--gap === 0) {
      out[base + k] = MISSING;
      blank++;
      gap = c.nextGap();
      continue;
    }
    const v = Math.round(latent + offsets[k] + noiseSd * z[zFrom + k]);
    out[base + k] = v < lo ? lo : v > hi ? hi : v;
  }
  c.gap = gap;
  return blank;
}

/**
 * The SD σ_w of the therapists' own slope effects that makes the therapist share of the variance
 * of patients' latent PHQ-9 change (last − first session) equal effects.therapistOutcomeIcc.
 * change_i ≈ b1_i · ln n_i + noise, so with L = ln n the therapist part is
 * (σ_w² + therapistBetween² · therapistSd²) · E[L²]; the rest is the variance of the patient part of
 * b1 · L over the drawn patients (the therapist-alliance part taken out), plus 2 residual variances,
 * the lagged state effect (2 · withinLag² · stateSd²) and the planted sudden gains (by their rate
 * among eligible patients). σ_w is 0 when the therapist alliance effect alone reaches the target.
 */
function calibrateTherapistSlopeSd(
  o: ResolvedSimulateOptions,
  sessions: Uint16Array,
  intercept: Float64Array,
  slopeWithoutTherapist: Float64Array,
): number {
  const { alliance: al, effects: ef, phq: ph, suddenGains: sg } = o;
  const P = sessions.length;
  let sumX = 0;
  let sumXX = 0;
  let sumLL = 0;
  let eligible = 0;
  for (let i = 0; i < P; i++) {
    const L = Math.log(sessions[i]);
    const x = slopeWithoutTherapist[i] * L;
    sumX += x;
    sumXX += x * x;
    sumLL += L * L;
    if (sessions[i] >= 6 && intercept[i] + slopeWithoutTherapist[i] * Math.log(3) >= sg.minPreLevel) eligible++;
  }
  const meanLL = sumLL / P;
  const carried = ef.therapistBetween ** 2 * al.therapistSd ** 2 * meanLL;
  const pGain = (sg.rate * eligible) / P;
  const m1 = (sg.magnitudeMin + sg.magnitudeMax) / 2;
  const m2 = (sg.magnitudeMin ** 2 + sg.magnitudeMin * sg.magnitudeMax + sg.magnitudeMax ** 2) / 3;
  const rest =
    Math.max(0, sumXX / P - (sumX / P) ** 2 - carried) +
    2 * ph.residualSd ** 2 +
    2 * ef.withinLag ** 2 * al.stateSd ** 2 +
    pGain * m2 -
    (pGain * m1) ** 2;
  const icc = ef.therapistOutcomeIcc;
  return Math.sqrt(Math.max(0, ((icc / (1 - icc)) * rest - carried) / meanLL));
}

/** Index of the first cumulative weight above x. */
function search(cumulative: Float64Array, x: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid] > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Geometric waiting times (trials up to and including the next success) of a Bernoulli(p) stream. */
function gapSampler(rng: Rng, p: number): () => number {
  if (p <= 0) return () => Number.POSITIVE_INFINITY;
  if (p >= 1) return () => 1;
  const logQ = Math.log(1 - p);
  return () => 1 + Math.floor(Math.log(1 - rng.uniform()) / logQ);
}

function ids(prefix: string, n: number, minWidth: number): string[] {
  const width = Math.max(minWidth, String(n).length);
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) out[i] = prefix + String(i + 1).padStart(width, '0');
  return out;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function round4(x: number): number {
  return Math.round(x * 10000) / 10000;
}
