// A column blank in every row must be read the same way by the quick commands (`alliance
// correlate FILE …`, `alliance mixed FILE …`, through loadTable) as by a pipeline's ingest stage
// (README: both read a file the same way; blank cells are missing). Ingest reads such a column as
// numbers, all missing, and records nothing in the ledger for it (src/stages/ingest.ts: the
// sniffer's and mostlyNumeric's all-blank column is numeric; mostlyNumericJson the same for a JSON
// column null in every row). Before the fix the quick commands typed it text, so `--y e` was
// refused with "the column is text (a value is not a number), expected numbers" although no cell
// holds text. Expected here: the kind and values ingest gives for the same file, and, for a column
// with no values, one message naming the file and the column (27bd1b4: the kernel's bare "needs at
// least 4 pairs, got 0" named neither).
import { afterAll, describe, expect, it } from 'vitest';
import { DuckDBSession } from '../../src/engine/duckdb-session.ts';
import { loadTable } from '../../src/engine/load-table.ts';
import { ingest } from '../../src/stages/ingest.ts';
import { cli, tempProject } from '../helpers/temp-project.ts';

const project = tempProject();
afterAll(() => project.dispose());

/** 12 rows of patient, session, x, y and the column e, whose every cell is `blank`. */
const data = (blank: string) => Array.from({ length: 12 }, (_, i) => ({ patient: `P${i % 3}`, session: 1 + Math.floor(i / 3), x: (i * 37) % 11, y: (i * 13) % 7, e: blank }));
const csv = (blank: string) => ['patient,session,x,y,e', ...data(blank).map((r) => Object.values(r).join(','))].join('\n') + '\n';
project.write('empty.csv', csv(''));
project.write('spaces.csv', csv('   '));
project.write('quoted.csv', csv('"  "'));
project.write('null.json', JSON.stringify(data('').map((r) => ({ ...r, e: null }))));

const FILES = ['empty.csv', 'spaces.csv', 'quoted.csv', 'null.json'];

/** The kind and values of e, and the ledger entries, as ingest reads `file`. */
async function viaIngest(file: string) {
  const db = await DuckDBSession.create();
  const ledger: unknown[] = [];
  try {
    const ctx = { db, specDir: project.dir, stageId: 'sessions', specPath: 'stages[0]', input: () => {}, ledger: { add: (e: unknown) => ledger.push(e) } };
    const out = await ingest.run({ file } as never, ctx as never);
    const e = (await db.rows('SELECT e FROM t_sessions ORDER BY _row')).map((r) => r.e);
    return { kind: out.table?.columns.get('e'), e, ledger };
  } finally {
    db.close();
  }
}

/** The kind and values of e as the quick commands read `file`. */
async function viaLoadTable(file: string) {
  const db = await DuckDBSession.create();
  try {
    const shape = await loadTable(db, project.path(file), 'data');
    const e = (await db.rows('SELECT e FROM data ORDER BY rowid')).map((r) => r.e);
    return { kind: shape.columns.get('e'), e };
  } finally {
    db.close();
  }
}

describe('a column blank in every row: numbers, all missing, in the quick commands as in ingest', () => {
  it.each(FILES)('%s: loadTable gives the kind and values ingest gives', async (file) => {
    const ingested = await viaIngest(file);
    expect(ingested).toEqual({ kind: 'number', e: Array(12).fill(null), ledger: [] });
    const loaded = await viaLoadTable(file);
    expect(loaded).toEqual({ kind: ingested.kind, e: ingested.e });
  });

  it.each(FILES)('%s: `alliance correlate --y e` is refused as a column with no values, naming the file', (file) => {
    const r = cli(['correlate', file, '--x', 'x', '--y', 'e'], project.dir);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`error: ${file}, column 'e': --y e: the column has no values (it is empty in every row)\n`);
  });

  it('a column with a number and otherwise blank cells was already numeric, and stays so', async () => {
    project.write('one.csv', csv('').replace('P0,1,0,0,\n', 'P0,1,0,0,2.5\n'));
    const loaded = await viaLoadTable('one.csv');
    expect(loaded.kind).toBe('number');
    expect(loaded.e).toEqual([2.5, ...Array(11).fill(null)]);
  });
});
