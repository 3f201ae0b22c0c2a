import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './temp-project.ts';

/** The header and first 12 data rows of data-samples/rom-small.csv (two patients), as text lines. */
export const SAMPLE_LINES = readFileSync(join(REPO, 'data-samples/rom-small.csv'), 'utf8').split('\n').slice(0, 13);
export const SAMPLE_HEADER = SAMPLE_LINES[0]!.split(',');

const TEXT = new Set(['site', 'therapist', 'patient', 'modality']);
/** The same rows as objects: role columns as text, the rest as numbers, empty cells null. */
export const SAMPLE_ROWS: Record<string, unknown>[] = SAMPLE_LINES.slice(1).map((l) =>
  Object.fromEntries<unknown>(l.split(',').map((v, j) => [SAMPLE_HEADER[j], TEXT.has(SAMPLE_HEADER[j]!) ? v : v === '' ? null : Number(v)])),
);

/** ingest → score (WAI-SR, PHQ-9) → patients on `file`: the pipeline the blank-cell tests run. */
export const scorePatientsSpec = (file: string) => `
name: t
stages:
  - { id: sessions, type: ingest, file: ${file} }
  - id: scored
    type: score
    from: sessions
    instruments: [{ instrument: wai-sr, prefix: wai }, { instrument: phq-9, prefix: phq }]
  - { id: patients, type: patients, from: scored, outcome: phq_total, alliance: [wai_total] }
`;
