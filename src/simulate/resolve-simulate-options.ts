import { StatInputError } from '../stats/errors.ts';
import { SIMULATE_DEFAULTS } from './defaults.ts';
import { MODALITIES, type ResolvedSimulateOptions, type SimulateOptions } from './types.ts';

/**
 * Most patients one simulation writes. With the default sessions a million patients are about 13
 * million rows, a 0.9 GB CSV, 1.8 GB of memory and 25 s; the maximum needs about 9 GB of memory.
 */
export const MAX_SIMULATE_PATIENTS = 5_000_000;
/** Longest typed array the simulator can allocate (Node 20); the item table holds 12 bytes a row. */
const MAX_ITEM_BYTES = 2 ** 32;

/**
 * Fills every unset simulator option from `SIMULATE_DEFAULTS`, derives the therapist and site
 * counts, and checks ranges, throwing `StatInputError` naming the first bad option.
 * @example resolveSimulateOptions({ patients: 300 }).therapists // 15
 */
export function resolveSimulateOptions(options: SimulateOptions): ResolvedSimulateOptions {
  const d = SIMULATE_DEFAULTS;
  const patients = options.patients;
  check(Number.isInteger(patients) && patients >= 1 && patients <= MAX_SIMULATE_PATIENTS, 'patients', patients, `an integer in [1, ${MAX_SIMULATE_PATIENTS}]`);
  const therapists = options.therapists ?? Math.min(patients, Math.max(1, Math.round(patients / 20)));
  check(Number.isInteger(therapists) && therapists >= 1 && therapists <= patients, 'therapists', therapists, 'an integer in [1, patients]');
  const sites = options.sites ?? Math.max(1, Math.round(therapists / 5));
  check(Number.isInteger(sites) && sites >= 1 && sites <= therapists, 'sites', sites, 'an integer in [1, therapists]');
  const r: ResolvedSimulateOptions = {
    patients,
    seed: options.seed ?? d.seed,
    therapists,
    sites,
    caseloadSd: options.caseloadSd ?? d.caseloadSd,
    modalityShares: { ...d.modalityShares, ...options.modalityShares },
    sessions: { ...d.sessions, ...options.sessions },
    dropout: { ...d.dropout, ...options.dropout },
    alliance: { ...d.alliance, ...options.alliance },
    phq: { ...d.phq, ...options.phq },
    effects: {
      ...d.effects,
      ...options.effects,
      modality: { ...d.effects.modality, ...options.effects?.modality },
    },
    items: { ...d.items, ...options.items },
    missing: { ...d.missing, ...options.missing },
    ruptures: { ...d.ruptures, ...options.ruptures },
    suddenGains: { ...d.suddenGains, ...options.suddenGains },
  };
  check(Number.isInteger(r.seed), 'seed', r.seed, 'an integer');
  const { min, max } = r.sessions;
  check(Number.isInteger(min) && min >= 2, 'sessions.min', min, 'an integer ≥ 2');
  check(Number.isInteger(max) && max >= min && max <= 250, 'sessions.max', max, 'an integer in [sessions.min, 250]');
  const maxPatients = Math.floor(MAX_ITEM_BYTES / 12 / max);
  check(patients <= maxPatients, 'patients', patients, `at most ${maxPatients} with sessions.max ${max} (the session rows must fit in memory)`);
  const shareSum = MODALITIES.reduce((s, m) => s + r.modalityShares[m], 0);
  check(MODALITIES.every((m) => r.modalityShares[m] >= 0) && shareSum > 0, 'modalityShares', shareSum, 'non-negative with a positive sum');
  check(Math.abs(r.alliance.ar) < 1, 'alliance.ar', r.alliance.ar, 'in (−1, 1)');
  check(r.effects.therapistOutcomeIcc >= 0 && r.effects.therapistOutcomeIcc < 1, 'effects.therapistOutcomeIcc', r.effects.therapistOutcomeIcc, 'in [0, 1)');
  check(r.items.waiOffsets.length === 12, 'items.waiOffsets', r.items.waiOffsets.length, '12 numbers');
  check(r.items.phqOffsets.length === 9, 'items.phqOffsets', r.items.phqOffsets.length, '9 numbers');
  const P = [0, 1] as const;
  const NN = [0, Infinity] as const;
  const bounded: [string, number, readonly [number, number]][] = [
    ['dropout.rate', r.dropout.rate, P],
    ['missing.formRate', r.missing.formRate, P],
    ['missing.waiFormRate', r.missing.waiFormRate, P],
    ['missing.itemRate', r.missing.itemRate, P],
    ['ruptures.rate', r.ruptures.rate, P],
    ['ruptures.repairProbability', r.ruptures.repairProbability, P],
    ['suddenGains.rate', r.suddenGains.rate, P],
    ['caseloadSd', r.caseloadSd, NN],
    ['alliance.therapistSd', r.alliance.therapistSd, NN],
    ['alliance.patientSd', r.alliance.patientSd, NN],
    ['alliance.stateSd', r.alliance.stateSd, NN],
    ['phq.baselineSd', r.phq.baselineSd, NN],
    ['phq.slopeSd', r.phq.slopeSd, NN],
    ['phq.residualSd', r.phq.residualSd, NN],
    ['items.waiNoiseSd', r.items.waiNoiseSd, NN],
    ['items.phqNoiseSd', r.items.phqNoiseSd, NN],
  ];
  for (const [name, v, [lo, hi]] of bounded) check(v >= lo && v <= hi, name, v, hi === 1 ? 'a probability in [0, 1]' : '≥ 0');
  check(r.ruptures.depthMin > 0 && r.ruptures.depthMax >= r.ruptures.depthMin, 'ruptures.depthMax', r.ruptures.depthMax, '≥ ruptures.depthMin > 0');
  check(Number.isInteger(r.ruptures.repairMaxLag) && r.ruptures.repairMaxLag >= 1 && r.ruptures.repairMaxLag <= 3, 'ruptures.repairMaxLag', r.ruptures.repairMaxLag, 'an integer in [1, 3]');
  check(r.suddenGains.magnitudeMin > 0 && r.suddenGains.magnitudeMax >= r.suddenGains.magnitudeMin, 'suddenGains.magnitudeMax', r.suddenGains.magnitudeMax, '≥ suddenGains.magnitudeMin > 0');
  return r;
}

function check(ok: boolean, name: string, value: unknown, expected: string): void {
  if (!ok || (typeof value === 'number' && !Number.isFinite(value)))
    throw new StatInputError(`simulate: option ${name} is ${String(value)}; expected ${expected}.`);
}
