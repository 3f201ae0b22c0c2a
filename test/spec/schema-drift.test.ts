// One source of truth: the committed JSON Schema must equal the one generated from the envelope
// and the stage registry (regenerate with `npm run schema`).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pipelineSchema } from '../../src/spec/pipeline-schema.ts';
import { stageRegistry } from '../../src/stages/registry.ts';
import { REPO } from '../helpers/temp-project.ts';

describe('pipeline JSON Schema', () => {
  it('committed src/spec/pipeline.schema.json matches the generated schema (run `npm run schema` after changing stage options)', () => {
    const committed = JSON.parse(readFileSync(join(REPO, 'src/spec/pipeline.schema.json'), 'utf8'));
    expect(committed).toEqual(pipelineSchema());
  });

  it('lists every registered stage type', () => {
    const schema = pipelineSchema() as { properties: { stages: { items: { oneOf: { title: string }[] } } } };
    expect(schema.properties.stages.items.oneOf.map((s) => s.title).sort()).toEqual([...stageRegistry.keys()].sort());
  });

  it('every shipped pipeline validates against the schema', () => {
    const ajv = new Ajv({ strict: false });
    const validate = ajv.compile(pipelineSchema());
    for (const f of readdirSync(join(REPO, 'pipelines')).filter((f) => f.endsWith('.yaml'))) {
      const ok = validate(parse(readFileSync(join(REPO, 'pipelines', f), 'utf8')));
      expect(ok, `${f}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
    }
  });
});
