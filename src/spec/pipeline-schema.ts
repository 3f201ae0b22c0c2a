import { stageRegistry } from '../stages/registry.ts';
import { PipelineEnvelope } from './pipeline-types.ts';

/**
 * The full pipeline JSON Schema, generated from the envelope (src/spec/pipeline-types.ts) and
 * every registered stage's options. Committed as src/spec/pipeline.schema.json; a test fails
 * when the committed file drifts from this function's output (`npm run schema` rewrites it).
 */
export function pipelineSchema(): Record<string, unknown> {
  const stages = [...stageRegistry.values()].map((def) => ({
    type: 'object',
    title: def.type,
    description: def.summary,
    properties: {
      id: PipelineEnvelope.properties.stages.items.properties.id,
      type: { const: def.type },
      ...def.options.properties,
    },
    required: ['id', 'type', ...(def.options.required ?? [])],
    additionalProperties: false,
  }));
  const envelope = JSON.parse(JSON.stringify(PipelineEnvelope)) as Record<string, unknown> & { properties: Record<string, unknown> };
  envelope.properties.stages = { type: 'array', minItems: 1, items: { oneOf: stages } };
  return JSON.parse(
    JSON.stringify({
      $schema: 'http://json-schema.org/draft-07/schema#',
      $id: 'urn:alliance:pipeline-schema',
      title: 'alliance pipeline',
      ...envelope,
    }),
  ) as Record<string, unknown>;
}
