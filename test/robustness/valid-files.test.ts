import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempProject } from '../helpers/temp-project.ts';
import { runBatch, tempLeftovers, type CliResult } from './harness.ts';
import { validCases } from './valid-cases.ts';

// Odd but valid files: `alliance run` must succeed and count every row and patient.
const project = tempProject();
let results: Map<string, CliResult>;
beforeAll(() => {
  results = runBatch(project.dir, validCases);
});
afterAll(() => project.dispose());

describe('alliance run on odd but valid files', () => {
  for (const c of validCases) {
    it(c.name, () => {
      const r = results.get(c.name)!;
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toBe('');
      const out = JSON.parse(readFileSync(join(r.dir, 'out/results.json'), 'utf8'));
      expect(out.stages.sessions).toMatchObject({ rows: c.rows, patients: c.patients });
      expect(out.stages.patients.patients).toBe(c.patients);
      const reasons = (out.ledger as { reason: string }[]).map((e) => e.reason);
      for (const reason of c.ledger ?? []) expect(reasons).toContain(reason);
      expect(tempLeftovers(r.dir)).toEqual([]);
      expect(readdirSync(join(r.dir, 'out')).sort()).toEqual(['results.json', 'run.lock.json']);
    });
  }
});
