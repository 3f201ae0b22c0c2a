import { sqlIdent } from '../engine/duckdb-session.ts';
import { DataError, stageWhere } from '../engine/errors.ts';
import { tableName, type TableShape } from '../engine/table-shape.ts';
import type { PlanContext, RunContext } from './stage-definition.ts';
import { formatNumber } from '../report/format/index.ts';

/**
 * The plan check of a stage that counts each row of `from` as one patient (compare,
 * therapist-effects, export-summary, and correlate on any table but a study table; its n and
 * export-summary's minN are numbers of patients): a table of another grain (a score stage's, one
 * row per session; a study table) is a problem at `from`. An ingest (or a derive over one) is session-level by its shape, but a file with one row
 * per patient is ingested the same way, so its rows are checked when the stage runs
 * ({@link refuseRepeatedPatients}). `also` is added to the message's advice.
 */
export function planPatientLevel(from: string, src: TableShape, ctx: PlanContext, stage: string, also?: string): void {
  if (src.grain === 'patient' || src.grain === 'other' || (src.grain === 'session' && src.instruments.length === 0)) return;
  ctx.problem('from', `table '${from}' has one row per ${src.grain}; ${stage} needs one row per patient (point from at a patients or change stage${also ? `; ${also}` : ''})`);
}

/**
 * The run half of {@link planPatientLevel}: a table that is not patient-level by its shape (an
 * ingest) must hold one row per patient, or each of a patient's sessions would count as a patient
 * (and export-summary's minN would count sessions). Names the stage, `from`, the file and the
 * counts of rows and patients, never an identifier.
 */
export async function refuseRepeatedPatients(from: string, ctx: RunContext, stage: string): Promise<void> {
  const src = ctx.table(from);
  const patient = src.roles.patient;
  if (src.grain === 'patient' || !patient) return;
  const [{ rows, patients }] = await ctx.db.rows(`SELECT count(${sqlIdent(patient)})::DOUBLE AS rows, count(DISTINCT ${sqlIdent(patient)})::DOUBLE AS patients FROM ${sqlIdent(tableName(from))}`);
  if (Number(rows) <= Number(patients)) return;
  throw new DataError(
    `${stageWhere(`${ctx.specPath}.from`, ctx.stageId, stage)}: table '${from}' has ${formatNumber(Number(rows), 0)} rows for ${formatNumber(Number(patients), 0)} patients (more than one row per patient, e.g. one per session); ${stage} needs one row per patient (point from at a patients or change stage)`,
    src.file,
  );
}
