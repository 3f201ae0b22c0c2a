// Issue 9: "DuckDB is locked after ingest (no external file access, no extension installs,
// configuration locked), so generated SQL cannot read or write files."
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBSession, sqlString } from '../../src/engine/duckdb-session.ts';

const dir = mkdtempSync(join(tmpdir(), 'alliance-lock-'));
const secret = join(dir, 'secret.csv');
writeFileSync(secret, 'a,b\n1,2\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a locked DuckDB session', () => {
  let db: DuckDBSession;
  beforeAll(async () => {
    db = await DuckDBSession.create();
    // before the lock, the same reads work: the refusals below are the lock's doing
    expect(Number(await db.scalar(`SELECT count(*) FROM read_csv(${sqlString(secret)})`))).toBe(1);
    await db.runBeside(`CREATE TABLE beside AS SELECT * FROM read_csv(${sqlString(secret)})`);
    expect(Number(await db.scalar('SELECT count(*) FROM beside'))).toBe(1);
    await db.run('CREATE TABLE t AS SELECT 1 AS x');
    await db.lock();
  });
  afterAll(() => db?.close());

  const refused = [
    ['read_csv of /etc/passwd', "SELECT * FROM read_csv('/etc/passwd')"],
    ['read_csv of a file read before the lock', () => `SELECT * FROM read_csv(${sqlString(secret)})`],
    ['read_text', "SELECT * FROM read_text('/etc/passwd')"],
    ['read_blob', "SELECT * FROM read_blob('/etc/hostname')"],
    ['glob', "SELECT * FROM glob('/etc/*')"],
    ['read_parquet', "SELECT * FROM read_parquet('/tmp/x.parquet')"],
    ['COPY … TO a file', () => `COPY t TO ${sqlString(join(dir, 'copied.csv'))}`],
    ['COPY (query) TO a file', () => `COPY (SELECT * FROM t) TO ${sqlString(join(dir, 'copied2.csv'))} (FORMAT csv)`],
    ['EXPORT DATABASE', () => `EXPORT DATABASE ${sqlString(join(dir, 'export'))}`],
    ['ATTACH a database file', () => `ATTACH ${sqlString(join(dir, 'other.db'))} AS other`],
    ['INSTALL an extension', 'INSTALL httpfs'],
    ['LOAD an extension', 'LOAD httpfs'],
    ['re-enable external access', 'SET enable_external_access = true'],
    ['unlock the configuration', 'SET lock_configuration = false'],
    ['allow unsigned extensions', 'SET allow_unsigned_extensions = true'],
  ] as const;

  it.each(refused)('refuses %s', async (_, sql) => {
    const text = typeof sql === 'function' ? sql() : sql;
    await expect(db.run(text)).rejects.toThrow(/Permission Error|disabled|locked|not allowed|cannot/i);
  });

  // runBeside's connection was opened before the lock: the lock is the database's, not one connection's
  it.each(refused)('refuses %s on the second connection (runBeside)', async (_, sql) => {
    const text = typeof sql === 'function' ? sql() : sql;
    await expect(db.runBeside(text)).rejects.toThrow(/Permission Error|disabled|locked|not allowed|cannot/i);
  });

  it('does not read a file named as a table (no replacement scan)', async () => {
    await expect(db.rows("SELECT * FROM '/etc/passwd'")).rejects.toThrow(/Table with name \/etc\/passwd does not exist/);
  });

  it('wrote no file and still answers queries on its own tables', async () => {
    expect(existsSync(join(dir, 'copied.csv'))).toBe(false);
    expect(existsSync(join(dir, 'copied2.csv'))).toBe(false);
    expect(existsSync(join(dir, 'export'))).toBe(false);
    expect(existsSync(join(dir, 'other.db'))).toBe(false);
    expect(Number(await db.scalar('SELECT sum(x) FROM t'))).toBe(1);
    expect(await db.scalar("SELECT current_setting('enable_external_access')")).toBe(false);
  });
});

describe("the session's allocator settings", () => {
  it('hands freed memory back after every task and large release (see DuckDBSession.create), locked or not', async () => {
    const db = await DuckDBSession.create();
    try {
      for (const locked of [false, true]) {
        if (locked) await db.lock();
        expect(await db.scalar("SELECT current_setting('allocator_flush_threshold')")).toBe('976.5 KiB'); // '1MB', 10⁶ bytes
        expect(await db.scalar("SELECT current_setting('allocator_bulk_deallocation_flush_threshold')")).toBe('976.5 KiB'); // '1MB', 10⁶ bytes
      }
    } finally {
      db.close();
    }
  });
});

describe('compress() on a locked session', () => {
  it('compresses a table stored after the lock, which stays uncompressed until then', async () => {
    const db = await DuckDBSession.create();
    try {
      await db.lock();
      await db.run('CREATE TABLE late AS SELECT (range % 7)::DOUBLE AS v FROM range(300000)');
      const methods = async () => (await db.rows("SELECT DISTINCT compression FROM pragma_storage_info('late') WHERE segment_type = 'DOUBLE'")).map((r) => String(r.compression));
      expect(await methods()).toEqual(['Uncompressed']);
      await db.compress();
      expect(await methods()).not.toContain('Uncompressed');
      expect(Number(await db.scalar('SELECT sum(v) FROM late'))).toBe(899997);
    } finally {
      db.close();
    }
  });
});
