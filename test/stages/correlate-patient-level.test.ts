// The correlate stage counts each row of `from` as a patient (its n, df and ledger unit), so a
// session-level table is refused, as compare and therapist-effects refuse it: scored sessions at
// plan time (validate), an ingested file with several rows per patient when the stage runs. It
// correlated 3,069 nested session rows as if independent, as "3069 patients".
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { REPO, runSpecText, tempProject } from '../helpers/temp-project.ts';

const p = tempProject({});
afterAll(() => p.dispose());
const INGEST = `name: t\nstages:\n  - { id: sessions, type: ingest, file: ${join(REPO, 'data-samples/rom-small.csv')} }\n`;

it('refuses a scored (session-level) table when planning', async () => {
  await expect(
    runSpecText(p.dir, `${INGEST}  - { id: scored, type: score, from: sessions, instruments: [{ instrument: wai-sr, prefix: wai }] }\n  - { id: c, type: correlate, from: scored, pairs: [{ x: wai_task, y: wai_bond }] }\n`),
  ).rejects.toThrow(/stages\[2\]\.from: table 'scored' has one row per session; correlate needs one row per patient/);
});

it('refuses an ingested file with several rows per patient when it runs', async () => {
  await expect(runSpecText(p.dir, `${INGEST}  - { id: c, type: correlate, from: sessions, pairs: [{ x: wai1, y: wai2 }] }\n`)).rejects.toThrow(
    /stages\[1\]\.from.*table 'sessions' has 3,657 rows for 300 patients \(more than one row per patient, e\.g\. one per session\); correlate needs one row per patient/,
  );
});
