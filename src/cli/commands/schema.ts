import type { Argv } from 'yargs';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SCHEMA_FILE = fileURLToPath(new URL('../../spec/pipeline.schema.json', import.meta.url));

export function schemaCommand(y: Argv): Argv {
  return y.command(
    'schema',
    'Print the pipeline JSON Schema (generated from the stage registry)',
    (a) => a.option('write', { type: 'boolean', default: false, describe: 'Rewrite src/spec/pipeline.schema.json (maintainers)' }),
    async (argv) => {
      const { pipelineSchema } = await import('../../spec/pipeline-schema.ts');
      const text = JSON.stringify(pipelineSchema(), null, 2) + '\n';
      if (argv.write) writeFileSync(SCHEMA_FILE, text);
      else process.stdout.write(text);
    },
  );
}
