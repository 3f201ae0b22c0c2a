/**
 * `relation` as a subquery that DuckDB reads on one thread, in its stored order, for SQL
 * aggregates whose floating-point sums must come out the same on every run.
 *
 * DuckDB scans a relation of more than one row group (122,880 rows) with several threads and
 * combines their partial sums (`avg`, `stddev_samp`, `regr_slope`, window aggregates) in
 * scheduling order, so the same query on the same data can differ in the last bits between two
 * runs: measured on 1.3 M session rows and 2 threads, `avg` and `regr_slope` by patient differed
 * for 11 of 100,000 patients across six reruns. A POSITIONAL JOIN is scanned on one thread, to keep
 * its sides aligned (duckdb/duckdb#6671), so joining an empty relation by position makes every
 * aggregate above it add the rows one by one in stored order. The scored view of ingest → score
 * already is such a join; a plain table or view, e.g. an ingest table whose export holds totals
 * already, is not. It costs the parallel scan: at 1.3 M rows a simple per-patient `avg` took
 * 63 ms instead of 45 ms.
 *
 * GROUP BY aggregates only. A window aggregate (`avg(x) OVER (PARTITION BY g)`) stays unsettled
 * even over this scan, because DuckDB's window operator reorders each partition's rows itself:
 * 1,339 per-patient means differed across six reruns on 1.3 M rows. Stages compute such
 * per-partition values with GROUP BY over this scan and join them back.
 * @example `SELECT patient, avg(x) FROM ${oneThreadScan('"t_sessions"')} GROUP BY patient`
 */
export function oneThreadScan(relation: string): string {
  return `(SELECT * EXCLUDE (__one_thread) FROM ${relation} POSITIONAL JOIN (SELECT NULL AS __one_thread LIMIT 0))`;
}
