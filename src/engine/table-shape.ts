/**
 * What the planner knows about a table before anything runs: its columns and their kinds,
 * and which canonical roles (patient, session, …) and scored instruments it carries.
 * Stages declare the shape they produce so a whole pipeline is checked before execution.
 */
export type ColumnKind = 'number' | 'string';

export type Role = 'patient' | 'therapist' | 'site' | 'modality' | 'session' | 'rater';

export interface ScoredInstrument {
  /** Output column prefix, e.g. `wai`. */
  prefix: string;
  /** Instrument key, e.g. `wai-sr`. */
  instrument: string;
  higherIsBetter: boolean;
  /** Scale names scored (`total`, `task`, …); columns are `<prefix>_<scale>`. */
  scales: string[];
  /** Item columns that fed the scores, in item order. */
  itemColumns: string[];
  /** How the scores were aggregated: the sum or the mean of the items (the score stage's entry, else the instrument's). */
  aggregate: 'sum' | 'mean';
}

/** Whether a column holds patient or therapist identifiers (the table's patient or therapist role). */
export function identifierRole(shape: TableShape, column: string | undefined): 'patient' | 'therapist' | undefined {
  if (column === undefined) return undefined;
  return shape.roles.patient === column ? 'patient' : shape.roles.therapist === column ? 'therapist' : undefined;
}

export interface TableShape {
  /** Stage id that produced the table; the DuckDB table is named `t_<id>`. */
  id: string;
  /** Grain of one row. */
  grain: 'session' | 'patient' | 'study' | 'other';
  columns: Map<string, ColumnKind>;
  roles: Partial<Record<Role, string>>;
  instruments: ScoredInstrument[];
  /** Input file the rows came from (as written in the spec), for error messages. */
  file?: string;
  /**
   * The delimited text file on disk (CSV or TSV) whose data rows the relation's rows, `_row` and
   * its DataErrors' rows number: errors then name those rows by their lines (RowPlace, errors.ts).
   */
  textFile?: string;
  /**
   * Integer patient codes the relation carries beside its columns (not listed in `columns`):
   * `column` numbers the values of `of` 0…k−1 in the order of ORDER BY `of`, and the table
   * `levels` (columns `of` and `code`) lists each value once. Sorting and partitioning by the
   * code is the same as by the id, without a join on text. Set by score from the codes ingest
   * keeps beside its table (patientCodesBeside); cloneShape does not copy it.
   */
  patientCodes?: { of: string; column: string; levels: string };
  /**
   * Patient codes held beside the relation rather than in it: the one-column table `table` lists
   * `column` row by row in the relation's scan order (the relation has `stableOrder`), so a stage
   * that builds a view over the relation can carry the codes in with POSITIONAL JOIN (score does).
   * Kept out of the relation itself because a scan through POSITIONAL JOIN runs on one thread,
   * which would slow every scan of the ingest table. cloneShape does not copy it.
   */
  patientCodesBeside?: { table: string; of: string; column: string; levels: string };
  /**
   * Every scan returns the rows in the same order (a stored table, or a view that only adds
   * columns to one, as ingest's and score's are), so a table computed from it can be put beside
   * it with POSITIONAL JOIN.
   * cloneShape does not copy it.
   */
  stableOrder?: boolean;
  /**
   * The stored table the relation is a view over, column for column (ingest's view adds `_row`
   * and casts the stored columns to DOUBLE): a column stored there as an integer type (ingest's
   * compact SMALLINT/INTEGER columns) holds whole numbers only, which score then need not test.
   * Describes the table of stage `of` only: a shape copied from it under another id must not use
   * it. cloneShape does not copy it.
   */
  storedIn?: { of: string; table: string };
  /**
   * Longest chain of derived columns, each computed from the one before, in the derive views this
   * table is built on (see MAX_DERIVED_CHAIN in src/stages/derive.ts): each link nests DuckDB's
   * SQL deeper. cloneShape copies it, as a table cloned from another is a view over it.
   */
  derivedLevels?: number;
  /**
   * Columns that some rows lack by the analysis' design rather than for missing data, each with
   * the SQL condition (`when`, over the table's listed columns) that holds on those rows and whom
   * it concerns (`why`, a phrase for ledger details: 'patients with one recorded session'). E.g.
   * the patients stage's later improvement for a patient whose last recorded session is at or
   * before session k, who has no later period to improve in whatever the data quality. A row that
   * lacks such a column where its condition holds (NULL counts as not holding) is counted by the
   * stages that leave it out as `not-applicable`, not `excluded`, so `--strict` does not stop on it
   * (see src/engine/missing-by-design.ts). cloneShape copies it: a cloned table keeps its source's
   * columns as they are.
   */
  missingByDesign?: Map<string, { when: string; why: string }>;
  /**
   * What a row needs to have a value in a computed column, as a phrase that follows "needs", for
   * the message of a stage that is left with too few complete rows: the patients stage's
   * prior improvement 'an outcome score after the baseline at a session numbered up to 3 (stage
   * 'patients', option session)'. Without it, a researcher whose session numbers skip 3 learns only
   * that no rows were left. cloneShape copies it.
   */
  needs?: Map<string, string>;
  /**
   * Why a column is text where a stage may expect numbers, as a clause that follows "is text,
   * expected numeric: ": ingest's columns whose sampled cells are all empty or a missing-value
   * code ('NA' written for an item never asked). cloneShape copies it.
   */
  whyText?: Map<string, string>;
  /**
   * Whether higher values are better, for the columns whose scale direction a stage knows: the
   * patients stage's outcome under its name (`phq_total` → false), from the instrument that scored
   * it or the stage's outcomeHigherIsBetter. The change stage takes its direction from it when the
   * spec names neither a direction nor an instrument. cloneShape copies it.
   */
  higherIsBetter?: Map<string, boolean>;
  /**
   * Columns that hold a patient's last score of a series (the patients stage's `phq_total_final`),
   * each with the column counting that series' scores (`phq_total_n`). A patient with one score
   * has a last score that is also the first (the baseline): therapist-effects leaves such patients
   * out of an end-of-treatment outcome unless told to keep them. cloneShape copies it.
   */
  lastScores?: Map<string, { count: string; series: string }>;
  /**
   * The instrument and aggregate that scored a column, for columns a stage knows were scored (the
   * patients stage's outcome under its name, `phq_total` → PHQ-9, sum). The change stage refuses an
   * instrument's cut-off or reliable-change value, which are on the instrument's own scale, for an
   * outcome scored on another (an item mean where the cut-off is for the sum). cloneShape copies it.
   */
  scoredWith?: Map<string, { instrument: string; scale: string; aggregate: 'sum' | 'mean' }>;
}

/**
 * What a table lacks of the patient and session roles, as a message tail: "has no patient column",
 * "has no session column", "has no patient and session columns"; '' when it has both.
 */
export function lacksSeriesRoles(shape: Pick<TableShape, 'roles'>): string {
  const missing = (['patient', 'session'] as const).filter((r) => !shape.roles[r]);
  return missing.length ? `has no ${missing.join(' and ')} column${missing.length > 1 ? 's' : ''}` : '';
}

export function tableName(stageId: string): string {
  return `t_${stageId}`;
}

export function cloneShape(shape: TableShape, id: string, grain = shape.grain): TableShape {
  return {
    id,
    grain,
    columns: new Map(shape.columns),
    roles: { ...shape.roles },
    instruments: shape.instruments.map((i) => ({ ...i, scales: [...i.scales], itemColumns: [...i.itemColumns] })),
    file: shape.file,
    ...(shape.textFile ? { textFile: shape.textFile } : {}),
    derivedLevels: shape.derivedLevels,
    ...(shape.missingByDesign ? { missingByDesign: new Map(shape.missingByDesign) } : {}),
    ...(shape.needs ? { needs: new Map(shape.needs) } : {}),
    ...(shape.whyText ? { whyText: new Map(shape.whyText) } : {}),
    ...(shape.higherIsBetter ? { higherIsBetter: new Map(shape.higherIsBetter) } : {}),
    ...(shape.lastScores ? { lastScores: new Map(shape.lastScores) } : {}),
    ...(shape.scoredWith ? { scoredWith: new Map(shape.scoredWith) } : {}),
  };
}
