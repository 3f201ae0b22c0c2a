import type { Argv } from 'yargs';
import { parseParams } from '../parse-params.ts';
import { join } from 'node:path';

export function runCommand(y: Argv): Argv {
  return y.command(
    'run <pipeline>',
    'Run a pipeline and write its report folder',
    (a) =>
      a
        .positional('pipeline', { type: 'string', demandOption: true, describe: 'Pipeline YAML file' })
        .option('param', { type: 'string', array: true, describe: 'Override a declared parameter: --param name=value (repeatable)' })
        .option('out', { type: 'string', describe: 'Output folder (default reports/<pipeline name>/)' })
        .option('strict', { type: 'boolean', default: false, describe: 'Fail when any stage excludes or sets data missing' })
        .option('quiet', { type: 'boolean', default: false, describe: 'No progress output' }),
    async (argv) => {
      const { loadSpec } = await import('../../spec/load-spec.ts');
      const { runPipeline } = await import('../../engine/run-pipeline.ts');
      const spec = loadSpec(argv.pipeline as string, parseParams(argv.param));
      const outDir = argv.out ?? join('reports', spec.name);
      const outcome = await runPipeline(spec, { outDir, strict: argv.strict, quiet: argv.quiet });
      if (!argv.quiet) process.stdout.write(`${outDir}/ written (${outcome.stages.length} stages, ${outcome.seconds.toFixed(2)} s, ${outcome.ledger.entries.length} ledger entries)\n`);
    },
  );
}
