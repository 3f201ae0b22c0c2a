// Wide ingest: patient × session slots whose cells are all blank are not made into rows, and the
// ledger says how many (README: every excluded or altered row is counted in the data-quality ledger).
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runSpecText, tempProject } from '../helpers/temp-project.ts';

let project: ReturnType<typeof tempProject> | undefined;
afterEach(() => project?.dispose());

const spec = `
name: t
stages:
  - id: sessions
    type: ingest
    file: data.csv
    wide: { separator: _s }
`;

describe('ingest: blank wide slots in the ledger', () => {
  it('counts every all-blank slot, those between recorded sessions, and patients left with none', async () => {
    // stems a, b; sessions 1–4; slots counted by hand:
    // P1: s1 (a), s3 (b) recorded; s2 blank between them, s4 blank after → 2 blank, 1 inside
    // P2: all four recorded → 0 blank
    // P3: all four blank → 4 blank, no row at all
    // P4: s2, s4 recorded; s1 blank before, s3 blank between → 2 blank, 1 inside
    const text = [
      'patient,a_s1,b_s1,a_s2,b_s2,a_s3,b_s3,a_s4,b_s4',
      'P1,1,,,,,2,,',
      'P2,1,1,2,2,3,3,4,4',
      'P3,,,,,,,,',
      'P4,,,5,,,,,6',
    ].join('\n');
    project = tempProject({ 'data.csv': text });
    await runSpecText(project.dir, spec);
    const results = JSON.parse(readFileSync(join(project.dir, 'out', 'results.json'), 'utf8'));
    expect(results.stages.sessions.rows).toBe(8); // 16 slots − 8 blank
    const entries = results.ledger.filter((e: { stage: string }) => e.stage === 'sessions');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: 'flagged', unit: 'sessions', count: 8, reason: 'wide-slot-blank' });
    expect(entries[0].detail).toMatch(/<stem>_s<session> for a, b are all blank/);
    expect(entries[0].detail).toMatch(/2 of them lie between a patient's first and last non-blank session/);
    expect(entries[0].detail).toMatch(/1 patient\(s\) have no non-blank slot/);
  });

  it('adds no entry when every slot has a value', async () => {
    project = tempProject({ 'data.csv': 'patient,a_s1,a_s2\nP1,1,2\nP2,3,4\n' });
    await runSpecText(project.dir, spec);
    const results = JSON.parse(readFileSync(join(project.dir, 'out', 'results.json'), 'utf8'));
    expect(results.stages.sessions.rows).toBe(4);
    expect(results.ledger.filter((e: { stage: string }) => e.stage === 'sessions')).toEqual([]);
  });
});
