// A bootstrap's draws (replicates × complete rows) are capped at MAX_BOOTSTRAP_DRAWS = 1e10, so a
// pipeline from someone else cannot tie the machine up for days (10^6 replicates of 10^6 patients
// would take about 10^12 draws). 10,001 patients × 10^6 replicates is just over the cap: the run
// stops before drawing, with one message naming the stage, the pair and the most replicates that
// fit (⌊1e10 / 10,001⌋ = 999,900), and leaves no output folder. The quick command stops the same
// way, and refuses more than the stage's 10^6 replicates outright.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, runSpecText, tempProject } from '../helpers/temp-project.ts';
import { MAX_BOOTSTRAP_DRAWS } from '../../src/stages/correlate.ts';

const N = 10_001;

function csv(): string {
  const lines = ['patient,x,y'];
  for (let i = 0; i < N; i++) lines.push(`P${i},${(i * 7919) % 101},${(i * 104729) % 97}`);
  return lines.join('\n') + '\n';
}

const spec = (reps: number) => `
name: t
stages:
  - { id: data, type: ingest, file: data.csv, grain: patient }
  - { id: b, type: correlate, from: data, pairs: [{ x: x, y: y }], bootstrap: { reps: ${reps} } }
`;

describe('the bootstrap draw budget', () => {
  let project: ReturnType<typeof tempProject>;
  beforeAll(() => {
    project = tempProject({ 'data.csv': csv() });
  });
  afterAll(() => project?.dispose());

  it('stops a correlate stage whose replicates × complete rows exceed 1e10, naming the most that fit', async () => {
    expect(MAX_BOOTSTRAP_DRAWS).toBe(1e10);
    const fit = Math.floor(MAX_BOOTSTRAP_DRAWS / N);
    await expect(runSpecText(project.dir, spec(1_000_000))).rejects.toThrow(
      `stages[1] (stage 'b', correlate): pairs[0] (x × y): bootstrap: 1000000 replicates of ${N} complete rows are 1.0e+10 draws, more than the 1e10 supported; at most ${fit} replicates fit this pair`,
    );
    expect(existsSync(join(project.dir, 'out'))).toBe(false);
    // within the budget it runs
    const { results } = await runSpecText(project.dir, spec(50));
    expect((results.b as { correlations: { bootstrap: { reps: number } }[] }).correlations[0]!.bootstrap.reps).toBe(50);
  });

  it('the quick command stops the same way, and refuses more than 1,000,000 replicates', () => {
    const over = cli(['correlate', project.path('data.csv'), '--x', 'x', '--y', 'y', '--bootstrap', '1000000']);
    expect(over.status).not.toBe(0);
    expect(over.stderr).toContain(`--x x, --y y: bootstrap: 1000000 replicates of ${N} complete rows are 1.0e+10 draws, more than the 1e10 supported; at most 999900 replicates fit this pair`);
    expect(over.stderr).not.toMatch(/\n\s+at /);
    const tooMany = cli(['correlate', project.path('data.csv'), '--x', 'x', '--y', 'y', '--bootstrap', '1000001']);
    expect(tooMany.status).not.toBe(0);
    expect(tooMany.stderr).toContain('--bootstrap must be a whole number of replicates from 10 to 1,000,000');
  });
});
