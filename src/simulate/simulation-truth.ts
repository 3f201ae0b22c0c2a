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
      },
      therapistOutcomeIcc: o.effects.therapistOutcomeIcc,
      therapistSlopeSd: round(sim.therapistSlopeSd),
      modality: o.effects.modality,
      timeMetric: 'ln(session)',
      note: 'alliance.growth > 0 trends the alliance upward with ln(session); control for time when estimating the within-patient effect',
    },
    realized: {
      latentCorrelationMeanAllianceVsPhqChange: round(latentCorrelation(sim)),
      note: 'Pearson r over patients with ≥ 2 sessions between the mean latent alliance and latent PHQ-9 (last − first)',
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

function latentCorrelation(sim: Simulation): number {
  const { rowStart, allianceLatent, phqLatent } = sim;
  let n = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i + 1 < rowStart.length; i++) {
    const a = rowStart[i];
    const b = rowStart[i + 1];
    if (b - a < 2) continue;
    let m = 0;
    for (let r = a; r < b; r++) m += allianceLatent[r];
    const x = m / (b - a);
    const y = phqLatent[b - 1] - phqLatent[a];
    n++;
    sx += x;
    sy += y;
    sxx += x * x;
    syy += y * y;
    sxy += x * y;
  }
  const cov = sxy - (sx * sy) / n;
  return cov / Math.sqrt((sxx - (sx * sx) / n) * (syy - (sy * sy) / n));
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}

function rounded(a: Float64Array): number[] {
  return Array.from(a, round);
}
