/**
 * The run's pseudonyms (src/engine/run-pseudonyms.ts): one label per id for the whole report,
 * whichever subset of the ids a stage labels (README "Privacy and untrusted pipelines").
 * Expected values are derived here from the documented construction (SHA-256 of salt ‖ 0x00 ‖ id,
 * salt = SHA-256 of "alliance-pseudonym", role, seed and the ids in JavaScript string order, NUL-separated;
 * leading digits, at least four, until the ids are told apart), not from the code under test.
 */
import { hash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBSession } from '../../src/engine/duckdb-session.ts';
import { runPseudonyms } from '../../src/engine/run-pseudonyms.ts';
import type { TableShape } from '../../src/engine/table-shape.ts';

const shape: TableShape = { id: 'sessions', grain: 'session', columns: new Map([['patient', 'string'], ['therapist', 'string']]), roles: { patient: 'patient', therapist: 'therapist' }, instruments: [] };
const PATIENTS = ['P03', 'P01', 'P02', 'P01', 'P10'];

/** The documented label of `id` among `all` (four digits suffice for these few ids unless they collide). */
function expected(id: string, all: string[], role: string, seed: number, prefix: string): string {
  const sorted = [...new Set(all)].sort();
  const salt = hash('sha256', `alliance-pseudonym\u0000${role}\u0000${seed}\u0000${sorted.join('\u0000')}`, 'hex');
  const digests = sorted.map((i) => hash('sha256', `${salt}\u0000${i}`, 'hex'));
  let width = 4;
  while (new Set(digests.map((d) => d.slice(0, width))).size < digests.length) width++;
  return prefix + digests[sorted.indexOf(id)]!.slice(0, width);
}

describe('runPseudonyms', () => {
  let db: DuckDBSession;
  beforeAll(async () => {
    db = await DuckDBSession.create();
    await db.run(`CREATE TABLE t_sessions AS SELECT * FROM (VALUES ${PATIENTS.map((p, i) => `('${p}', 'T${i % 2}')`).join(', ')}) v(patient, therapist)`);
  });
  afterAll(() => db.close());

  it('labels any subset of the input ids with the labels of the whole set', async () => {
    const of = runPseudonyms(db, 7, false, () => [shape]);
    const all = ['P01', 'P02', 'P03', 'P10'];
    expect(await of(['P10', 'P02'], 'patient')).toEqual([expected('P10', all, 'patient', 7, 'P-'), expected('P02', all, 'patient', 7, 'P-')]);
    expect(await of(['P02'], 'patient')).toEqual([expected('P02', all, 'patient', 7, 'P-')]);
    expect(await of(['T1', 'T0'], 'therapist')).toEqual([expected('T1', ['T0', 'T1'], 'therapist', 7, 'T-'), expected('T0', ['T0', 'T1'], 'therapist', 7, 'T-')]);
  });

  it('depends on the seed and on the whole id list, and returns the ids themselves with identifiers', async () => {
    const a = await runPseudonyms(db, 7, false, () => [shape])(['P01'], 'patient');
    const b = await runPseudonyms(db, 8, false, () => [shape])(['P01'], 'patient');
    expect(a).not.toEqual(b);
    expect(await runPseudonyms(db, 7, true, () => [shape])(['P01', 'P10'], 'patient')).toEqual(['P01', 'P10']);
  });

  it('keeps labels that are not ids, and adds an id outside the input to the set', async () => {
    const of = runPseudonyms(db, 7, false, () => [shape]);
    expect(await of(['P01', '(missing)'], 'patient', ['(missing)'])).toEqual([expected('P01', ['P01', 'P02', 'P03', 'P10'], 'patient', 7, 'P-'), '(missing)']);
    const all = ['P01', 'P02', 'P03', 'P10', 'X9'];
    expect(await of(['X9', 'P03'], 'patient')).toEqual([expected('X9', all, 'patient', 7, 'P-'), expected('P03', all, 'patient', 7, 'P-')]);
  });

  it('gives stages that list the same ids the same label array (row-level files encode it once)', async () => {
    const of = runPseudonyms(db, 7, false, () => [shape]);
    const first = await of(['P01', 'P02'], 'patient');
    expect(await of(['P01', 'P02'], 'patient')).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
  });
});
