import type { ErrorObject } from 'ajv';
import { listWords, truncate } from '../engine/errors.ts';

/**
 * Ajv's errors for a value that matches no branch of a union (`anyOf`/`oneOf`) list every
 * branch's complaint: `crit1: { sd: 4 }` gave "must be number", "missing required option
 * 'reliability'", "must be string" and "must be 'none'". Only the branches meant for the value
 * say something useful, so a branch is dropped when it is for another kind of value: its type
 * is not the value's, its constant is not the value, or its discriminating property (a constant
 * such as `type: sd`) does not match. The branches left keep their errors. When no branch is
 * left, the value's kind is wrong for all of them, and one error lists the kinds allowed:
 * "must be a number, an object or 'none'".
 * Unions inside unions are settled from the innermost out.
 */
export function pruneUnionErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  let list = [...errors];
  const unions = list.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').sort((a, b) => b.schemaPath.length - a.schemaPath.length);
  for (const union of unions) {
    if (!list.includes(union)) continue;
    const prefix = `${union.schemaPath}/`;
    const here = union.instancePath;
    const branches = new Map<number, ErrorObject[]>();
    for (const e of list) {
      // the same union applies to every entry of a list: its branches' errors for another entry
      // (another instance path) belong to that entry's union, not this one
      if (!e.schemaPath.startsWith(prefix) || !(e.instancePath === here || e.instancePath.startsWith(`${here}/`))) continue;
      const k = Number(e.schemaPath.slice(prefix.length).split('/')[0]);
      branches.set(k, [...(branches.get(k) ?? []), e]);
    }
    if (!branches.size) continue;
    const otherKind = (errs: ErrorObject[]) =>
      errs.some(
        (e) =>
          ((e.keyword === 'type' || e.keyword === 'const' || e.keyword === 'enum') && e.instancePath === here) ||
          (e.keyword === 'const' && isChild(e.instancePath, here)),
      );
    const meant = [...branches.values()].filter((errs) => !otherKind(errs));
    const dropped = new Set([...branches.values()].flat());
    if (meant.length) {
      for (const errs of meant) for (const e of errs) dropped.delete(e);
      dropped.add(union);
      list = list.filter((e) => !dropped.has(e));
      continue;
    }
    // a union of constants only: ajvErrors merges them into "must be one of …" with a did-you-mean
    if ([...branches.values()].every((errs) => errs.some((e) => e.keyword === 'const' && e.instancePath === here))) continue;
    const kinds = [...branches.values()].map((errs) => kindOf(errs, here));
    if (kinds.includes(undefined)) {
      // an object whose discriminating property matches no branch: only that property's errors,
      // which ajvErrors merges into "must be one of 'sd', 'rci', 'absolute' (got 'foo')"
      const discriminators = [...branches.values()].flat().filter((e) => e.keyword === 'const' && isChild(e.instancePath, here));
      list = list.filter((e) => e !== union && (!dropped.has(e) || discriminators.includes(e)));
      continue;
    }
    const merged: ErrorObject = { ...union, keyword: 'union', message: `must be ${listWords([...new Set(kinds as string[])], 'or')}${describe((union as ErrorObject & { data?: unknown }).data)}` };
    list = list.filter((e) => !dropped.has(e)).map((e) => (e === union ? merged : e));
  }
  return list;
}

function isChild(path: string, parent: string): boolean {
  return path.startsWith(`${parent}/`) && !path.slice(parent.length + 1).includes('/');
}

/** What a branch that refused the value's kind wanted: "a number", "'none'", …; undefined for a discriminator mismatch. */
function kindOf(errs: ErrorObject[], here: string): string | undefined {
  const atValue = errs.filter((e) => e.instancePath === here);
  const constant = atValue.find((e) => e.keyword === 'const');
  if (constant) return `'${String((constant.params as { allowedValue: unknown }).allowedValue)}'`;
  const allowed = atValue.find((e) => e.keyword === 'enum');
  if (allowed) return ((allowed.params as { allowedValues: unknown[] }).allowedValues).map((v) => `'${String(v)}'`).join(', ');
  const type = atValue.find((e) => e.keyword === 'type');
  if (type) {
    // a string constant also checks the type: "'none'" says more than "text"
    const literal = (type.parentSchema as { const?: unknown } | undefined)?.const;
    if (literal !== undefined) return `'${String(literal)}'`;
    return typeName(String((type.params as { type: string }).type));
  }
  return undefined;
}

const TYPE_NAMES: Record<string, string> = { number: 'a number', integer: 'a whole number', string: 'text', object: 'an object', array: 'a list', boolean: 'true or false', null: 'null' };

/** A JSON Schema type (or ajv's comma-joined list of them) in words: 'integer' → "a whole number", 'number,string' → "a number or text". */
export function typeName(type: string): string {
  return listWords(type.split(',').map((t) => TYPE_NAMES[t] ?? t), 'or');
}

/** " (got 'x')" for a text value, " (got 3)" for a number or boolean, '' for anything else. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return ` (got '${truncate(value)}')`;
  if (typeof value === 'number' || typeof value === 'boolean') return ` (got ${String(value)})`;
  return '';
}
