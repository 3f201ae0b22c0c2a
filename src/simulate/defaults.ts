import type { ResolvedSimulateOptions } from './types.ts';

/**
 * Default parameters of the simulator (all but `patients`, `therapists` and `sites`, which are
 * derived from the patient count). Chosen to look like routine outcome monitoring in outpatient
 * psychotherapy: WAI-SR item means near 3.8 with a ceiling, PHQ-9 starting near 16 and falling
 * about 8 points over 13 sessions, therapist alliance ICC ≈ 6%, therapist outcome ICC 5%, no
 * modality differences, patient-level r(alliance, change) ≈ −.28 (Flückiger et al. 2018, r = .28).
 */
export const SIMULATE_DEFAULTS: Omit<ResolvedSimulateOptions, 'patients' | 'therapists' | 'sites'> = {
  seed: 1,
  caseloadSd: 0.5,
  modalityShares: { CBT: 0.4, PDT: 0.2, HUM: 0.2, IPT: 0.2 },
  sessions: { min: 6, max: 22 },
  dropout: { rate: 0.15, allianceLogOdds: -0.5 },
  alliance: { mean: 3.8, therapistSd: 0.15, patientSd: 0.5, stateSd: 0.3, ar: 0.3, growth: 0.1 },
  phq: { baselineMean: 16, baselineSd: 4, slopeMean: -3, slopeSd: 1, residualSd: 1.5 },
  effects: {
    between: -1.1,
    therapistBetween: -1.1,
    withinLag: -1.5,
    therapistOutcomeIcc: 0.05,
    modality: { CBT: 0, PDT: 0, HUM: 0, IPT: 0 },
  },
  items: {
    waiNoiseSd: 0.5,
    phqNoiseSd: 0.5,
    waiOffsets: [0, 0, 0.15, -0.1, 0.15, -0.1, 0.15, -0.1, 0.15, 0, -0.1, 0],
    phqOffsets: [0.1, 0.1, 0.35, 0.4, 0.1, 0, -0.05, -0.25, -0.75],
  },
  missing: { formRate: 0.05, waiFormRate: 0.05, itemRate: 0.01 },
  ruptures: { rate: 0.25, depthMin: 2.5, depthMax: 4, repairProbability: 0.6, repairMaxLag: 3 },
  suddenGains: { rate: 0.15, magnitudeMin: 8, magnitudeMax: 12, minPreLevel: 12 },
};
