// JSON ingest of a text or role column that is null in every row DuckDB samples for its types (the
// first 20,480): DuckDB types it JSON, and ingest used to cast the JSON values to text, so a later
// value "T1" arrived with its JSON quotes ('"T1"', four characters) instead of T1. Expected, as for
// a column typed VARCHAR from the start: exactly the JSON string's value (JSON.parse of the line).
import { afterEach, describe, expect, it } from 'vitest';
import { DuckDBSession } from '../../src/engine/duckdb-session.ts';
import { ingest } from '../../src/stages/ingest.ts';
import { tempProject } from '../helpers/temp-project.ts';

let project: ReturnType<typeof tempProject> | undefined;
afterEach(() => project?.dispose());

const SAMPLE = 20_480;
const ROWS = SAMPLE + 500;

describe('ingest: JSON text column null in the sampled rows', () => {
  it('reads the later string values without their JSON quotes', async () => {
    const lines: string[] = [];
    for (let i = 0; i < ROWS; i++) {
      const late = i >= SAMPLE + 100;
      lines.push(JSON.stringify({ patient: `P${i}`, session: 1, therapist: late ? `T${i % 3}` : null, visit: late ? '2024-03-01' : null, note: late ? ' said "hi", then left ' : null, x: i % 5 }));
    }
    project = tempProject({ 'data.ndjson': lines.join('\n') + '\n' });
    const db = await DuckDBSession.create();
    try {
      const ctx = { db, specDir: project.dir, stageId: 'sessions', specPath: 'stages[0]', input: () => {}, ledger: { add: () => {} } };
      await ingest.run({ file: 'data.ndjson', text: ['note', 'visit'] } as never, ctx as never);
      const rows = await db.rows(`SELECT _row, therapist, visit, note FROM t_sessions WHERE _row IN (1, ${ROWS}) ORDER BY _row`);
      const last = JSON.parse(lines[ROWS - 1]);
      expect(rows).toEqual([
        { _row: 1, therapist: null, visit: null, note: null },
        // text cells are trimmed, as in CSV
        { _row: ROWS, therapist: last.therapist, visit: last.visit, note: last.note.trim() },
      ]);
      expect(last.therapist).toBe(`T${(ROWS - 1) % 3}`);
    } finally {
      db.close();
    }
  });
});
