import { join } from 'node:path';
import { REPO } from './temp-project.ts';

/** Pipeline YAML up to the scored sessions of data-samples/rom-small.csv (WAI-SR as wai, PHQ-9 as phq); append further stages. */
export const ROM_SMALL_SCORED = `
name: t
stages:
  - { id: sessions, type: ingest, file: ${join(REPO, 'data-samples/rom-small.csv')} }
  - id: scored
    type: score
    from: sessions
    instruments: [{ instrument: wai-sr, prefix: wai }, { instrument: phq-9, prefix: phq }]
`;
