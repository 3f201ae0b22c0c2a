// Issue 9: property-based tests (fast-check) on the CSV reader: round trip of generated tables.
// Random small tables — patient ids with commas, quotes, newlines, semicolons, tabs and
// non-ASCII characters, PHQ-9 items in range with random blanks, shuffled row order, random
// delimiter, line ends and BOM — are written as RFC 4180 CSV, read by the real `ingest` stage
// and scored by the real `score` stage, and must come back with the same rows, the same
// patient ids, and a PHQ-9 score sum equal to the one computed here in JS.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { DuckDBSession } from '../../src/engine/duckdb-session.ts';
import { Ledger } from '../../src/engine/ledger.ts';
import { planPipeline } from '../../src/engine/pipeline-plan.ts';
import { parseSpecText } from '../../src/spec/load-spec.ts';
import { stageRegistry } from '../../src/stages/registry.ts';
import type { RunContext } from '../../src/stages/stage-definition.ts';
import { tempProject } from '../helpers/temp-project.ts';
import { quote } from './harness.ts';

const ITEMS = Array.from({ length: 9 }, (_, i) => `phq${i + 1}`);
const SPEC = `name: roundtrip
stages:
  - id: sessions
    type: ingest
    file: data.csv
  - id: scored
    type: score
    from: sessions
    instruments: [{ instrument: phq-9, prefix: phq }]
`;

// Units an id is built from: awkward for CSV (delimiters, quotes, line breaks) and for text (non-ASCII, astral).
const UNITS = ['a', 'Z', '7', '-', '_', ',', ';', '"', "'", ' ', '\t', '\n', '\r\n', 'é', 'ß', '患', '者', '🙂', '<', '&', '=', '.'];
const EDGE = /^[\s]|[\s]$/;
const idArb = fc
  .array(fc.constantFrom(...UNITS), { minLength: 1, maxLength: 8 })
  .map((u) => u.join(''))
  .filter((s) => s.trim() !== '' && !EDGE.test(s));
const itemArb = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 3 }) }, { weight: 1, arbitrary: fc.constant(null) });
const tableArb = fc
  .record({
    ids: fc.uniqueArray(idArb, { minLength: 1, maxLength: 6 }),
    sessions: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 6, maxLength: 6 }),
    items: fc.array(fc.array(itemArb, { minLength: 9, maxLength: 9 }), { minLength: 24, maxLength: 24 }),
    order: fc.array(fc.nat(), { minLength: 24, maxLength: 24 }),
    delimiter: fc.constantFrom(',', ';', '\t'),
    eol: fc.constantFrom('\n', '\r\n'),
    bom: fc.boolean(),
    finalEol: fc.boolean(),
  })
  .map((t) => {
    const rows: { patient: string; session: number; items: (number | null)[] }[] = [];
    t.ids.forEach((patient, p) => {
      for (let s = 1; s <= t.sessions[p]; s++) rows.push({ patient, session: s, items: t.items[rows.length] });
    });
    // shuffle deterministically from the generated keys: row order must not matter
    const keyed = rows.map((r, i) => ({ r, k: t.order[i] }));
    keyed.sort((a, b) => a.k - b.k);
    return { ...t, rows: keyed.map((x) => x.r) };
  })
  // a table with no PHQ-9 item answered at all is refused by design (test/robustness data cases)
  .filter((t) => t.rows.some((r) => r.items.some((v) => v !== null)));

type Table = typeof tableArb extends fc.Arbitrary<infer T> ? T : never;

function toCsv(t: Table): string {
  const d = t.delimiter;
  const lines = [['patient', 'session', ...ITEMS].join(d), ...t.rows.map((r) => [quote(r.patient, d), String(r.session), ...r.items.map((v) => (v === null ? '' : String(v)))].join(d))];
  return `${t.bom ? '\uFEFF' : ''}${lines.join(t.eol)}${t.finalEol ? t.eol : ''}`;
}

/** PHQ-9 total as defined in src/instruments/phq9.ts: sum, one missing item prorated, else missing. */
function phqTotal(items: (number | null)[]): number | null {
  const answered = items.filter((v): v is number => v !== null);
  const sum = answered.reduce((a, b) => a + b, 0);
  if (answered.length === 9) return sum;
  if (answered.length === 8) return (sum * 9) / 8;
  return null;
}

const project = tempProject();
afterAll(() => project.dispose());
let runs = 0;

/** Plans the spec and runs its stages on one DuckDB session, as the engine does, then reads the scored table back. */
async function ingestAndScore(csvText: string) {
  const dir = join(project.dir, `r${runs++}`);
  mkdirSync(dir);
  writeFileSync(join(dir, 'data.csv'), csvText);
  const spec = parseSpecText(SPEC, join(dir, 'pipeline.yaml'));
  const db = await DuckDBSession.create();
  try {
    const plan = await planPipeline(spec, db);
    const results: Record<string, unknown> = {};
    for (const stage of spec.stages) {
      const ctx: RunContext = {
        stageId: stage.id,
        specPath: `stages[${stage.index}]`,
        specDir: spec.specDir,
        db,
        ledger: new Ledger(),
        seed: 1,
        identifiers: false,
        pseudonyms: async (ids) => ids, // ingest and score label no patients
        table: (ref) => plan.shapes.get(ref)!,
        result: (ref) => results[ref],
        instrument: (key) => plan.instruments.get(key)!,
        progress: () => {},
        input: (p) => resolve(spec.specDir, p),
      };
      results[stage.id] = (await stageRegistry.get(stage.type)!.run(stage.options as never, ctx)).result;
    }
    const agg = (await db.rows('SELECT sum(phq_total) AS s, count(phq_total)::DOUBLE AS k FROM t_scored'))[0];
    const ids = (await db.rows('SELECT DISTINCT patient FROM t_scored')).map((r) => String(r.patient));
    return { ingest: results.sessions as { rows: number; patients: number }, scoreSum: Number(agg.s ?? 0), scored: Number(agg.k), ids };
  } finally {
    db.close();
  }
}

describe('CSV reader round trip (fast-check)', () => {
  it('reads back every row, every patient id exactly, and the same PHQ-9 score sum', async () => {
    await fc.assert(
      fc.asyncProperty(tableArb, async (t) => {
        const got = await ingestAndScore(toCsv(t));
        const totals = t.rows.map((r) => phqTotal(r.items)).filter((v): v is number => v !== null);
        expect(got.ingest.rows).toBe(t.rows.length);
        expect(got.ingest.patients).toBe(t.ids.length);
        expect(got.ids.sort()).toEqual([...t.ids].sort());
        expect(got.scored).toBe(totals.length);
        expect(got.scoreSum).toBeCloseTo(totals.reduce((a, b) => a + b, 0), 9);
      }),
      { numRuns: 60, seed: 20261122, endOnFailure: true },
    );
  }, 240_000);
});
