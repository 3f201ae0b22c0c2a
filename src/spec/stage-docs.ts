import type { TSchema } from '@sinclair/typebox';
import { stageRegistry } from '../stages/registry.ts';

/**
 * The README's stage reference, generated from the registry (every stage with every option,
 * its type, default and description) so the documentation cannot drift from the code; a test
 * compares it with the block between the `<!-- stages:begin -->` markers in README.md.
 */
export function stageDocs(): string {
  const out: string[] = [];
  for (const def of stageRegistry.values()) {
    out.push(`### \`${def.type}\``, '', def.summary + '.', '');
    const props = def.options.properties as Record<string, TSchema>;
    const required = new Set(def.options.required ?? []);
    out.push('| option | type | required | default | description |', '|---|---|---|---|---|');
    for (const [key, schema] of Object.entries(props)) {
      out.push(`| \`${key}\` | ${typeOf(schema)} | ${required.has(key) ? 'yes' : ''} | ${schema.default !== undefined ? `\`${JSON.stringify(schema.default)}\`` : ''} | ${escape(schema.description ?? describeNested(schema))} |`);
    }
    out.push('');
  }
  return out.join('\n');
}

function typeOf(s: TSchema): string {
  if (s.anyOf) {
    const consts = (s.anyOf as TSchema[]).filter((x) => x.const !== undefined).map((x) => `\`${x.const}\``);
    if (consts.length === (s.anyOf as TSchema[]).length) return consts.join(' \\| ');
    return (s.anyOf as TSchema[]).map(typeOf).join(' \\| ');
  }
  if (s.const !== undefined) return `\`${s.const}\``;
  if (s.type === 'array') return `${typeOf(s.items as TSchema)}[]`;
  if (s.type === 'object') return s.patternProperties ? 'map' : 'object';
  return String(s.type ?? 'any');
}

function describeNested(s: TSchema): string {
  const props = (s.type === 'array' ? (s.items as TSchema)?.properties : s.properties) as Record<string, TSchema> | undefined;
  if (!props) return '';
  return `fields: ${Object.entries(props).map(([k, v]) => `\`${k}\`${v.description ? ` (${v.description})` : ''}`).join(', ')}`;
}

function escape(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
