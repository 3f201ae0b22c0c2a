/**
 * Types of the data simulator. Every parameter of the generating model is an option with a
 * documented default (see `defaults.ts`); the resolved options are copied into the truth file.
 *
 * Generating model (session t = 1…n_i of patient i, therapist j, site s):
 *
 *   alliance (latent WAI-SR item mean, 1–5 metric)
 *     A_it = alliance.mean + u_j + a_i + alliance.growth · ln t + e_it − rupture dip_it
 *     u_j ~ N(0, alliance.therapistSd), a_i ~ N(0, alliance.patientSd)          (trait-like)
 *     e_it = alliance.ar · e_i,t−1 + ν_it, stationary SD alliance.stateSd        (state-like)
 *
 *   symptoms (latent PHQ-9 total, 0–27 metric)
 *     Y_it = b0_i + b1_i · ln t + effects.withinLag · d_i,t−1 − sudden-gain step_it + ε_it
 *     b0_i ~ N(phq.baselineMean, phq.baselineSd), ε_it ~ N(0, phq.residualSd)
 *     b1_i = phq.slopeMean + effects.modality[m_j] + effects.between · a_i
 *            + effects.therapistBetween · u_j + w_j + ζ_i,   ζ_i ~ N(0, phq.slopeSd)
 *     w_j ~ N(0, σ_w) with σ_w chosen so that the therapist share of the variance of the latent
 *     PHQ change Y_in − Y_i1 is about effects.therapistOutcomeIcc (the part carried by
 *     effects.therapistBetween · u_j counts as therapist variance)
 *     d_it = A_it − (alliance.mean + u_j + a_i + alliance.growth · ln t): the patient's
 *     detrended deviation from their own alliance level (state part plus any rupture dip)
 *
 *   items: response = clip(round(latent item mean + item offset + N(0, noise SD))), WAI-SR 1–5,
 *   PHQ-9 0–3 (PHQ latent item mean = Y_it / 9), so subscale and total scores track the latents.
 *
 *   randomness: one `createRng(seed)` stream. Patient- and therapist-level normals use its polar
 *   method; the session-level normals (ν_it, ε_it, item noise) are quantised deviates from the
 *   4096-quantile table in `normal-table.ts`, four per uniform draw, which keeps 1.3 M rows fast.
 */

export const MODALITIES = ['CBT', 'PDT', 'HUM', 'IPT'] as const;
/** CBT = cognitive-behavioural, PDT = psychodynamic, HUM = humanistic, IPT = interpersonal. */
export type Modality = (typeof MODALITIES)[number];

/** WAI-SR client items in column order wai1…wai12, and their subscales (Hatcher & Gillaspy 2006). */
export const WAI_SR_SUBSCALES = {
  task: [1, 2, 10, 12],
  bond: [3, 5, 7, 9],
  goal: [4, 6, 8, 11],
} as const;

export interface SimulateOptions {
  /** Number of patients (required, ≥ 1). */
  patients: number;
  /** Seed for `createRng` (default 1). The same seed and options give byte-identical output. */
  seed?: number;
  /** Number of therapists (default round(patients / 20), at least 1, at most patients). */
  therapists?: number;
  /** Number of sites (default round(therapists / 5), at least 1, at most therapists). */
  sites?: number;
  /** SD of the log caseload weights: therapists' patient counts vary (default 0.5). */
  caseloadSd?: number;
  /**
   * Relative share of therapists practising each modality (default CBT .4, PDT .2, HUM .2, IPT .2;
   * normalised to sum 1). Unset modalities keep their default share: set one to 0 to exclude it.
   */
  modalityShares?: Partial<Record<Modality, number>>;
  /** Planned number of sessions, uniform on [min, max] (default 6–22; mean 14, ≈13 attended after dropout). */
  sessions?: Partial<SessionOptions>;
  dropout?: Partial<DropoutOptions>;
  alliance?: Partial<AllianceOptions>;
  phq?: Partial<PhqOptions>;
  effects?: Partial<EffectOptions>;
  items?: Partial<ItemOptions>;
  missing?: Partial<MissingOptions>;
  ruptures?: Partial<RuptureOptions>;
  suddenGains?: Partial<SuddenGainOptions>;
}

export interface SessionOptions {
  /** Fewest planned sessions (default 6). */
  min: number;
  /** Most planned sessions (default 22, at most 250). */
  max: number;
}

export interface DropoutOptions {
  /** Probability of dropping out for a patient of average trait alliance (default 0.15). */
  rate: number;
  /**
   * Change in the log-odds of dropout per 1 SD of the patient's trait alliance (a_i / patientSd;
   * default −0.5: weaker alliance, more dropout). A dropout attends a uniform number of sessions
   * in [2, planned − 1].
   */
  allianceLogOdds: number;
}

export interface AllianceOptions {
  /** Grand mean of the latent WAI-SR item mean (default 3.8). */
  mean: number;
  /** SD of the therapist alliance effect u_j, item-mean points (default 0.15). */
  therapistSd: number;
  /** SD of the patient trait alliance a_i, item-mean points (default 0.5). */
  patientSd: number;
  /** Stationary SD of the session-level state fluctuation e_it (default 0.3). */
  stateSd: number;
  /** AR(1) coefficient of e_it (default 0.3; 0 gives iid fluctuation). */
  ar: number;
  /** Growth of the latent alliance per unit of ln(session) (default 0.1; 0 gives no trend). */
  growth: number;
}

export interface PhqOptions {
  /** Mean latent PHQ-9 total at session 1 (default 16). */
  baselineMean: number;
  /** SD of the latent baseline (default 4). */
  baselineSd: number;
  /** Mean slope per unit of ln(session) (default −3: about −7.7 points by session 13). */
  slopeMean: number;
  /** SD of the patient's own random slope ζ_i (default 1). */
  slopeSd: number;
  /** SD of the session residual ε_it (default 1.5). */
  residualSd: number;
}

export interface EffectOptions {
  /**
   * Between-patient alliance → outcome effect: change in the PHQ slope (per ln session) per
   * 1 point of patient trait alliance a_i (default −1.1; gives r(patient mean WAI total,
   * last − first PHQ total) ≈ −.28 with the other defaults).
   */
  between: number;
  /** The same for the therapist alliance effect u_j (default −1.1, equal to `between`). */
  therapistBetween: number;
  /**
   * Within-patient lagged effect: PHQ total points added at session t + 1 per 1 item-mean point
   * of detrended alliance deviation d_it at session t (default −1.5; per WAI total point: /12).
   */
  withinLag: number;
  /**
   * Therapist share of the variance of patients' latent PHQ-9 change, last − first session
   * (default 0.05, as the ≈5% therapist effect of Baldwin & Imel 2013). σ_w is solved from the
   * drawn patients; ICCs of observed change come out a little lower (≈ .035 at .05) because of
   * item noise, the floor at 0 and missing forms.
   */
  therapistOutcomeIcc: number;
  /** Slope shift per ln(session) by modality (default all 0: the Dodo bird verdict). */
  modality: Record<Modality, number>;
}

export interface ItemOptions {
  /** SD of the WAI-SR item noise, item points (default 0.5). */
  waiNoiseSd: number;
  /** SD of the PHQ-9 item noise, item points (default 0.5). */
  phqNoiseSd: number;
  /** Offsets of wai1…wai12 from the latent item mean (default bond +0.15, goal −0.1, task 0). */
  waiOffsets: number[];
  /** Offsets of phq1…phq9 from the latent item mean Y/9 (default sum 0; sleep and fatigue high, item 9 low). */
  phqOffsets: number[];
}

export interface MissingOptions {
  /** Probability that a session has neither form (row present, all item cells blank; default 0.05). */
  formRate: number;
  /** Probability that only the WAI-SR is missing from a session that has forms (default 0.05). */
  waiFormRate: number;
  /** Probability that a single item of a present form is blank (default 0.01). */
  itemRate: number;
}

export interface RuptureOptions {
  /** Probability that a patient with ≥ 6 attended sessions gets one planted rupture (default 0.25). */
  rate: number;
  /** Depth range in units of alliance.stateSd, uniform (default 2.5–4). */
  depthMin: number;
  depthMax: number;
  /** Probability that the rupture is repaired (default 0.6). */
  repairProbability: number;
  /** A repaired rupture lasts 1…repairMaxLag sessions, uniform (default 3); unrepaired ones last to the end. */
  repairMaxLag: number;
}

export interface SuddenGainOptions {
  /** Probability that an eligible patient gets one planted sudden gain (default 0.15). */
  rate: number;
  /** Size range of the permanent drop in latent PHQ total, uniform (default 8–12). */
  magnitudeMin: number;
  magnitudeMax: number;
  /** Eligible gain sessions s (4 ≤ s ≤ n − 2) need an expected latent PHQ at s − 1 of at least this (default 12). */
  minPreLevel: number;
}

export interface ResolvedSimulateOptions {
  patients: number;
  seed: number;
  therapists: number;
  sites: number;
  caseloadSd: number;
  modalityShares: Record<Modality, number>;
  sessions: SessionOptions;
  dropout: DropoutOptions;
  alliance: AllianceOptions;
  phq: PhqOptions;
  effects: EffectOptions;
  items: ItemOptions;
  missing: MissingOptions;
  ruptures: RuptureOptions;
  suddenGains: SuddenGainOptions;
}

/** A planted rupture: the alliance dips at `session` and returns at `repairSession` (null if unrepaired). */
export interface PlantedRupture {
  patient: string;
  patientIndex: number;
  session: number;
  /** Depth in units of alliance.stateSd. */
  depth: number;
  /** Depth in WAI-SR total points (12 × item-mean points). */
  depthWaiTotal: number;
  repaired: boolean;
  repairSession: number | null;
}

/** A planted sudden gain: latent PHQ total drops by `magnitude` from `session` on (between session − 1 and session). */
export interface PlantedSuddenGain {
  patient: string;
  patientIndex: number;
  session: number;
  magnitude: number;
}

export interface SimulationCounts {
  sites: number;
  therapists: number;
  patients: number;
  rows: number;
  dropouts: number;
  /** Sessions with neither form. */
  missingForms: number;
  /** Sessions with the PHQ-9 but no WAI-SR. */
  missingWaiForms: number;
  /** Single blank items inside present forms. */
  missingWaiItems: number;
  missingPhqItems: number;
  ruptures: number;
  suddenGains: number;
}

/**
 * A simulated data set held in columns. Item matrices are row-major (row × item) with 255 for a
 * blank cell. Latent per-session series are kept for validation but not written to the truth file.
 */
export interface Simulation {
  options: ResolvedSimulateOptions;
  /** SD σ_w of the therapists' own slope effects, solved from effects.therapistOutcomeIcc. */
  therapistSlopeSd: number;
  counts: SimulationCounts;
  siteIds: string[];
  therapistIds: string[];
  patientIds: string[];
  therapistSite: Uint32Array;
  /** Index into MODALITIES. */
  therapistModality: Uint8Array;
  therapistAllianceEffect: Float64Array;
  therapistSlopeEffect: Float64Array;
  patientTherapist: Uint32Array;
  /** Trait alliance deviation a_i. */
  patientAllianceTrait: Float64Array;
  /** alliance.mean + u_j + a_i: the patient's latent alliance level (item-mean metric). */
  patientAllianceLevel: Float64Array;
  patientPhqIntercept: Float64Array;
  /** The patient's full slope b1_i per ln(session). */
  patientPhqSlope: Float64Array;
  plannedSessions: Uint16Array;
  attendedSessions: Uint16Array;
  dropout: Uint8Array;
  /** Rows of patient i are rowStart[i] … rowStart[i + 1] − 1, sessions 1…n_i in order. */
  rowStart: Uint32Array;
  rowPatient: Uint32Array;
  rowSession: Uint16Array;
  allianceLatent: Float64Array;
  phqLatent: Float64Array;
  /** rows × 12, values 1–5 or 255. */
  wai: Uint8Array;
  /** rows × 9, values 0–3 or 255. */
  phq: Uint8Array;
  ruptures: PlantedRupture[];
  suddenGains: PlantedSuddenGain[];
}

export const MISSING = 255;
