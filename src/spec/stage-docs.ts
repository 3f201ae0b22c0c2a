import type { TSchema } from '@sinclair/typebox';
import { stageRegistry } from '../stages/registry.ts';
import { CustomInstrument } from './pipeline-types.ts';

/**
 * The README's stage reference, generated from the registry (every stage with every option,
 * its type, default and description) so the documentation cannot drift from the code; a test
 * compares it with the block between the `<!-- stages:begin -->` markers in README.md.
 * An option made of parts (an object, a list of objects, a choice of forms) also lists every
 * nested field with its type, whether it is required, its default and its description.
 */
export function stageDocs(): string {
  const out: string[] = [];
  for (const def of stageRegistry.values()) {
    out.push(`### \`${def.type}\``, '', def.summary + '.', '');
    const props = def.options.properties as Record<string, TSchema>;
    const required = new Set(def.options.required ?? []);
    out.push('| option | type | required | default | description |', '|---|---|---|---|---|');
    for (const [key, schema] of Object.entries(props)) out.push(optionRow(key, schema, required.has(key)));
    out.push('');
  }
  return out.join('\n');
}

/**
 * The README's table of the fields of a custom instrument (`instruments:` at the top of a
 * pipeline), generated from the spec type; a test compares it with the block between the
 * `<!-- instruments:begin -->` markers in README.md.
 */
export function customInstrumentDocs(): string {
  const required = new Set<string>(CustomInstrument.required ?? []);
  const rows = Object.entries(CustomInstrument.properties as Record<string, TSchema>).map(([key, schema]) => optionRow(key, schema, required.has(key)));
  return ['| field | type | required | default | description |', '|---|---|---|---|---|', ...rows].join('\n');
}

/** One table row: name, type, required, default, and the description followed by the nested fields. */
function optionRow(key: string, schema: TSchema, required: boolean): string {
  const text = [schema.description, nestedFields(schema)].filter(Boolean).join('. ');
  return `| \`${key}\` | ${escape(typeOf(schema))} | ${required ? 'yes' : ''} | ${schema.default !== undefined ? `\`${JSON.stringify(schema.default)}\`` : ''} | ${escape(text)} |`;
}

/** Markdown type of a schema: `a` | `b` for enumerations, `T[]` for lists, `[A, B]` for pairs. */
export function typeOf(s: TSchema): string {
  if (s.anyOf) {
    const forms = s.anyOf as TSchema[];
    return [...new Set(forms.map(typeOf))].join(' | ');
  }
  if (s.const !== undefined) return `\`${s.const}\``;
  if (s.type === 'array') {
    if (Array.isArray(s.items)) return `[${(s.items as TSchema[]).map(typeOf).join(', ')}]`;
    const item = typeOf(s.items as TSchema);
    return (s.items as TSchema).anyOf && (s.items as TSchema).anyOf.length > 1 ? `(${item})[]` : `${item}[]`;
  }
  if (s.type === 'object') return s.patternProperties ? 'map' : 'object';
  return String(s.type ?? 'any');
}

/**
 * The parts of an option: the fields of an object or of each item of a list of objects, or the
 * forms of a choice when one of them is an object or carries its own description. Empty otherwise.
 */
export function nestedFields(s: TSchema): string {
  if (s.anyOf) {
    const forms = s.anyOf as TSchema[];
    if (!forms.some((f) => f.description || hasFields(f))) return '';
    return `Forms: ${forms.map(form).join('; ')}`;
  }
  if (s.type === 'array' && !Array.isArray(s.items) && hasFields(s.items as TSchema)) return `Each item: ${fieldList(s.items as TSchema)}`;
  if (hasFields(s)) return `Fields: ${fieldList(s)}`;
  return '';
}

function hasFields(s: TSchema | undefined): boolean {
  return Boolean(s && s.type === 'object' && s.properties && Object.keys(s.properties).length);
}

function form(s: TSchema): string {
  if (s.const !== undefined) return `\`${s.const}\`${s.description ? ` (${s.description})` : ''}`;
  const name = s.type === 'object' ? 'an object' : s.type === 'array' ? 'a list' : s.type === 'integer' ? 'an integer' : `a ${String(s.type ?? 'value')}`;
  const fields = hasFields(s) ? ` with fields ${fieldList(s)}` : '';
  return `${name}${s.description ? ` (${s.description})` : ''}${fields}`;
}

function fieldList(s: TSchema): string {
  const required = new Set((s.required as string[] | undefined) ?? []);
  return Object.entries(s.properties as Record<string, TSchema>)
    .map(([k, v]) => {
      const head = [typeOf(v), required.has(k) ? 'required' : '', v.default !== undefined ? `default \`${JSON.stringify(v.default)}\`` : ''].filter(Boolean).join(', ');
      const nested = nestedFields(v);
      return `\`${k}\` (${head}${v.description ? `: ${v.description}` : ''}${nested ? `; ${nested[0].toLowerCase()}${nested.slice(1)}` : ''})`;
    })
    .join(', ');
}

function escape(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
