import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempProject } from '../helpers/temp-project.ts';
import { runBatch, type CliResult } from './harness.ts';
import { dataCases } from './data-cases.ts';
import { outputCases } from './valid-cases.ts';
import { expectCleanFailure } from './assert-failure.ts';

// Bad data files and unsafe output folders, each through `alliance run` (one CLI process for all).
const project = tempProject();
let results: Map<string, CliResult>;
beforeAll(() => {
  results = runBatch(project.dir, [...dataCases, ...outputCases]);
});
afterAll(() => project.dispose());

describe('alliance run on bad input', () => {
  for (const c of dataCases) it(c.name, () => expectCleanFailure(results.get(c.name), c));
});

describe('alliance run with an unsafe output folder', () => {
  for (const c of outputCases) it(c.name, () => expectCleanFailure(results.get(c.name), c));
  it('writes nothing through a symbolic-link --out', () => {
    expect(readdirSync(join(results.get('--out through a symbolic link')!.dir, 'elsewhere'))).toEqual([]);
  });
  it('removes a reports/ folder it created for a run that failed', () => {
    expect(readdirSync(results.get('failed run with the default output folder leaves no reports/ folder')!.dir).sort()).toEqual(['data.csv', 'pipeline.yaml']);
  });
  it('leaves the inputs in place', () => {
    expect(readdirSync(results.get('--out is the input folder')!.dir).sort()).toEqual(['data.csv', 'pipeline.yaml']);
    expect(readdirSync(join(results.get('input reached through ../ and --out is its folder')!.dir, 'data')).sort()).toEqual(['run.lock.json', 's.csv']);
  });
});
