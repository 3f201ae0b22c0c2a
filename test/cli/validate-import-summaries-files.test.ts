// `alliance validate` names every unusable file of an import-summaries stage in one run (README
// "Pipelines": validate "reports every problem at once with its spec path"). The plan used to stop at
// the first file it could not use, so a user fixing a list of site files met them one validate at a
// time. Expected: one line per unusable file in file order — a path problem at its spec path
// files[i] with the YAML position of the value in SPEC, a file that is not JSON under its own name —
// while the usable summary (the committed data-samples/meta/sites/S01.summary.json) raises nothing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, tempProject } from '../helpers/temp-project.ts';
import { validateFailureLines } from '../helpers/validate-spec-errors.ts';

const SPEC = `name: files
stages:
  - { id: s, type: import-summaries, files: [S01.json, missing.json, sub, bad.json, gone.json], analysis: "Early alliance × PHQ-9 improvement" }
  - { id: m, type: meta, from: s, r: r, n: n }
`;

const p = tempProject({
  'pipeline.yaml': SPEC,
  'S01.json': readFileSync(join(REPO, 'data-samples/meta/sites/S01.summary.json'), 'utf8'),
  'bad.json': '', // empty: the JSON.parse message is the same in every Node version
  'sub/readme.txt': 'a folder, not a summary',
});
afterAll(() => p.dispose());

describe('alliance validate lists every unusable import-summaries file', () => {
  it('prints a line for each of them, not only the first', () => {
    const notFound = (f: string) => `input file "${f}" was not found: looked for <dir>/${f} (relative paths are read from the spec's folder <dir>)`;
    expect(validateFailureLines('pipeline.yaml', p.dir).map((line) => line.replaceAll(p.dir, '<dir>'))).toEqual([
      'error: the pipeline has 4 problems:',
      `  pipeline.yaml, line 3, column 56: stages[0].files[1]: ${notFound('missing.json')}`,
      '  pipeline.yaml, line 3, column 70: stages[0].files[2]: input "sub" is a folder (<dir>/sub); name a data file',
      "  bad.json: not a JSON site summary: Unexpected end of JSON input (read by stages[0], stage 's')",
      `  pipeline.yaml, line 3, column 85: stages[0].files[4]: ${notFound('gone.json')}`,
    ]);
  });
});
