import type { Argv } from 'yargs';
import { parseParams } from '../parse-params.ts';
import { formatCount } from '../../report/format/index.ts';

export function validateCommand(y: Argv): Argv {
  return y.command(
    'validate <pipeline>',
    'Check a pipeline (schema, references, columns, instruments) without running it',
    (a) =>
      a
        .positional('pipeline', { type: 'string', demandOption: true })
        .option('param', { type: 'string', array: true, describe: 'Override a declared parameter: --param name=value' }),
    async (argv) => {
      const { loadSpec } = await import('../../spec/load-spec.ts');
      const { validatePipeline } = await import('../../engine/run-pipeline.ts');
      const spec = loadSpec(argv.pipeline as string, parseParams(argv.param));
      const plan = await validatePipeline(spec);
      process.stdout.write(`${argv.pipeline}: valid (${formatCount(spec.stages.length, 'stage')}: ${spec.stages.map((s) => `${s.id}:${s.type}`).join(' → ')}; ${formatCount(plan.shapes.size, 'table')})\n`);
    },
  );
}
