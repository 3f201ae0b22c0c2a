import { Type, type Static } from '@sinclair/typebox';
import { HEDGES_1981, HOLM_1979, JACOBSON_TRUAX_1991, WELCH_1951 } from '../report/citations.ts';
import type { DuckDBSession } from '../engine/duckdb-session.ts';
import { DataError } from '../engine/errors.ts';
import type { Ledger } from '../engine/ledger.ts';
import { tableName } from '../engine/table-shape.ts';
import { ruptureCounts } from '../report/figures/rupture-counts.ts';
import { ruptureTimelines, type TimelineEpisode } from '../report/figures/rupture-timelines.ts';
import { suddenCourse, type CoursePoint } from '../report/figures/sudden-course.ts';
import { apaF, apaP, formatCi, formatLevel, formatR, formatReliability, roundLikeR } from '../report/format/index.ts';
import { sampleForFigure } from '../report/sample/index.ts';
import type { Citation, ReportBlock } from '../report/types.ts';
import { pearson } from '../stats/correlation/index.ts';
import { StatInputError } from '../stats/errors.ts';
import { RUPTURE_PATTERNS, RUPTURE_STATUSES, ruptureEpisodeAt, rupturePreset, rupturesColumns, ruptureSeriesStats, type RuptureEpisode, type RupturePatientStatus, type RupturePresetName, type RuptureRule, type RupturesColumnsResult } from '../stats/ruptures/index.ts';
import { averageCourseAt } from '../stats/sudden/index.ts';
import { columnsOutput, fileSlug, INLINE_LIMIT, patientValuesOutput } from './row-level-output.ts';
import type { StageDefinition } from './stage-definition.ts';
import { checkApart, checkEach } from './check-apart.ts';
import { compareOutcome, ledgerMissingOutcome, ledgerUnusablePatients, instrumentOf, outcomeLevelOption, outcomeOption, planOutcome, planSeriesSource, readSessionSeries, stageSeriesColumns, type OutcomeComparison, type SeriesColumns, type SessionSeriesRead } from './sudden.ts';

export const PRESET_NAMES = ['stiles2004', 'strauss2006', 'gumz2012', 'rci'] as const;

const threshold = Type.Union([
  Type.Object({ type: Type.Literal('sd'), k: Type.Number({ exclusiveMinimum: 0 }), sd: Type.Union([Type.Literal('own'), Type.Literal('sample'), Type.Literal('max')]), sampleSdOf: Type.Optional(Type.Union([Type.Literal('scores'), Type.Literal('differences')], { description: 'What the sample SD is of: all scores (default) or the session-to-session differences; with sd: sample or max' })) }, { additionalProperties: false, description: 'k × SD: the patient\u2019s own SD, the sample SD, or the larger of the two' }),
  Type.Object({ type: Type.Literal('rci'), reliability: Type.Number({ minimum: 0, exclusiveMaximum: 1 }), sd: Type.Union([Type.Number({ exclusiveMinimum: 0 }), Type.Literal('sample'), Type.Literal('first')]) }, { additionalProperties: false, description: 'Reliable change 1.96·√2·SD·√(1 − reliability)' }),
  Type.Object({ type: Type.Literal('absolute'), value: Type.Number({ exclusiveMinimum: 0 }) }, { additionalProperties: false, description: 'A fixed drop in score points' }),
]);

const rule = Type.Object(
  {
    name: Type.String({ pattern: '^[A-Za-z0-9_.-]+$', patternMessage: 'letters, digits, _, . or - only', description: 'Name shown beside the presets' }),
    threshold,
    reference: Type.Optional(Type.Union([Type.Literal('previous'), Type.Literal('mean')], { default: 'previous', description: 'Drop measured from the previous session or from the patient\u2019s mean' })),
    window: Type.Optional(Type.Integer({ minimum: 1, default: 3, description: 'Repair must come within this many sessions' })),
    tolerance: Type.Optional(Type.Number({ minimum: 0, default: 0, description: 'Repair: a score ≥ pre-rupture level − tolerance' })),
    strict: Type.Optional(Type.Number({ minimum: 1, description: 'Flag episodes whose drop is ≥ strict × threshold' })),
  },
  { additionalProperties: false },
);

const options = Type.Object(
  {
    from: Type.String({ description: 'Session-level stage id (usually the score stage)' }),
    score: Type.String({ description: 'Session-level alliance score, e.g. wai_total' }),
    presets: Type.Optional(Type.Array(Type.Union(PRESET_NAMES.map((n) => Type.Literal(n))), { uniqueItems: true, description: 'Named rules compared side by side (default all four; rci only when a reliability is known)' })),
    rules: Type.Optional(Type.Array(rule, { description: 'Custom rules, shown beside the presets' })),
    reliability: Type.Optional(Type.Number({ minimum: 0, exclusiveMaximum: 1, description: 'Reliability for the rci preset (default: the instrument\u2019s); only used when rci runs: named under presets, or among the default presets (no presets and no rules)' })),
    sd: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'SD for the rci preset (default: SD of the patients\u2019 first observed scores); only used when rci runs, as reliability' })),
    direction: Type.Optional(Type.Union([Type.Literal('decrease'), Type.Literal('increase')], { description: 'A rupture is a drop (decrease) or a rise (increase) of the score; default: increase for an instrument score where lower is better, else decrease' })),
    fillSessions: Type.Optional(Type.Boolean({ default: true, description: 'Insert absent session numbers (min…max per patient) as missing scores' })),
    outcome: Type.Optional(outcomeOption),
    timelines: Type.Optional(Type.Integer({ minimum: 0, maximum: 12, default: 12, description: 'Episodes drawn as per-patient timelines (a seeded random sample)' })),
    level: Type.Optional(outcomeLevelOption),
  },
  { additionalProperties: false },
);

export type RupturesOptions = Static<typeof options>;

/** What each preset computes and what could not be pinned down (from `rupturePreset`'s documentation). */
export const PRESET_TEXT: Record<RupturePresetName, { label: string; computes: string; open: string }> = {
  stiles2004: {
    label: 'Stiles et al. (2004)',
    computes: 'a drop from the previous session of at least 2 × the patient\u2019s own SD; repaired when the next session is back at or above the pre-rupture score (a V-shaped dip; window 1)',
    open: 'which SD, whether the drop is measured from the previous session or the mean, and the repair level (the authors call their rule preliminary); only the 2 SD multiplier is verified',
  },
  strauss2006: {
    label: 'Strauss et al. (2006)',
    computes: 'a drop from the previous session of at least 1 × the patient\u2019s own SD; repaired when a session within the next 3 returns to the pre-rupture score',
    open: 'the SD, the 3-session window (this toolkit\u2019s choice) and any percentage criterion (a circulating "15%" rule could not be verified and is not used); only the 1 SD multiplier is verified',
  },
  gumz2012: {
    label: 'Gumz et al. (2012)',
    computes: 'a drop from the previous session of at least 1 × the larger of the patient\u2019s own SD and the sample SD of all scores; repair within 6 sessions; episodes whose drop also reaches 2 SD are classified separately ("gumz2012 (2 SD)")',
    open: 'how the within- and between-person SDs were computed, the repair level and the window (6 = the longest decline the authors report)',
  },
  rci: {
    label: 'Larsson et al. (2018), reliable change',
    computes: 'a drop from the previous session of at least the reliable-change value 1.96·√2·SD·√(1 − reliability); repair within 3 sessions',
    open: 'Larsson et al.\u2019s exact rule, the SD (here the SD of the patients\u2019 first observed scores unless given) and the window',
  },
};

/**
 * One classification side by side: a preset, a custom rule, or the strict (2 SD) level of gumz2012.
 * Episodes and statuses are kept as columns (`result`, `index`, `statusCode`); `episodes` and
 * `status` build the object and text forms on first access (for `alliance ruptures`).
 */
export interface RuptureClassification {
  name: string;
  /**
   * The rule applied, and which of its episodes this classification counts: `all` (every drop
   * ≥ threshold) or `strict` (only those whose initial drop is also ≥ strict × threshold). For
   * an SD threshold, `sdMultiples` states both levels in SDs: `detection` (k) and, at the strict
   * level, `confirmation` (strict × k), e.g. gumz2012 (2 SD): detection 1, confirmation 2.
   */
  rule: RupturesColumnsResult['rule'] & { episodes: 'all' | 'strict'; sdMultiples?: { detection: number; confirmation: number | null } };
  sampleSd: number;
  result: RupturesColumnsResult;
  /** This classification's episodes (all of the rule's, or its strict ones): indices into `result.episodes`, in order. */
  index: Int32Array;
  /** Status code per patient (index into `RUPTURE_STATUSES`). */
  statusCode: Uint8Array;
  readonly episodes: RuptureEpisode[];
  readonly status: RupturePatientStatus[];
  /** 1 when the patient has at least one repaired episode (rupture–repair presence). */
  repairPresent: Uint8Array;
  outcome: OutcomeComparison | null;
  pointBiserial: { n: number; r: number; ciLower: number; ciUpper: number; t: number; df: number; p: number } | null;
  pointBiserialNote: string | null;
}

export interface RupturesComputation {
  series: SessionSeriesRead;
  classifications: RuptureClassification[];
  /** Presets left out, with the reason. */
  skipped: { name: string; reason: string }[];
}

const STATUS = RUPTURE_STATUSES;

/** Builds the named rules of a spec: presets (rci needs a reliability) and custom rules. */
export function resolveRules(o: Pick<RupturesOptions, 'presets' | 'rules' | 'reliability' | 'sd' | 'direction'>, instrumentReliability: number | undefined, direction: 'decrease' | 'increase'): { rules: { name: string; rule: RuptureRule }[]; skipped: { name: string; reason: string }[] } {
  const rel = o.reliability ?? instrumentReliability;
  const rules: { name: string; rule: RuptureRule }[] = [];
  const skipped: { name: string; reason: string }[] = [];
  const names = o.presets ?? (o.rules?.length ? [] : [...PRESET_NAMES]);
  for (const n of names) {
    if (n === 'rci' && rel === undefined) {
      if (o.presets) throw new StatInputError("preset 'rci' needs a reliability (give reliability: or use an instrument score)");
      skipped.push({ name: n, reason: 'no reliability known (give reliability:)' });
      continue;
    }
    rules.push({ name: n, rule: { ...rupturePreset(n, { reliability: rel, sd: o.sd }), direction } });
  }
  for (const r of o.rules ?? []) {
    const { name, ...rest } = r;
    rules.push({ name, rule: { ...rest, direction } as RuptureRule });
  }
  return { rules, skipped };
}

/**
 * Rupture–repair episodes on a table under each rule, side by side: reads the series (session
 * grid filled), runs `ruptures` per rule (gumz2012 also at its strict 2 SD level) and, with an
 * outcome, compares it across none / repaired / unrepaired patients (Welch ANOVA, pairwise Welch
 * t and Hedges g, Holm) and correlates rupture–repair presence with it (point-biserial r).
 * Used by the `ruptures` stage and `alliance ruptures` (one code path).
 */
export async function computeRuptures(db: DuckDBSession, table: string, cols: SeriesColumns, rules: { name: string; rule: RuptureRule }[], opts: { ledger?: Ledger; stageId?: string; file?: string; level?: number } = {}): Promise<RupturesComputation> {
  const stageId = opts.stageId ?? 'ruptures';
  const level = opts.level ?? 0.95;
  const series = await readSessionSeries(db, table, cols, opts.file);
  opts.ledger?.add({ stage: stageId, action: 'excluded', unit: 'rows', count: series.dropped, reason: 'no-patient-or-session', detail: `${cols.score}: rows without a patient id or ${cols.time} cannot be placed in a series` });
  opts.ledger?.add({ stage: stageId, action: 'flagged', unit: 'sessions', count: series.inserted, reason: 'absent-session', detail: `${cols.score}: session numbers absent between a patient's first and last session were inserted as missing scores` });
  if (series.ids.length === 0) throw new DataError(`no rows with a patient id and ${cols.time}`, opts.file);
  const classifications: RuptureClassification[] = [];
  const stats = ruptureSeriesStats(series);
  for (const { name, rule: r } of rules) {
    const result = rupturesColumns(series, r, stats);
    const ep = result.episodes;
    classifications.push(classify(name, result, indicesWhere(ep.count), result.patients.status, series, cols.outcome?.column, level, 'all'));
    if (result.rule.strict !== null) {
      const strictIndex = indicesWhere(ep.count, ep.strict);
      classifications.push(classify(name === 'gumz2012' ? 'gumz2012 (2 SD)' : `${name} (strict)`, result, strictIndex, result.patients.strictStatus, series, cols.outcome?.column, level, 'strict'));
    }
  }
  const evaluable = classifications[0]?.result.patients.evaluable;
  // a patient that is not evaluable is counted once, under too few scores, whether or not it has an outcome
  ledgerMissingOutcome(series, cols, opts.ledger, stageId, evaluable ? (p) => evaluable[p] === 1 : undefined);
  if (evaluable) {
    ledgerUnusablePatients(series, (p) => !evaluable[p], opts.ledger, stageId, {
      missing: { reason: 'too-few-scores', detail: `${cols.score}: patients without scores at two consecutive sessions (or without an SD) because of missing scores; counted as not evaluable and left out of the outcome comparisons` },
      structural: { reason: 'series-too-short', detail: `${cols.score}: patients with a complete series of fewer than two scores (or no SD) cannot have an episode; counted as not evaluable and left out of the outcome comparisons` },
    }, false);
  }
  return { series, classifications, skipped: [] };
}

/** 0…count−1 where `flag[k]` is 1 (every k without `flag`). */
function indicesWhere(count: number, flag?: Uint8Array): Int32Array {
  const out = new Int32Array(count);
  let m = 0;
  if (flag) {
    for (let k = 0; k < count; k++) if (flag[k] === 1) out[m++] = k;
  } else {
    for (; m < count; m++) out[m] = m;
  }
  return m === count ? out : out.slice(0, m);
}

/** The rule as a classification reports it: which episodes it counts and, for an SD threshold, both SD multiples. */
function reportedRule(rule: RupturesColumnsResult['rule'], episodes: 'all' | 'strict'): RuptureClassification['rule'] {
  if (rule.threshold.type !== 'sd') return { ...rule, episodes };
  const k = rule.threshold.k;
  return { ...rule, episodes, sdMultiples: { detection: k, confirmation: episodes === 'strict' && rule.strict !== null ? rule.strict * k : null } };
}

function classify(name: string, result: RupturesColumnsResult, index: Int32Array, statusCode: Uint8Array, series: SessionSeriesRead, outcomeColumn: string | undefined, level: number, episodes: 'all' | 'strict'): RuptureClassification {
  const nP = statusCode.length;
  const ep = result.episodes;
  const repairPresent = new Uint8Array(nP);
  for (let j = 0; j < index.length; j++) if (ep.repaired[index[j]!]) repairPresent[ep.id[index[j]!]!] = 1;
  let outcome: OutcomeComparison | null = null;
  let pointBiserial: RuptureClassification['pointBiserial'] = null;
  let pointBiserialNote: string | null = null;
  const outcomes = series.outcome;
  if (outcomes) {
    const ev = result.patients.evaluable;
    const group = new Int8Array(nP);
    for (let p = 0; p < nP; p++) group[p] = ev[p] ? statusCode[p]! : -1;
    outcome = compareOutcome(outcomeColumn!, outcomes, group, STATUS, [[1, 0], [2, 0], [1, 2]], level);
    let m = 0;
    for (let p = 0; p < nP; p++) if (ev[p] && !Number.isNaN(outcomes[p]!)) m++;
    const x = new Float64Array(m);
    const y = new Float64Array(m);
    for (let p = 0, j = 0; p < nP; p++) {
      if (!ev[p] || Number.isNaN(outcomes[p]!)) continue;
      x[j] = repairPresent[p]!;
      y[j++] = outcomes[p]!;
    }
    try {
      const r = pearson(x, y, { level });
      pointBiserial = { n: r.n, r: r.r, ciLower: r.ciLower, ciUpper: r.ciUpper, t: r.t, df: r.df, p: r.p };
      if (!Number.isFinite(r.r)) throw new StatInputError('constant presence');
    } catch {
      pointBiserial = null;
      pointBiserialNote = 'not computable (every patient, or none, has a repaired episode, or fewer than 4 patients)';
    }
  }
  let objects: RuptureEpisode[] | undefined;
  let text: RupturePatientStatus[] | undefined;
  return {
    name,
    rule: reportedRule(result.rule, episodes),
    sampleSd: result.sampleSd,
    result,
    index,
    statusCode,
    get episodes() {
      return (objects ??= Array.from(index, (k) => ruptureEpisodeAt(series, ep, k)));
    },
    get status() {
      return (text ??= Array.from(statusCode, (s) => STATUS[s]!));
    },
    repairPresent,
    outcome,
    pointBiserial,
    pointBiserialNote,
  };
}

/** Per-classification counts for results and the side-by-side table. */
export function countsOf(c: RuptureClassification) {
  const ev = c.result.patients.evaluable;
  const ep = c.result.episodes;
  const statusCode = c.statusCode;
  let evaluable = 0;
  const byStatus = [0, 0, 0];
  for (let p = 0; p < statusCode.length; p++) {
    if (!ev[p]) continue;
    evaluable++;
    byStatus[statusCode[p]!]!++;
  }
  const patients = { none: byStatus[0]!, repaired: byStatus[1]!, unrepaired: byStatus[2]! };
  const byPattern = [0, 0, 0, 0];
  let censored = 0;
  let repairedEpisodes = 0;
  for (let j = 0; j < c.index.length; j++) {
    const k = c.index[j]!;
    byPattern[ep.pattern[k]!]!++;
    censored += ep.censored[k]!;
    repairedEpisodes += ep.repaired[k]!;
  }
  const patterns = { V: byPattern[0]!, 'decline-sudden-repair': byPattern[1]!, 'gradual-repair': byPattern[2]!, unrepaired: byPattern[3]! };
  let withRepair = 0;
  for (let p = 0; p < c.repairPresent.length; p++) withRepair += c.repairPresent[p]!;
  const pct = (k: number) => (evaluable ? (100 * k) / evaluable : 0);
  return {
    patients: c.statusCode.length,
    evaluable,
    episodes: c.index.length,
    repairedEpisodes,
    censoredEpisodes: censored,
    patterns,
    status: patients,
    statusPercent: { none: pct(patients.none), repaired: pct(patients.repaired), unrepaired: pct(patients.unrepaired) },
    patientsWithRepair: withRepair,
  };
}

const CITATIONS: Citation[] = [
  { key: 'stiles2004', text: 'Stiles, W. B., Glick, M. J., Osatuke, K., Hardy, G. E., Shapiro, D. A., Agnew-Davies, R., Rees, A., & Barkham, M. (2004). Patterns of alliance development and the rupture–repair hypothesis: Are productive relationships U-shaped or V-shaped? Journal of Counseling Psychology, 51(1), 81–92. https://doi.org/10.1037/0022-0167.51.1.81' },
  { key: 'strauss2006', text: 'Strauss, J. L., Hayes, A. M., Johnson, S. L., Newman, C. F., Brown, G. K., Barber, J. P., Laurenceau, J.-P., & Beck, A. T. (2006). Early alliance, alliance ruptures, and symptom change in a nonrandomized trial of cognitive therapy for avoidant and obsessive–compulsive personality disorders. Journal of Consulting and Clinical Psychology, 74(2), 337–345. https://doi.org/10.1037/0022-006X.74.2.337' },
  { key: 'gumz2012', text: 'Gumz, A., Brähler, E., Geyer, M., & Erices, R. (2012). Crisis-repair sequences – considerations on the classification and assessment of breaches in the therapeutic relationship. BMC Medical Research Methodology, 12, 10. https://doi.org/10.1186/1471-2288-12-10' },
  { key: 'larsson2018', text: 'Larsson, M. H., Falkenström, F., Andersson, G., & Holmqvist, R. (2018). Alliance ruptures and repairs in psychotherapy in primary care. Psychotherapy Research, 28(1), 123–136. https://doi.org/10.1080/10503307.2016.1174345' },
  { key: 'eubanks2018', text: 'Eubanks, C. F., Muran, J. C., & Safran, J. D. (2018). Alliance rupture repair: A meta-analysis. Psychotherapy, 55(4), 508–519. https://doi.org/10.1037/pst0000185' },
  JACOBSON_TRUAX_1991,
];

/** Describes a custom rule in words. */
export function describeRule(r: RupturesColumnsResult['rule']): string {
  const t = r.threshold;
  const th = t.type === 'sd' ? `${t.k} × ${t.sd === 'own' ? 'the patient\u2019s own SD' : t.sd === 'sample' ? `the sample SD of ${t.sampleSdOf ?? 'scores'}` : `the larger of the own SD and the sample SD of ${t.sampleSdOf ?? 'scores'}`}` : t.type === 'rci' ? `the reliable-change value (reliability ${formatReliability(t.reliability)}, SD ${typeof t.sd === 'number' ? t.sd : t.sd === 'first' ? 'of first scores' : 'of all scores'})` : `${t.value} points`;
  return `a ${r.direction === 'decrease' ? 'drop' : 'rise'} from ${r.reference === 'previous' ? 'the previous session' : 'the patient\u2019s mean'} of at least ${th}; repaired within ${r.window} session(s) at the pre-rupture level${r.tolerance ? ` minus ${r.tolerance}` : ''}${r.strict !== null ? `; strict when the drop reaches ${r.strict} × the threshold` : ''}`;
}

/**
 * Stage `ruptures`: rupture–repair episodes in a session-by-session alliance score under several
 * published rules side by side (presets stiles2004, strauss2006, gumz2012, rci, and custom rules),
 * with per-patient none / repaired / unrepaired classification (after Larsson et al. 2018), the
 * average course around ruptures, sampled per-patient timelines with the threshold drawn and,
 * with an outcome, the outcome compared across the three groups and correlated with rupture–repair
 * presence — per rule, so the dependence of the conclusion on the rule is visible.
 */
export const ruptures: StageDefinition<typeof options> = {
  type: 'ruptures',
  summary: 'Rupture–repair episodes in alliance series under several published rules side by side, with their relation to outcome',
  options,
  plan(o, ctx) {
    // independent checks: each problem is recorded and the next check runs, apart from those reading an option in doubt
    let source: ReturnType<typeof planSeriesSource>;
    checkApart(
      () => (source = planSeriesSource(o, ctx)),
      () => {
        const inst = source?.inst;
        // entry by entry: a preset in doubt (one that failed the schema) is skipped, the others are still read
        let rci = false;
        checkEach(o.presets ?? [], (n) => (rci ||= n === 'rci'));
        if (source && rci && o.reliability === undefined && !(inst && ctx.instrument(inst.instrument, 'presets').reliability !== undefined)) ctx.problem('reliability', "preset 'rci' needs a reliability (give reliability:)");
      },
      () => {
        if (o.presets && o.presets.length === 0 && !o.rules?.length) ctx.problem('presets', 'name at least one preset or give rules');
      },
      () => {
        // only the rci preset reads reliability and sd: beside presets without it, or when it is left out, they were ignored
        const given = (['reliability', 'sd'] as const).filter((k) => o[k] !== undefined);
        if (!given.length) return;
        let why: string;
        let fix: string;
        if (o.presets) {
          if (o.presets.includes('rci')) return;
          why = `and presets: [${o.presets.join(', ')}] does not name it`;
          fix = 'add rci to presets';
        } else if (o.rules?.length) {
          why = "and without presets: the stage runs the custom rules only (a custom rule's rci threshold has its own reliability and sd)";
          fix = 'add presets: [rci]';
        } else {
          // the default presets: rci is among them once a reliability is known
          const inst = source?.inst;
          if (!source || o.reliability !== undefined) return;
          const def = inst ? ctx.instrument(inst.instrument, 'presets') : undefined;
          if (def?.reliability !== undefined) return;
          why = `which the default presets leave out without a reliability (${def ? `${def.name} has none` : `'${o.score}' is not an instrument score`})`;
          fix = 'give reliability:';
        }
        for (const k of given) ctx.problem(k, `${k} is only used by the rci preset, ${why}; ${fix} or drop ${k}`);
      },
      () => {
        // the names of the entries not in doubt: two of them alike are a problem whatever the others hold
        const names: string[] = [];
        checkEach(o.presets ?? [], (n) => names.push(n));
        checkEach(o.rules ?? [], (r) => names.push(r.name));
        const dup = names.find((n, i) => names.indexOf(n) !== i);
        if (dup) ctx.problem('rules', `rule name '${dup}' is used twice`);
      },
      () =>
        ctx.eachEntry(o.rules ?? [], (r, i) => {
          // what the sample SD is of is read only where a sample SD is used: beside sd: own it was ignored
          const t = r.threshold;
          if (t.type === 'sd' && t.sd === 'own' && t.sampleSdOf !== undefined) {
            ctx.problem(`rules[${i}].threshold.sampleSdOf`, "sampleSdOf says what the sample SD is of, and sd: own takes each patient's own SD instead; set sd: sample or max, or drop sampleSdOf");
          }
        }),
      () => planOutcome(o, ctx),
    );
    return {};
  },
  async run(o, ctx) {
    const src = ctx.table(o.from);
    const inst = instrumentOf(src, o.score);
    const def = inst ? ctx.instrument(inst.instrument) : undefined;
    const direction = o.direction ?? (inst && !inst.higherIsBetter ? 'increase' : 'decrease');
    const { rules, skipped } = resolveRules(o, def?.reliability, direction);
    const level = o.level ?? 0.95;
    const comp = await computeRuptures(
      ctx.db,
      tableName(o.from),
      stageSeriesColumns(o, ctx),
      rules,
      { ledger: ctx.ledger, stageId: ctx.stageId, file: src.file, level },
    );
    comp.skipped.push(...skipped);
    const labels = await ctx.pseudonyms(comp.series.patients, 'patient');
    const cls = comp.classifications;
    const counts = cls.map((c) => ({ name: c.name, ...countsOf(c) }));
    const blocks: ReportBlock[] = [];
    blocks.push({
      kind: 'text',
      text: `Rupture–repair episodes in ${o.score} (a rupture is a ${direction === 'decrease' ? 'drop' : 'rise'} between consecutive sessions) under ${cls.length} rule(s) side by side. Published studies operationalise ruptures differently and their counts depend on the rule (Gumz et al., 2012); each rule below states what it computes and which parts of the published rule could not be pinned down. Patients are classified as none (no episode), repaired (every episode repaired) or unrepaired (any episode unrepaired, including episodes whose window ran past the last session or held a missing score), after Larsson et al. (2018).${comp.skipped.length ? ` Left out: ${comp.skipped.map((s) => `${s.name} (${s.reason})`).join('; ')}.` : ''}${comp.series.inserted ? ` ${comp.series.inserted} absent session number(s) were inserted as missing scores.` : ''}`,
    });
    blocks.push({
      kind: 'table',
      id: `${ctx.stageId}-rules`,
      caption: 'Rules: what each computes and what could not be pinned down',
      columns: [
        { key: 'rule', label: 'Rule' },
        { key: 'source', label: 'Source' },
        { key: 'computes', label: 'Computes' },
        { key: 'open', label: 'Not pinned down' },
      ],
      rows: rules.map(({ name }) => {
        const preset = (PRESET_NAMES as readonly string[]).includes(name) ? PRESET_TEXT[name as RupturePresetName] : undefined;
        const c = cls.find((x) => x.name === name)!;
        const thr = c.sampleSd && Number.isFinite(c.sampleSd) ? ` Sample SD used: ${c.sampleSd.toFixed(2)}.` : '';
        return { rule: name, source: preset?.label ?? 'custom', computes: (preset?.computes ?? describeRule(c.rule)) + '.' + thr, open: preset?.open ?? '(a custom rule: fully specified by its options)' };
      }),
    });
    blocks.push({
      kind: 'table',
      id: `${ctx.stageId}-counts`,
      caption: `Rupture–repair counts per rule (${o.score}); percentages of evaluable patients`,
      columns: [
        { key: 'rule', label: 'Rule' },
        { key: 'evaluable', label: 'Evaluable patients', format: 'int' },
        { key: 'episodes', label: 'Episodes', format: 'int' },
        { key: 'V', label: 'V', format: 'int' },
        { key: 'decline', label: 'Decline, sudden repair', format: 'int' },
        { key: 'gradual', label: 'Gradual repair', format: 'int' },
        { key: 'unrepairedEpisodes', label: 'Unrepaired episodes', format: 'int' },
        { key: 'none', label: 'None', format: 'int' },
        { key: 'repaired', label: 'Repaired', format: 'int' },
        { key: 'repairedPct', label: 'Repaired %', format: 'num1' },
        { key: 'unrepaired', label: 'Unrepaired', format: 'int' },
        { key: 'unrepairedPct', label: 'Unrepaired %', format: 'num1' },
      ],
      rows: counts.map((k) => ({ rule: k.name, evaluable: k.evaluable, episodes: k.episodes, V: k.patterns.V, decline: k.patterns['decline-sudden-repair'], gradual: k.patterns['gradual-repair'], unrepairedEpisodes: k.patterns.unrepaired, none: k.status.none, repaired: k.status.repaired, repairedPct: k.statusPercent.repaired, unrepaired: k.status.unrepaired, unrepairedPct: k.statusPercent.unrepaired })),
      note: `Evaluable patients have scores at two consecutive sessions at least (and an SD for SD-based rules): a rupture is a drop from one session to the next. Unrepaired episodes include ${counts.map((k) => `${k.censoredEpisodes} (${k.name})`).join(', ')} censored ones: the window ran past the last session or held a missing score.`,
    });
    blocks.push({
      kind: 'figure',
      id: `${ctx.stageId}-counts-chart`,
      title: 'Patients by rupture–repair status, per rule',
      description: `Grouped bars: number of evaluable patients with no rupture, with every rupture repaired, and with an unrepaired rupture, for each rule. ${counts.map((k) => `${k.name}: none ${k.status.none}, repaired ${k.status.repaired}, unrepaired ${k.status.unrepaired}`).join('; ')}.`,
      spec: ruptureCounts(counts.flatMap((k) => STATUS.map((s) => ({ rule: k.name, status: s, n: k.status[s], percent: roundLikeR(k.statusPercent[s], 1) })))),
    });
    const course: CoursePoint[] = [];
    for (const c of cls) {
      if (!c.index.length) continue;
      const a = averageCourseAt(comp.series, episodeRows(c), 3, 3);
      for (let k = 0; k < a.offset.length; k++) if (a.n[k]! > 0) course.push({ series: c.name, offset: a.offset[k]!, n: a.n[k]!, mean: roundLikeR(a.mean[k]!, 3), sd: roundLikeR(a.sd[k]!, 3) });
    }
    if (course.length) {
      blocks.push({
        kind: 'figure',
        id: `${ctx.stageId}-course`,
        title: `Average course of ${o.score} around ruptures`,
        description: `Mean ${o.score} at sessions −3 to +3 around every rupture onset (offset 0), one line per rule; missing scores are skipped and the number of scores per offset is in the tooltip.`,
        spec: suddenCourse({ points: course, yTitle: o.score, title: `${o.score} around rupture onsets`, zeroLabel: 'rupture session' }),
      });
    }
    const first = cls.find((c) => c.index.length);
    const nTimelines = o.timelines ?? 12;
    if (first && nTimelines > 0) {
      const shown = sampleForFigure(Array.from(first.index), nTimelines, ctx.seed, 'episodes');
      const eps: TimelineEpisode[] = shown.rows.map((e, k) => timeline(ruptureEpisodeAt(comp.series, first.result.episodes, e), k, comp.series, labels, direction));
      blocks.push({
        kind: 'figure',
        id: `${ctx.stageId}-timelines`,
        title: `Rupture–repair episodes (${first.name}): per-patient timelines`,
        description: `${shown.rows.length} of the ${first.index.length} episodes under ${first.name} (${shown.sampled ? `a simple random sample, seed ${ctx.seed}` : 'all'}); each panel shows one patient's ${o.score} by session${ctx.identifiers ? '' : ' (pseudonymous patient labels)'}, the rupture level (pre-rupture score minus the patient's threshold) as a dashed line, the rupture session in orange and the repair session, if any, in green.`,
        spec: ruptureTimelines(eps, o.score),
      });
    }
    if (o.outcome) {
      blocks.push(outcomeByRule(`${ctx.stageId}-outcome`, o.outcome.column, cls, level));
    }
    const files: Record<string, string> = {};
    const result = {
      score: o.score,
      direction,
      identifiers: ctx.identifiers ? 'raw' : 'pseudonymous',
      skipped: comp.skipped,
      rowLevel: `per-patient statuses and episodes are inline up to ${INLINE_LIMIT} rows, else in data/*.csv beside results.json`,
      rules: cls.map((c, i) => ({
        name: c.name,
        rule: c.rule,
        sampleSd: Number.isFinite(c.sampleSd) ? c.sampleSd : null,
        counts: counts[i],
        outcome: c.outcome,
        pointBiserial: c.pointBiserial,
        pointBiserialNote: c.pointBiserialNote,
        patients: patientValuesOutput(`${ctx.stageId}-${fileSlug(c.name)}-patients`, c.statusCode.length === labels.length ? labels : labels.slice(0, c.statusCode.length), STATUS_TEXT, statusCodes(c), files),
        episodes: episodesOutput(`${ctx.stageId}-${fileSlug(c.name)}-episodes`, c, labels, files),
      })),
    };
    const methods = [
      `Alliance ruptures in ${o.score} were detected with ${cls.length} explicit rules side by side (${cls.map((c) => c.name).join(', ')}; after Stiles et al., 2004, Strauss et al., 2006, Gumz et al., 2012, and Larsson et al., 2018), and patients were classified as having no rupture, only repaired ruptures, or an unrepaired rupture.`,
      ...(o.outcome ? [`For each rule, ${o.outcome.column} was compared across the three groups with Welch's ANOVA (Welch, 1951) and pairwise Welch t tests with Hedges' g (Hedges, 1981), Holm-adjusted (Holm, 1979), and correlated with rupture–repair presence (point-biserial r; compare Eubanks, Muran & Safran, 2018).`] : []),
    ];
    return {
      result,
      files,
      sections: [{ id: ctx.stageId, title: `Rupture–repair episodes (${o.score})`, blocks }],
      methods,
      citations: [...CITATIONS.filter((c) => c.key !== 'jacobson1991' || rules.some((r) => r.rule.threshold.type === 'rci')), ...(o.outcome ? [WELCH_1951, HEDGES_1981, HOLM_1979] : [])],
    };
  },
};

/** The series rows of a classification's episodes, in order. */
function episodeRows(c: RuptureClassification): Int32Array {
  const row = c.result.episodes.row;
  // the index lists increasing episodes: as many as the rule found means all of them
  if (c.index.length === row.length) return row;
  const out = new Int32Array(c.index.length);
  for (let j = 0; j < out.length; j++) out[j] = row[c.index[j]!]!;
  return out;
}

/** Patient statuses as written: RUPTURE_STATUSES, then 'not-evaluable' (code 3). */
const STATUS_TEXT: readonly string[] = [...RUPTURE_STATUSES, 'not-evaluable'];

function statusCodes(c: RuptureClassification): Uint8Array {
  const ev = c.result.patients.evaluable;
  const out = new Uint8Array(c.statusCode.length);
  for (let p = 0; p < out.length; p++) out[p] = ev[p] ? c.statusCode[p]! : 3;
  return out;
}

/** Each patient's status as the stage writes it ('none', 'repaired', 'unrepaired' or 'not-evaluable'), for `alliance ruptures`. */
export function patientStatusText(c: RuptureClassification): string[] {
  return Array.from(statusCodes(c), (s) => STATUS_TEXT[s]!);
}

/** A classification's episodes as `episodeJson` rows: inline objects up to INLINE_LIMIT, else a CSV written from the columns. */
function episodesOutput(name: string, c: RuptureClassification, labels: readonly string[], files: Record<string, string>) {
  const ep = c.result.episodes;
  return columnsOutput(
    name,
    c.index.length,
    [
      { key: 'id', text: labels, code: ep.id },
      { key: 'session', number: ep.position },
      { key: 'time', number: ep.time },
      { key: 'pre', number: ep.pre },
      { key: 'score', number: ep.score },
      { key: 'drop', number: ep.drop },
      { key: 'threshold', number: ep.threshold },
      { key: 'depth', number: ep.depth },
      { key: 'declineLength', number: ep.declineLength },
      { key: 'dipLength', number: ep.dipLength },
      { key: 'repaired', bool: ep.repaired },
      { key: 'repairSession', number: ep.repairPosition, present: ep.repaired },
      { key: 'repairTime', number: ep.repairTime, present: ep.repaired },
      { key: 'pattern', text: RUPTURE_PATTERNS, code: ep.pattern },
      { key: 'censored', bool: ep.censored },
      { key: 'strict', bool: ep.strict },
    ],
    files,
    // all of the rule's episodes in order: read them directly
    c.index.length === ep.count ? undefined : c.index,
  );
}

/** One episode as plain JSON (the row `episodesOutput` writes). */
export function episodeJson(e: RuptureEpisode, patient: string) {
  return { id: patient, session: e.position, time: e.time, pre: e.pre, score: e.score, drop: e.drop, threshold: e.threshold, depth: e.depth, declineLength: e.declineLength, dipLength: e.dipLength, repaired: e.repaired, repairSession: e.repaired ? e.repairPosition : null, repairTime: e.repaired ? e.repairTime : null, pattern: e.pattern, censored: e.censored, strict: e.strict };
}

function timeline(e: RuptureEpisode, k: number, s: SessionSeriesRead, labels: readonly string[], direction: 'decrease' | 'increase'): TimelineEpisode {
  const row0 = e.row - e.position + 1;
  let stop = e.row;
  while (stop < s.ids.length && s.ids[stop] === e.id) stop++;
  const points: { session: number; score: number }[] = [];
  for (let i = row0; i < stop; i++) if (!Number.isNaN(s.score[i]!)) points.push({ session: s.time[i]!, score: roundLikeR(s.score[i]!, 3) });
  const level = direction === 'decrease' ? e.pre - e.threshold : e.pre + e.threshold;
  return {
    panel: `${k + 1}. ${labels[e.id]}`,
    points,
    ruptureSession: e.time,
    ruptureScore: roundLikeR(e.score, 3),
    repairSession: e.repaired ? e.repairTime : null,
    repairScore: e.repaired ? roundLikeR(s.score[row0 + e.repairPosition - 1]!, 3) : null,
    level: roundLikeR(level, 3),
    pattern: e.pattern,
  };
}

function g(x: { g: number | null; gLower: number | null; gUpper: number | null; pHolm: number | null }): string {
  if (x.g === null) return '—';
  return `${x.g.toFixed(2).replace('-', '\u2212')} ${formatCi([x.gLower!, x.gUpper!], 2)}, ${apaP(x.pHolm!)}`;
}

/** One row per rule: group sizes and means, Welch F, pairwise g (Holm p) and the point-biserial r. */
function outcomeByRule(id: string, column: string, cls: RuptureClassification[], level: number): ReportBlock {
  const pct = formatLevel(level);
  const mean = (c: OutcomeComparison, k: number) => {
    const gr = c.groups[k]!;
    return gr.n ? `${gr.mean!.toFixed(2).replace('-', '\u2212')} (${gr.n})` : '— (0)';
  };
  return {
    kind: 'table',
    id,
    caption: `${column} by rupture–repair status, per rule: mean (n), Welch's ANOVA, Hedges' g with ${pct} CI and Holm-adjusted p, and the point-biserial correlation with rupture–repair presence`,
    columns: [
      { key: 'rule', label: 'Rule' },
      { key: 'none', label: 'None M (n)' },
      { key: 'repaired', label: 'Repaired M (n)' },
      { key: 'unrepaired', label: 'Unrepaired M (n)' },
      { key: 'welch', label: 'Welch F (p)' },
      { key: 'repVsNone', label: 'g repaired − none' },
      { key: 'unrepVsNone', label: 'g unrepaired − none' },
      { key: 'repVsUnrep', label: 'g repaired − unrepaired' },
      { key: 'rpb', label: `r (repair present) [${pct} CI], p` },
    ],
    rows: cls.map((c) => {
      const o = c.outcome!;
      const pb = c.pointBiserial;
      return {
        rule: c.name,
        none: mean(o, 0),
        repaired: mean(o, 1),
        unrepaired: mean(o, 2),
        welch: o.welch ? apaF({ f: o.welch.F, df1: o.welch.df1, df2: o.welch.df2, p: o.welch.p }) : '—',
        repVsNone: g(o.pairs[0]!),
        repVsUnrep: g(o.pairs[2]!),
        unrepVsNone: g(o.pairs[1]!),
        rpb: pb ? `${formatR(pb.r)} ${formatCi([pb.ciLower, pb.ciUpper])}, ${apaP(pb.p)} (n = ${pb.n})` : '—',
      };
    }),
    note: `Patients who cannot be evaluated (no scores at two consecutive sessions) and patients without ${column} are left out. Rupture–repair presence: at least one repaired episode. A dash: a group has fewer than two patients or no variation. Positive g: the first group has the higher ${column}.`,
  };
}
