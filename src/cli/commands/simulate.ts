import type { Argv } from 'yargs';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../errors-to-exit.ts';

export function simulateCommand(y: Argv): Argv {
  return y.command(
    'simulate',
    'Write simulated routine-outcome-monitoring data (reference layout) with planted structure, and its ground truth',
    (a) =>
      a
        .option('patients', { type: 'number', demandOption: true, describe: 'Number of patients' })
        .option('seed', { type: 'number', default: 1, describe: 'Seed (same seed → byte-identical file)' })
        .option('therapists', { type: 'number', describe: 'Number of therapists (default patients / 20)' })
        .option('sites', { type: 'number', describe: 'Number of sites (default therapists / 5)' })
        .option('out', { type: 'string', demandOption: true, describe: 'CSV file to write; <name>.truth.json is written beside it' }),
    async (argv) => {
      const { simulate, writeSimulation } = await import('../../simulate/index.ts');
      if (!Number.isInteger(argv.patients) || argv.patients < 1) throw new UsageError('--patients must be a whole number ≥ 1');
      mkdirSync(dirname(resolve(argv.out)), { recursive: true });
      const t0 = performance.now();
      const sim = simulate({ patients: argv.patients, seed: argv.seed, therapists: argv.therapists, sites: argv.sites });
      const { csvPath, truthPath } = await writeSimulation(sim, argv.out);
      process.stdout.write(`${csvPath} and ${truthPath} written in ${((performance.now() - t0) / 1000).toFixed(2)} s\n`);
    },
  );
}
