/**
 * Regenerates the simulated sample data in `data-samples/` (CSV + truth JSON per set).
 * Run from anywhere: `npx tsx src/simulate/make-samples.ts`.
 */
import { fileURLToPath } from 'node:url';
import { SAMPLE_SETS } from './samples.ts';
import { simulate } from './simulate.ts';
import { writeSimulation } from './write-simulation.ts';

const dir = fileURLToPath(new URL('../../data-samples/', import.meta.url));
for (const { file, options } of SAMPLE_SETS) {
  const sim = simulate(options);
  const { csvPath, truthPath } = await writeSimulation(sim, dir + file);
  console.log(`${csvPath} (${sim.counts.rows} rows, ${sim.counts.patients} patients) and ${truthPath}`);
}
