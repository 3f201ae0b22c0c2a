import { sqlIdent, type DuckDBSession } from './duckdb-session.ts';
import type { TableShape } from './table-shape.ts';
import type { Ledger, LedgerUnit } from './ledger.ts';
import { formatNumber } from '../report/format/format-number.ts';

/** A column that rows can lack by design, with the SQL term that is true on those rows. */
export interface ByDesignTerm {
  column: string;
  /** True where the column is NULL and its condition holds (a NULL condition counts as false). */
  sql: string;
  /** Whom it concerns (TableShape.missingByDesign's `why`). */
  why: string;
}

/**
 * The terms of those of `columns` that a table (described by `shape`) can lack by design
 * (TableShape.missingByDesign); none when it can lack none of them. A stage that leaves out rows
 * lacking one of `columns` counts those rows with countByDesign (or, having read each term as a
 * 0/1 column, with tallyByDesign).
 * @example byDesignTerms(patientsShape, ['wai_total_first3', 'phq_total_later_improvement'])[1].sql // '("phq_total_later_improvement" IS NULL AND coalesce("last_session" <= 3, false))'
 */
export function byDesignTerms(shape: Pick<TableShape, 'missingByDesign'>, columns: string[]): ByDesignTerm[] {
  return [...new Set(columns)].flatMap((column) => {
    const by = shape.missingByDesign?.get(column);
    return by === undefined ? [] : [{ column, sql: `(${sqlIdent(column)} IS NULL AND coalesce(${by.when}, false))`, why: by.why }];
  });
}

/**
 * The rows of `relation` (restricted by `where`) that lack one of the terms' columns by design:
 * their count, for the stage's `not-applicable` ledger entry, and a detail naming only the columns
 * some of them lack, e.g. 'phq_total_later_improvement: patients with no recorded session after
 * session 3, or none up to it'. A term holds only where its column is missing, so these rows are
 * among those a stage leaves out for a missing value; `where` keeps out the rows the stage counts
 * under another reason first (e.g. no group). The stage counts its other left-out rows as
 * `excluded`. `byTerm[j]`: the rows terms[j] holds on (a row can count under several). One
 * aggregate query; none when there are no terms.
 */
export async function countByDesign(db: DuckDBSession, relation: string, terms: ByDesignTerm[], where = 'true'): Promise<{ count: number; why: string; byTerm: number[] }> {
  if (terms.length === 0) return { count: 0, why: '', byTerm: [] };
  const [c] = await db.rows(`SELECT count(*) FILTER (WHERE ${terms.map((t) => t.sql).join(' OR ')})::DOUBLE AS n, ${terms.map((t, j) => `count(*) FILTER (WHERE ${t.sql})::DOUBLE AS d${j}`).join(', ')} FROM ${relation} WHERE ${where}`);
  const byTerm = terms.map((_, j) => Number(c![`d${j}`]));
  return { count: Number(c!.n), why: whyOf(terms.filter((_, j) => byTerm[j]! > 0)), byTerm };
}

/**
 * countByDesign for rows read into JS: of the `n` rows, those left out (`leftOut`) that lack one
 * of the terms' columns by design (`flags[j][i]` = 1: row i lacks terms[j]'s column by design).
 * For a stage whose left-out rows SQL cannot select by themselves (sudden's outcome per patient of
 * a series, through a codes table gone by the time it is counted).
 */
export function tallyByDesign(terms: ByDesignTerm[], flags: Float64Array[], n: number, leftOut: (i: number) => boolean): { count: number; why: string } {
  const seen = terms.map(() => false);
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (!leftOut(i)) continue;
    let any = false;
    for (let j = 0; j < terms.length; j++) if (flags[j]![i] === 1) any = seen[j] = true;
    if (any) count++;
  }
  return { count, why: whyOf(terms.filter((_, j) => seen[j])) };
}

/**
 * Writes the ledger entries for the `leftOut` units a stage left out for want of a value: the
 * `byDesign` ones among them (countByDesign's or tallyByDesign's count) as `not-applicable`, reason
 * `missing-by-design`, their detail `notApplicable` followed by the columns concerned, and the
 * rest as `excluded` with the stage's own reason and detail. A by-design term holds only where its
 * column is missing, so the by-design units are always among the left-out ones; a count above
 * `leftOut` is a defect in the stage, and it throws rather than write a negative exclusion (which
 * the ledger would refuse).
 * @example ledgerLeftOut(ledger, { stage: 'r', unit: 'patients', leftOut: 5, byDesign: { count: 4, why: 'x: …' }, notApplicable: 'x × y: left out by design', excluded: { reason: 'incomplete-pair', detail: 'x × y: left out' } }) // not-applicable 4, excluded 1
 */
export function ledgerLeftOut(
  ledger: Ledger | undefined,
  e: { stage: string; unit: LedgerUnit; leftOut: number; byDesign: { count: number; why: string }; notApplicable: string; excluded: { reason: string; detail: string } },
): void {
  if (e.byDesign.count > e.leftOut) throw new Error(`stage '${e.stage}': ${e.byDesign.count} ${e.unit} lack a value by design but only ${e.leftOut} were left out (${e.excluded.reason})`);
  ledger?.add({ stage: e.stage, action: 'not-applicable', unit: e.unit, count: e.byDesign.count, reason: 'missing-by-design', detail: `${e.notApplicable} (${e.byDesign.why})` });
  ledger?.add({ stage: e.stage, action: 'excluded', unit: e.unit, count: e.leftOut - e.byDesign.count, reason: e.excluded.reason, detail: e.excluded.detail });
}

/** The ledger detail's list of the columns concerned, each with whom it concerns. */
function whyOf(terms: ByDesignTerm[]): string {
  return terms.map((t) => `${t.column}: ${t.why}`).join('; ');
}

/**
 * Which columns the incomplete rows lacked, for the message of a stage left with too few complete
 * rows: for each of `names` with missing values (NaN in its `columns` entry, read row by row),
 * how many rows lack it, most first, and what a row needs to have it when the table says
 * (TableShape.needs). Without it a researcher whose session numbers skip 3 learns only that
 * no pairs were left, not that prior improvement is missing for everyone.
 * @example describeMissing(['x', 'y'], [x, y], { needs: new Map([['y', 'a score at session 3']]), source: "table 'patients'" })
 * // "2 of the 3 rows of table 'patients' lack a value: y in 2, which needs a score at session 3"
 */
export function describeMissing(names: string[], columns: Float64Array[], o: { needs?: Map<string, string>; source?: string } = {}): string {
  const total = columns[0]?.length ?? 0;
  const incomplete = new Uint8Array(total);
  const counts = new Map<string, number>();
  names.forEach((name, j) => {
    const c = columns[j]!;
    let n = 0;
    for (let i = 0; i < total; i++) if (Number.isNaN(c[i])) (n++, (incomplete[i] = 1));
    if (n > 0 && !counts.has(name)) counts.set(name, n);
  });
  let lacking = 0;
  for (let i = 0; i < total; i++) lacking += incomplete[i]!;
  const whole = total === 1 ? 'The only row' : total === 2 ? 'Both rows' : `All ${formatNumber(total, 0)} rows`;
  const of = `${lacking === total ? whole : `${formatNumber(lacking, 0)} of the ${formatNumber(total, 0)} rows`}${o.source ? ` of ${o.source}` : ''}`;
  const list = [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([name, n]) => `${name} in ${formatNumber(n, 0)}${o.needs?.has(name) ? `, which needs ${o.needs.get(name)}` : ''}`);
  return `${of} ${lacking === 1 ? 'lacks' : 'lack'} a value: ${list.join('; ')}`;
}
