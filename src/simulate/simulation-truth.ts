import { CSV_HEADER } from './csv-chunks.ts';
import { MODALITIES, WAI_SR_SUBSCALES, type Simulation } from './types.ts';

/**
 * The ground truth of a simulation as a plain JSON-ready object: resolved options, planted
 * effects with their units, counts, per-therapist and per-patient latent values as parallel
 * arrays (index i is patient `patients.id[i]`), and the planted ruptures and sudden gains.
 * Per-session latent series stay in the `Simulation` (too large for the file).
 * Numbers are rounded to 4 decimals so the file is compact and stable.
 * @example simulationTruth(simulate({ patients: 10 })).counts.patients // 10
 */
export function simulationTruth(sim: Simulation) {
  const o = sim.options;
  const latent = latentSummary(sim);
  return {
    generator: 'alliance simulate',
    version: 1,
    layout: {
      header: CSV_HEADER,
      rowsAre: 'one row per patient × attended session, sessions 1…n in order; blank cell = missing',
      waiSr: { range: [1, 5], subscales: WAI_SR_SUBSCALES, reverseKeyed: [] },
      phq9: { range: [0, 3] },
    },
    options: o,
    plantedEffects: {
      betweenPatient: {
        value: o.effects.between,
        unit: 'PHQ-9 total slope per ln(session) per WAI-SR item-mean point of patient trait alliance',
      },
      betweenTherapist: {
        value: o.effects.therapistBetween,
        unit: 'PHQ-9 total slope per ln(session) per WAI-SR item-mean point of therapist alliance effect',
      },
      withinLag: {
        perItemMeanPoint: o.effects.withinLag,
        perWaiTotalPoint: round(o.effects.withinLag / 12),
        unit: 'PHQ-9 total at session t + 1 per point of detrended alliance deviation from the patient\'s own level at session t',
        note:
          'the effect in the generating model, on latent values. A model fitted to the observed data recovers a smaller magnitude: the observed WAI-SR total carries item noise and rounding (attenuation), and adjusting for the outcome at session t in a random-intercept model adds dynamic-panel (Nickell) bias. The demo\'s within-between stage (lag 1, outcome at t as covariate) gives about -0.086 per WAI-SR total point on 100,000 simulated patients (seed 1) where -0.125 is planted; lme4 gives the same estimate on the same data',
      },
      therapistOutcomeIcc: o.effects.therapistOutcomeIcc,
      therapistSlopeSd: round(sim.therapistSlopeSd),
      modality: o.effects.modality,
      timeMetric: 'ln(session)',
      note: 'alliance.growth > 0 trends the alliance upward with ln(session); control for time when estimating the within-patient effect',
    },
    realized: {
      latentCorrelationMeanAllianceVsPhqChange: round(latent.r),
      latentTherapistIccPhqChange: round(latent.icc),
      note: 'over patients with ≥ 2 sessions: Pearson r between the mean latent alliance and the latent PHQ-9 change (last − first), and the one-way ANOVA ICC of that change by therapist',
    },
    counts: sim.counts,
    sites: sim.siteIds,
    therapists: {
      id: sim.therapistIds,
      site: Array.from(sim.therapistSite),
      modality: Array.from(sim.therapistModality, (m) => MODALITIES[m]),
      allianceEffect: rounded(sim.therapistAllianceEffect),
      slopeEffect: rounded(sim.therapistSlopeEffect),
    },
    patients: {
      id: sim.patientIds,
      therapist: Array.from(sim.patientTherapist),
      allianceTrait: rounded(sim.patientAllianceTrait),
      allianceLevel: rounded(sim.patientAllianceLevel),
      phqIntercept: rounded(sim.patientPhqIntercept),
      phqSlope: rounded(sim.patientPhqSlope),
      plannedSessions: Array.from(sim.plannedSessions),
      attendedSessions: Array.from(sim.attendedSessions),
      dropout: Array.from(sim.dropout),
    },
    ruptures: sim.ruptures.map(({ patient, session, depth, depthWaiTotal, repaired, repairSession }) => ({
      patient,
      session,
      depth,
      depthWaiTotal,
      repaired,
      repairSession,
    })),
    suddenGains: sim.suddenGains.map(({ patient, session, magnitude }) => ({ patient, session, magnitude })),
  };
}

export type SimulationTruth = ReturnType<typeof simulationTruth>;

function latentSummary(sim: Simulation): { r: number; icc: number } {
  const { rowStart, allianceLatent, phqLatent, patientTherapist } = sim;
  const T = sim.therapistIds.length;
  const groupN = new Float64Array(T);
  const groupSum = new Float64Array(T);
  const x: number[] = [];
  const y: number[] = [];
  const g: number[] = [];
  for (let i = 0; i + 1 < rowStart.length; i++) {
    const a = rowStart[i];
    const b = rowStart[i + 1];
    if (b - a < 2) continue;
    let m = 0;
    for (let r = a; r < b; r++) m += allianceLatent[r];
    x.push(m / (b - a));
    y.push(phqLatent[b - 1] - phqLatent[a]);
    g.push(patientTherapist[i]);
    groupN[patientTherapist[i]]++;
    groupSum[patientTherapist[i]] += phqLatent[b - 1] - phqLatent[a];
  }
  const n = y.length;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  let ssw = 0;
  for (let k = 0; k < n; k++) {
    sxy += (x[k] - mx) * (y[k] - my);
    sxx += (x[k] - mx) ** 2;
    syy += (y[k] - my) ** 2;
    ssw += (y[k] - groupSum[g[k]] / groupN[g[k]]) ** 2;
  }
  // one-way ANOVA ICC(1) with the unbalanced-design group size n0
  let groups = 0;
  let sumN2 = 0;
  for (let t = 0; t < T; t++)
    if (groupN[t] > 0) {
      groups++;
      sumN2 += groupN[t] ** 2;
    }
  const msb = (syy - ssw) / (groups - 1);
  const msw = ssw / (n - groups);
  const n0 = (n - sumN2 / n) / (groups - 1);
  return { r: sxy / Math.sqrt(sxx * syy), icc: (msb - msw) / (msb + (n0 - 1) * msw) };
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}

function rounded(a: Float64Array): number[] {
  return Array.from(a, round);
}
