import { afterAll, beforeAll, describe, it } from 'vitest';
import { tempProject } from '../helpers/temp-project.ts';
import { runBatch, type CliResult } from './harness.ts';
import { specCases } from './spec-cases.ts';
import { expectCleanFailure } from './assert-failure.ts';

// Spec problems, each through `alliance validate` (one CLI process for all).
const project = tempProject();
let results: Map<string, CliResult>;
beforeAll(() => {
  results = runBatch(project.dir, specCases);
});
afterAll(() => project.dispose());

describe('alliance validate on bad specs', () => {
  for (const c of specCases) it(c.name, () => expectCleanFailure(results.get(c.name), c));
});
