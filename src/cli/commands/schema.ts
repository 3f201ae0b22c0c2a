import type { Argv } from 'yargs';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../engine/package-root.ts';
import { UsageError } from '../errors-to-exit.ts';

export const README = join(PACKAGE_ROOT, 'README.md');
export const SCHEMA_FILE = join(PACKAGE_ROOT, 'src/spec/pipeline.schema.json');

export function schemaCommand(y: Argv): Argv {
  return y.command(
    'schema',
    'Print the pipeline JSON Schema (generated from the stage registry)',
    (a) =>
      a
        .option('write', { type: 'boolean', default: false, describe: 'Rewrite src/spec/pipeline.schema.json and the README stage reference (maintainers)' })
        .option('markdown', { type: 'boolean', default: false, describe: 'Print the stage reference as Markdown instead' }),
    async (argv) => {
      // --write rewrites the schema file and the README's stage reference; with --markdown it was ignored
      if (argv.markdown && argv.write) throw new UsageError('--write rewrites src/spec/pipeline.schema.json and the README stage reference, --markdown prints that reference; give one of them');
      const { pipelineSchema } = await import('../../spec/pipeline-schema.ts');
      const { stageDocs } = await import('../../spec/stage-docs.ts');
      const text = JSON.stringify(pipelineSchema(), null, 2) + '\n';
      if (argv.markdown) process.stdout.write(stageDocs() + '\n');
      else if (argv.write) {
        writeFileSync(SCHEMA_FILE, text);
        const readme = readFileSync(README, 'utf8');
        const begin = '<!-- stages:begin -->';
        const end = '<!-- stages:end -->';
        const i = readme.indexOf(begin);
        const j = readme.indexOf(end);
        if (i >= 0 && j > i) writeFileSync(README, readme.slice(0, i + begin.length) + '\n' + stageDocs() + '\n' + readme.slice(j));
      } else process.stdout.write(text);
    },
  );
}
