import { hash } from 'node:crypto';
import { pseudonymize } from '../report/privacy/index.ts';
import { sqlIdent, type DuckDBSession } from './duckdb-session.ts';
import { tableName, type TableShape } from './table-shape.ts';

export type IdentifierRole = 'patient' | 'therapist';

/**
 * Report labels for patient or therapist ids: the ids themselves when the report may show
 * identifiers, otherwise their pseudonyms. `keep` lists labels that are not ids (`(missing)`)
 * and stay as they are unless the data hold an id spelled that way.
 */
export type PseudonymsOf = (ids: readonly string[], role: IdentifierRole, keep?: readonly string[]) => Promise<readonly string[]>;

/**
 * One pseudonym per id for the whole run, so a patient is `P-…` with the same digits in every
 * figure, table and row-level file of a report, and a therapist `T-…` likewise.
 *
 * The ids of a role are every value of that role's column in the tables the run has read so far
 * (`sources`: the input stages' tables; every later table holds a subset of them). They are
 * pseudonymised together ({@link pseudonymize}: the digits needed to tell all of them apart),
 * salted with a digest of the role, the pipeline seed and every id, so the pseudonyms cannot be
 * reversed by hashing candidate ids without knowing the whole id list. An id outside that set
 * (it cannot come from an input table) joins the set, and the set is pseudonymised again.
 * Computed on first use, once per role; the labels of the last call per role are returned again,
 * as the same frozen array, for the same ids, so the work that row-level files cache per label
 * list (CSV encoding) is shared by the stages that list the same patients.
 */
export function runPseudonyms(db: DuckDBSession, seed: number, identifiers: boolean, sources: () => readonly TableShape[]): PseudonymsOf {
  const known = new Map<IdentifierRole, Map<string, string>>();
  const last = new Map<IdentifierRole, { ids: readonly string[]; keep: readonly string[]; labels: readonly string[] }>();

  async function idsOf(role: IdentifierRole): Promise<string[]> {
    const selects = sources()
      .filter((s) => s.roles[role])
      .map((s) => {
        // ingest lists its patients once beside a long table: read those, not every session row
        const listed = s.patientCodesBeside?.of === s.roles[role] ? s.patientCodesBeside : undefined;
        return listed
          ? `SELECT ${sqlIdent(listed.of)}::VARCHAR AS id FROM ${sqlIdent(listed.levels)}`
          : `SELECT ${sqlIdent(s.roles[role]!)}::VARCHAR AS id FROM ${sqlIdent(tableName(s.id))}`;
      });
    if (!selects.length) return [];
    const ids = await db.readStrings(`SELECT DISTINCT id FROM (${selects.join(' UNION ALL ')}) WHERE id IS NOT NULL`);
    return ids as string[];
  }

  function assign(role: IdentifierRole, ids: string[]): Map<string, string> {
    // JavaScript's string order, whatever the database's collation: the same ids always give the same salt
    const sorted = [...new Set(ids)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const salt = hash('sha256', `alliance-pseudonym\u0000${role}\u0000${seed}\u0000${sorted.join('\u0000')}`, 'hex');
    const names = pseudonymize(sorted, salt, role === 'patient' ? 'P-' : 'T-');
    return new Map(sorted.map((id, i) => [id, names[i]!]));
  }

  return async (ids, role, keep = []) => {
    if (identifiers) return ids.slice();
    const prev = last.get(role);
    if (prev && sameList(prev.ids, ids) && sameList(prev.keep, keep)) return prev.labels;
    let map = known.get(role);
    if (!map) known.set(role, (map = assign(role, await idsOf(role))));
    const outside = ids.filter((id) => !map!.has(id) && !keep.includes(id));
    if (outside.length) {
      known.set(role, (map = assign(role, [...map.keys(), ...outside])));
      last.delete(role);
    }
    const labels = Object.freeze(ids.map((id) => map!.get(id) ?? id));
    last.set(role, { ids: ids.slice(), keep: keep.slice(), labels });
    return labels;
  };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
