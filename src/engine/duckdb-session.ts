import { createRequire } from 'node:module';
import { endianness } from 'node:os';
import type { DuckDBConnection, DuckDBInstance, DuckDBVector } from '@duckdb/node-api';

// Loaded with require(): @duckdb/node-api is CommonJS, and importing it as an ES module makes Node
// scan all of its files for export names first, which costs about 0.2 s on every command start
// (0.40 s against 0.21 s for the bare load on this 2-core machine).
const duckdb = createRequire(import.meta.url)('@duckdb/node-api') as typeof import('@duckdb/node-api');

/** Numeric columns pulled out of DuckDB: NULL becomes NaN. */
export interface NumericColumns {
  n: number;
  columns: Record<string, Float64Array>;
}

/** Where a placed view's column is stored (see DuckDBSession.placeColumns): a column of a relation, or an SQL expression over a stored one. */
export type ColumnHome = { relation: string; column: string } | { relation: string; sql: string };

/** The in-memory database every table of a run is created in. */
const WORK_DB = 'alliance';

/**
 * One embedded, in-memory DuckDB database for a pipeline run. Relational work (ingest,
 * scoring, per-patient summaries, lags, centring) happens here in SQL; numeric kernels get
 * their inputs through `readNumeric`, which copies DOUBLE columns chunk by chunk into
 * Float64Arrays without building row objects.
 *
 * After ingest the session is locked (`lock()`): external file access and extension
 * installs are disabled and the configuration is frozen, so SQL generated later in the
 * run cannot read or write files.
 *
 * The tables live in an in-memory database attached with COMPRESS, and `lock()` checkpoints it:
 * DuckDB then stores the ingested data compressed (ALP for numbers, dictionary/FSST for ids), so
 * the 1.3 M-row benchmark file's session table shrinks from about 360 MB to about 20 MB for the
 * rest of the run (scans of compressed data measured as fast as uncompressed ones). The
 * checkpoint costs roughly one more pass over the data. `compress()` checkpoints again, for a
 * table stored later (score's scores).
 */
export class DuckDBSession {
  private constructor(
    private readonly instance: DuckDBInstance,
    readonly con: DuckDBConnection,
    /** The second connection, for runBeside. */
    private readonly beside: DuckDBConnection,
  ) {}

  static async create(): Promise<DuckDBSession> {
    const instance = await duckdb.DuckDBInstance.create(':memory:', {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      // DuckDB's allocator hands freed memory back to the system after each task and each large
      // release (the uncompressed ingest table after its checkpoint) instead of keeping it for
      // DuckDB's later use, leaving room for the stages' arrays: 100,000-patient demo, peak RSS
      // 726–838 → 681–734 MB in seven alternating pairs, for about 0.3 s more wall time (more
      // system time returning pages); the 10,000-patient demo the same in both. Handed back for
      // the whole run: doing so only until the checkpoint kept little of the gain (759–823 MB).
      allocator_flush_threshold: '1MB',
      allocator_bulk_deallocation_flush_threshold: '1MB',
    });
    const con = await instance.connect();
    await con.run(`ATTACH ':memory:' AS ${WORK_DB} (COMPRESS)`);
    await con.run(`USE ${WORK_DB}`);
    const beside = await instance.connect();
    await beside.run(`USE ${WORK_DB}`);
    return new DuckDBSession(instance, con, beside);
  }

  async run(sql: string): Promise<void> {
    const t0 = performance.now();
    await this.con.run(sql);
    traceSql(sql, t0);
  }

  /**
   * Runs a statement on the session's second connection, so that it proceeds while the caller
   * reads from, writes to or computes beside the first: DuckDB runs the two connections'
   * statements at the same time (one connection's statements run one after the other). The
   * caller must not use what the statement writes before the promise settles, and must let it
   * settle before the run ends. Each statement commits on its own, as on the first connection;
   * the lock (see lock()) holds for both.
   * @example const ids = db.runBeside('CREATE TABLE ids AS SELECT …'); const cols = heavyKernel(); await ids;
   */
  async runBeside(sql: string): Promise<void> {
    const t0 = performance.now();
    await this.beside.run(sql);
    traceSql(`(beside) ${sql}`, t0);
  }

  /** Small results only (summaries, counts): returns plain JS row objects. */
  async rows(sql: string): Promise<Record<string, unknown>[]> {
    const t0 = performance.now();
    const reader = await this.con.runAndReadAll(sql);
    traceSql(sql, t0);
    return reader.getRowObjectsJS() as Record<string, unknown>[];
  }

  /**
   * The first column of a query as text (NULL → null), read column-wise: long lists such as
   * 100,000 patient ids without a row object per value.
   */
  async readStrings(sql: string): Promise<(string | null)[]> {
    const t0 = performance.now();
    const reader = await this.con.runAndReadAll(sql);
    traceSql(sql, t0);
    return (reader.getColumnsJS()[0] ?? []).map((v) => (v === null ? null : String(v)));
  }

  /**
   * The values of `column` of the levels table `levels` (a table numbering a key's values, `code`
   * 0…k−1, such as ingest's `<stage>__patients`), as text in code order. Read once and handed to
   * later calls as the same frozen array: growth, within-between, therapist-effects and sudden each
   * name the patients of the codes the session table carries, and each read them (100,000 patients:
   * 0.07–0.21 s a read on a 2-core machine). Only for tables that stay as they are for the rest of
   * the run, as stage outputs do; kept until the session closes (at 100,000 patients, about 6 MB).
   */
  async levelNames(levels: string, column: string): Promise<readonly string[]> {
    const key = `${sqlIdent(levels)}.${sqlIdent(column)}`;
    let names = this.levels.get(key);
    if (!names) {
      names = Object.freeze((await this.readStrings(`SELECT CAST(${sqlIdent(column)} AS VARCHAR) FROM ${sqlIdent(levels)} ORDER BY code`)) as string[]);
      this.levels.set(key, names);
    }
    return names;
  }

  /** levelNames' arrays, by levels table and column. */
  private readonly levels = new Map<string, readonly string[]>();

  /** A single scalar from a one-row, one-column query (BigInt converted to number). */
  async scalar(sql: string): Promise<unknown> {
    const t0 = performance.now();
    const reader = await this.con.runAndReadAll(sql);
    traceSql(sql, t0);
    const rows = reader.getRows();
    if (rows.length === 0) return undefined;
    const v = rows[0][0];
    return typeof v === 'bigint' ? Number(v) : v;
  }

  /** Column names and DuckDB types of a table or query. */
  async describe(relation: string): Promise<{ name: string; type: string }[]> {
    const rows = await this.rows(`DESCRIBE ${relation}`);
    return rows.map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
  }

  /**
   * Streams a query's columns into Float64Arrays (every column is cast to DOUBLE in SQL).
   * NULL becomes NaN. Peak memory is about twice the result: the blocks it is collected in, and
   * the columns they are joined into.
   */
  async readNumeric(sql: string): Promise<NumericColumns> {
    const t0 = performance.now();
    const result = await this.con.stream(`SELECT COLUMNS(*)::DOUBLE FROM (${sql})`);
    const names = result.columnNames();
    // Filled blocks are kept and joined once at the end, at the exact length: the peak is about
    // twice the result (blocks + the joined copy) instead of the 3–4 times of capacity doubling.
    const blocks: Float64Array[][] = names.map(() => []);
    let block = names.map(() => new Float64Array(READ_BLOCK_ROWS));
    let used = 0;
    let n = 0;
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const m = chunk.rowCount;
      if (used + m > READ_BLOCK_ROWS) {
        names.forEach((_, j) => blocks[j].push(block[j].subarray(0, used)));
        block = names.map(() => new Float64Array(Math.max(READ_BLOCK_ROWS, m)));
        used = 0;
      }
      for (let j = 0; j < names.length; j++) {
        copyDoubles(chunk.getColumnVector(j), block[j], used, m, names[j]);
      }
      used += m;
      n += m;
    }
    names.forEach((_, j) => blocks[j].push(block[j].subarray(0, used)));
    traceSql(sql, t0);
    const columns: Record<string, Float64Array> = {};
    names.forEach((name, j) => {
      const col = new Float64Array(n);
      let at = 0;
      for (const b of blocks[j]) {
        col.set(b, at);
        at += b.length;
      }
      columns[name] = col;
    });
    return { n, columns };
  }

  /**
   * Columns of the table or view `relation` as readNumeric gives them (NULL is NaN, rows in scan
   * order), `columns` naming each returned column after a column of the relation. A column read
   * once is kept and handed to later calls as the same array until forgetColumns: the stages that
   * read the same session columns (patient codes, session, scores) scan the relation once between
   * them and share one copy, where each read its own (100,000-patient demo: seven scans of the
   * scored session rows become three). Callers must not write into the arrays; with
   * ALLIANCE_CHECK_KEPT set (the tests set it) a kept column is fingerprinted and checked at every
   * later hand-out and when it is let go. Only for relations that stay as they are for the rest
   * of the run (stage outputs, which later stages only read) and return their rows in the same
   * order in every scan (stored tables, and views that only add, cast or place columns beside
   * them, as the session-level stage outputs are): columns read in different calls line up row
   * for row. A view's columns are read from the tables that store them when placeColumns has
   * recorded those.
   */
  async readColumns(relation: string, columns: Record<string, string>): Promise<NumericColumns> {
    let kept = this.kept.get(relation);
    if (!kept) this.kept.set(relation, (kept = new Map()));
    const missing = [...new Set(Object.values(columns))].filter((c) => !kept!.has(c));
    // one scan of each stored table that holds some of them (see placeColumns)
    const byHome = new Map<string, { column: string; sql: string }[]>();
    for (const column of missing) {
      const home = this.storedHome(relation, column);
      byHome.set(home.relation, [...(byHome.get(home.relation) ?? []), { column, sql: home.sql }]);
    }
    for (const [home, read] of byHome) {
      const got = await this.readNumeric(`SELECT ${read.map((r, i) => `${r.sql} AS c${i}`).join(', ')} FROM ${sqlIdent(home)}`);
      read.forEach((r, i) => {
        const data = got.columns[`c${i}`]!;
        kept!.set(r.column, { data, print: CHECK_KEPT ? fingerprint(data) : 0 });
      });
    }
    const out: Record<string, Float64Array> = {};
    let n = 0;
    for (const [name, c] of Object.entries(columns)) {
      const k = kept.get(c)!;
      if (CHECK_KEPT) checkKept(relation, c, k);
      out[name] = k.data;
      n = k.data.length;
    }
    return { n, columns: out };
  }

  /**
   * Lets go of the columns readColumns keeps for `relation`, or of those named in `columns`
   * (checked as they go with ALLIANCE_CHECK_KEPT).
   */
  forgetColumns(relation: string, columns?: string[]): void {
    const kept = this.kept.get(relation);
    if (!kept) return;
    const gone = columns ? columns.filter((c) => kept.has(c)) : [...kept.keys()];
    const left = gone.map((c) => [c, kept.get(c)!] as const);
    if (columns) for (const c of gone) kept.delete(c);
    else this.kept.delete(relation);
    if (CHECK_KEPT) for (const [c, k] of left) checkKept(relation, c, k);
  }

  /** Bytes of the columns readColumns keeps (for every relation). */
  keptBytes(): number {
    let bytes = 0;
    for (const columns of this.kept.values()) for (const k of columns.values()) bytes += k.data.byteLength;
    return bytes;
  }

  /**
   * Records where the columns of the view `view` are stored: `homes[c]` is a relation and a column
   * of it, or a stored relation and an SQL expression over it, whose scan gives column `c` of the
   * view row for row, in the same order and with the same number of rows. So it must be
   * true of views that only place stored tables side by side (POSITIONAL JOIN) and rename, cast
   * or number their columns: the ingested session view (the base table) and the scored view (the
   * session view, the patient codes and the score table). readColumns and scanOf then read those
   * columns from where they are stored: a scan through POSITIONAL JOIN runs on one thread and
   * scans every table joined, where a stored table is scanned in parallel and only for the
   * columns asked for (100,000-patient demo, patients stage: about 0.1 s and 50 MB less).
   * A home given as a column of a placed view is followed to that column's own home.
   */
  placeColumns(view: string, homes: Record<string, ColumnHome>): void {
    this.placed.set(view, new Map(Object.entries(homes)));
  }

  /** Where a column of `relation` is read from: its stored home (placeColumns), else the relation itself. */
  private storedHome(relation: string, column: string): { relation: string; sql: string } {
    let home: ColumnHome = { relation, column };
    for (let at = this.placed.get(relation)?.get(column); at; at = 'column' in at ? this.placed.get(at.relation)?.get(at.column) : undefined) home = at;
    return { relation: home.relation, sql: 'column' in home ? sqlIdent(home.column) : home.sql };
  }

  /**
   * A FROM relation and an SQL expression per column for a one-table scan of `columns` of
   * `relation` in its scan order: their common stored home when they have one (placeColumns),
   * else the relation itself with the columns as they are.
   * @example const s = db.scanOf('t_scored', ['modality']); `SELECT ${s.sql.modality} FROM ${s.from}`
   */
  scanOf(relation: string, columns: string[]): { from: string; sql: Record<string, string> } {
    const homes = columns.map((c) => this.storedHome(relation, c));
    const one = homes.every((h) => h.relation === homes[0]?.relation);
    return one && homes.length
      ? { from: sqlIdent(homes[0]!.relation), sql: Object.fromEntries(columns.map((c, i) => [c, homes[i]!.sql])) }
      : { from: sqlIdent(relation), sql: Object.fromEntries(columns.map((c) => [c, sqlIdent(c)])) };
  }

  /** placeColumns' records: view → column → its stored home. */
  private readonly placed = new Map<string, Map<string, ColumnHome>>();

  /** readColumns' columns by relation and column name, with their fingerprints (ALLIANCE_CHECK_KEPT). */
  private readonly kept = new Map<string, Map<string, { data: Float64Array; print: number }>>();

  /**
   * Writes numeric columns computed in JS back as a new temporary table (`_i` = row index 0..n−1,
   * so it can be joined to the rows they were read from), which SQL finds by its bare name. A
   * non-finite value (NaN, ±Infinity) is stored as NULL. The rows go to DuckDB's appender a vector
   * at a time: each column's slice is copied into the chunk's DOUBLE vector in one block and only
   * its non-finite values are marked invalid, where appending value by value cost about twice as
   * long. Temporary, because a table of the compressed work database costs two to four times the
   * CPU to fill (100,000 rows × 32 columns after the benchmark file's ingest, two threads: 0.10–0.16
   * s against 0.21–0.52 s); these tables are small and live for the run.
   */
  async writeNumeric(name: string, columns: Record<string, ArrayLike<number>>): Promise<void> {
    const t0 = performance.now();
    const names = Object.keys(columns);
    const n = names.length ? columns[names[0]].length : 0;
    await this.con.run(`CREATE OR REPLACE TEMP TABLE ${sqlIdent(name)} (_i INTEGER, ${names.map((c) => `${sqlIdent(c)} DOUBLE`).join(', ')})`);
    const app = await this.con.createAppender(name, 'main', 'temp');
    const types = [duckdb.INTEGER, ...names.map(() => duckdb.DOUBLE)];
    // a Float64Array is copied from as it is; other array-likes once into one
    const cols = names.map((c) => (columns[c] instanceof Float64Array ? (columns[c] as Float64Array) : Float64Array.from(columns[c])));
    for (let start = 0; start < n; start += WRITE_CHUNK_ROWS) {
      const m = Math.min(WRITE_CHUNK_ROWS, n - start);
      const chunk = duckdb.DuckDBDataChunk.create(types, m);
      const index = chunk.getColumnVector(0) as unknown as RawVector<Int32Array>;
      for (let i = 0; i < m; i++) index.items[i] = start + i;
      index.flush();
      cols.forEach((col, j) => {
        const v = chunk.getColumnVector(j + 1) as unknown as RawVector<Float64Array>;
        if (!(v.items instanceof Float64Array) || v.items.length !== m) throw new Error(`internal: column '${names[j]}' is not a DOUBLE vector of ${m} rows`);
        v.items.set(col.subarray(start, start + m));
        for (let i = 0; i < m; i++) if (!Number.isFinite(col[start + i])) v.validity.setItemValid(i, false);
        v.flush();
      });
      app.appendDataChunk(chunk);
    }
    app.closeSync();
    traceSql(`(appended ${n} rows × ${names.length + 1} columns to ${name})`, t0);
  }

  /**
   * Compresses what the input stages loaded (see the class comment), then disables external
   * access and freezes the configuration for the rest of the run.
   */
  async lock(): Promise<void> {
    // Without run-length encoding among the candidates, for this checkpoint and compress()'s
    // later ones: DuckDB tries every method on every segment and keeps the smallest, and for the
    // ingested columns (whole numbers bit-packed, ids in dictionaries, decimals in ALP) RLE is
    // never the smallest, while trying it was half the checkpoint's CPU (1.3 M-row benchmark file,
    // whole checkpoint on two threads: 1.7–2.3 → 0.7–0.9 s of CPU in three interleaved pairs; the
    // same methods chosen for every segment, the same 21 MB).
    await this.con.run("SET disabled_compression_methods = 'rle'");
    await this.compress();
    await this.con.run("SET enable_external_access = false");
    await this.con.run("SET allow_community_extensions = false");
    await this.con.run("SET lock_configuration = true");
  }

  /**
   * Compresses the tables stored since the last compression (a checkpoint of the work database;
   * tables already compressed are left as they are). Temporary tables are not compressed.
   */
  async compress(): Promise<void> {
    await this.run(`CHECKPOINT ${WORK_DB}`);
  }

  /** Closes the connection and the database; later calls do nothing. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.con.closeSync();
    this.beside.closeSync();
    this.instance.closeSync?.();
    for (const relation of [...this.kept.keys()]) this.forgetColumns(relation);
    this.levels.clear();
  }

  private closed = false;
}

/**
 * With ALLIANCE_TRACE_SQL set, every statement's wall time and its first characters go to stderr
 * (profiling); ALLIANCE_TRACE_SQL=full prints the whole statement.
 */
const TRACE_SQL = process.env.ALLIANCE_TRACE_SQL;

function traceSql(sql: string, t0: number): void {
  if (TRACE_SQL) process.stderr.write(`sql ${((performance.now() - t0) / 1000).toFixed(3)} s  ${sql.replace(/\s+/g, ' ').slice(0, TRACE_SQL === 'full' ? undefined : 160)}\n`);
}

/** With ALLIANCE_CHECK_KEPT set, readColumns checks that no caller wrote into a column it keeps. */
const CHECK_KEPT = Boolean(process.env.ALLIANCE_CHECK_KEPT);

/** A hash of a column's bytes (FNV-1a over its 32-bit words). */
function fingerprint(data: Float64Array): number {
  const words = new Uint32Array(data.buffer, data.byteOffset, data.length * 2);
  let h = 0x811c9dc5;
  for (let i = 0; i < words.length; i++) h = Math.imul(h ^ words[i]!, 0x01000193);
  return h >>> 0;
}

function checkKept(relation: string, column: string, k: { data: Float64Array; print: number }): void {
  if (fingerprint(k.data) !== k.print) throw new Error(`internal: the column '${column}' of ${relation} kept by readColumns was written into by a stage that read it`);
}

/** A fixed-width vector of a chunk being written: its values (copied to DuckDB by flush) and validity. */
interface RawVector<T extends Int32Array | Float64Array> {
  items: T;
  validity: { setItemValid(i: number, valid: boolean): void };
  flush(): void;
}

/** Rows per chunk appended by writeNumeric: DuckDB's vector size. */
const WRITE_CHUNK_ROWS = 2048;

interface RawDoubleVector {
  items: Float64Array;
  validity: { itemValid(i: number): boolean };
}

function copyDoubles(vector: DuckDBVector, out: Float64Array, offset: number, m: number, name: string): void {
  const raw = vector as unknown as Partial<RawDoubleVector>;
  if (!(raw.items instanceof Float64Array) || !raw.validity) {
    throw new Error(`internal: column '${name}' did not arrive as DOUBLE`);
  }
  out.set(raw.items.subarray(0, m), offset);
  // The validity mask as DuckDB hands it over (a bitmask of 64-bit words, or null when every value
  // is valid), read 32 bits at a time; itemValid() costs several BigInt operations per value.
  const validity = raw.validity as unknown as Partial<{ data: BigUint64Array | null; offset: number }> & RawDoubleVector['validity'];
  if (validity.data === null) return;
  if (LITTLE_ENDIAN && validity.data instanceof BigUint64Array && validity.offset === 0) {
    const words = new Uint32Array(validity.data.buffer, validity.data.byteOffset, validity.data.length * 2);
    for (let w = 0; w * 32 < m; w++) {
      const bits = words[w];
      if (bits === 0xffffffff) continue;
      const end = Math.min(32, m - w * 32);
      for (let b = 0; b < end; b++) if (((bits >>> b) & 1) === 0) out[offset + w * 32 + b] = NaN;
    }
    return;
  }
  for (let i = 0; i < m; i++) if (!validity.itemValid(i)) out[offset + i] = NaN;
}

const LITTLE_ENDIAN = endianness() === 'LE';

/** Rows per block while readNumeric collects a result (0.5 MB per column). */
const READ_BLOCK_ROWS = 1 << 16;

/** Quotes an SQL identifier for DuckDB ("" escaping). */
export function sqlIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Quotes an SQL string literal ('' escaping). */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** Whether a DuckDB type name (as DESCRIBE or sniff_csv report it) is numeric: integers of every width, floats, decimals. */
export function isNumericDuckDBType(type: string): boolean {
  return /^(HUGEINT|U?(TINY|SMALL|BIG)?INT(EGER)?|FLOAT|DOUBLE|REAL|DECIMAL.*)$/.test(type);
}
