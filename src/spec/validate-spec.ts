import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { TObject } from '@sinclair/typebox';
import { SpecError, SpecErrors } from '../engine/errors.ts';
import { stageRegistry } from '../stages/registry.ts';
import { didYouMean, formatSuggestion } from './did-you-mean.ts';
import { PipelineEnvelope, type CustomInstrumentT, type PipelineEnvelopeT, type RejectedStage, type StageSpec } from './pipeline-types.ts';
import { formatSpecPath } from './yaml-locator.ts';
import { describe, pruneUnionErrors, typeName } from './union-errors.ts';

type At = (message: string, path: (string | number)[], specPath: string, preferKey?: boolean) => SpecError;

// code.optimize off: the validators check one small spec once, and ajv's pass that tidies the
// generated code took about a third of their compile time (0.27 s → 0.18–0.21 s for all 21 stage
// types), which every command pays at start-up. strictNumbers: `number` and `integer` refuse
// Infinity and NaN (loadSpec reports them first, with their source text)
const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false, strictNumbers: true, verbose: true, code: { optimize: false } });
const envelopeValidator = ajv.compile(PipelineEnvelope);
const stageValidators = new Map<string, ValidateFunction>();

function stageValidator(type: string, options: TObject): ValidateFunction {
  let v = stageValidators.get(type);
  if (!v) {
    v = ajv.compile({ ...options, properties: { id: { type: 'string' }, type: { type: 'string' }, ...options.properties }, additionalProperties: false });
    stageValidators.set(type, v);
  }
  return v;
}

/**
 * Validates the pipeline envelope (name, params, stages list, instruments) against its schema.
 * Problems inside custom instrument definitions alone do not stop here: they are returned by
 * definition index (`rejectedInstruments`), so planning lists them with the stages' problems.
 */
export function validateEnvelope(raw: unknown, at: At): { envelope: PipelineEnvelopeT; rejectedInstruments: Map<number, SpecError[]> } {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new SpecErrors([at('a pipeline must be a YAML mapping with at least `name` and `stages`', [], '')]);
  }
  const rejectedInstruments = new Map<number, SpecError[]>();
  if (!envelopeValidator(raw)) {
    const errors = envelopeValidator.errors ?? [];
    const topKeys = Object.keys(PipelineEnvelope.properties);
    const definition = (e: ErrorObject) => /^\/instruments\/(\d+)(?:\/|$)/.exec(e.instancePath)?.[1];
    if (!errors.every((e) => definition(e) !== undefined)) throw new SpecErrors(ajvErrors(errors, [], at, topKeys));
    for (const i of new Set(errors.map((e) => Number(definition(e))))) {
      rejectedInstruments.set(i, ajvErrors(errors.filter((e) => Number(definition(e)) === i), [], at, topKeys));
    }
  }
  return { envelope: raw as PipelineEnvelopeT, rejectedInstruments };
}

/** The stages that passed their schema check, and those that did not with their problems. */
export interface StageCheck {
  stages: StageSpec[];
  rejected: RejectedStage[];
}

/**
 * A stage that failed its schema check but is still planned: `known` are its options that passed
 * (with their defaults), `inDoubt` the options whose value is not known, since it failed the schema
 * (a wrong type, a misspelled value, a missing required option) or an unknown option may be its
 * misspelling, and `entriesInDoubt` the entries of a list option that failed it (`pairs[1]`), whose
 * other entries are known. planPipeline skips the checks that read an option in doubt, and lets later stages read
 * the stage's table only when its plan read none of them.
 */
export interface PartlyValidStage extends RejectedStage {
  type: string;
  known: Record<string, unknown>;
  inDoubt: string[];
  /** List options whose schema problems all lie in some entries: those entries' indexes (the list itself passed). */
  entriesInDoubt: Record<string, number[]>;
}

/** Whether a rejected stage can still be planned on the options that passed its schema. */
export function isPartlyValid(stage: RejectedStage): stage is PartlyValidStage {
  return stage.known !== undefined && stage.type !== undefined && Array.isArray((stage as Partial<PartlyValidStage>).inDoubt);
}

/**
 * Validates each stage against its registered type: unknown types, options, duplicate ids. A stage
 * with a problem is left out of `stages` (and listed in `rejected`), so the stages that passed can
 * still be planned and their problems listed beside these; one whose problems all lie in its
 * options (not its id or type) is listed as a PartlyValidStage, planned on the options that passed.
 */
export function validateStages(envelope: PipelineEnvelopeT, at: At, _instruments: CustomInstrumentT[]): StageCheck {
  const seen = new Map<string, number>();
  const stages: StageSpec[] = [];
  const rejected: RejectedStage[] = [];
  envelope.stages.forEach((raw, index) => {
    const base = ['stages', index] as (string | number)[];
    const def = stageRegistry.get(raw.type);
    const problems: SpecError[] = [];
    const duplicate = seen.has(raw.id);
    if (duplicate) {
      problems.push(at(`duplicate stage id '${raw.id}' (also used by stages[${seen.get(raw.id)}])`, [...base, 'id'], `${formatSpecPath(base)}.id`));
    }
    seen.set(raw.id, index);
    if (!def) {
      problems.push(
        at(
          `unknown stage type '${raw.type}'.${formatSuggestion(raw.type, stageRegistry.keys())} Known types: ${[...stageRegistry.keys()].join(', ')}`,
          [...base, 'type'],
          `${formatSpecPath(base)}.type`,
        ),
      );
      rejected.push({ id: raw.id, index, problems });
      return;
    }
    const copy = structuredClone(raw) as Record<string, unknown>;
    const validate = stageValidator(def.type, def.options);
    let passed: Pick<PartlyValidStage, 'known' | 'inDoubt' | 'entriesInDoubt'> | undefined;
    if (!validate(copy)) {
      const errors = validate.errors ?? [];
      problems.push(...ajvErrors(errors, base, at, Object.keys(def.options.properties)));
      passed = optionsThatPassed(raw, copy, errors, validate, Object.keys(def.options.properties));
    }
    if (problems.length) {
      // a stage with a duplicate id is not planned: its id names another stage
      const stage = { id: raw.id, type: def.type, index, problems };
      rejected.push(passed && !duplicate ? ({ ...stage, ...passed } satisfies PartlyValidStage) : stage);
      return;
    }
    const { id, type, ...options } = copy;
    stages.push({ id: id as string, type: type as string, options, index });
  });
  return { stages, rejected };
}

/**
 * The stage's options that passed the schema (`copy`, with its defaults, less every top-level option
 * with an error and every unknown option) and the options in doubt: those with an error, the
 * required ones missing, and the absent ones an unknown option may misspell (its did-you-mean, or
 * every absent option when none is close). A list option whose errors all lie inside entries
 * (`/pairs/1/y`) stays known, only those entries in doubt, unless the list without them fails the
 * schema (minItems): then the whole option is in doubt. Undefined when a problem lies outside the
 * options (an error of the stage as a whole, its id or type) or what remains does not pass the schema.
 */
function optionsThatPassed(
  raw: Record<string, unknown>,
  copy: Record<string, unknown>,
  errors: ErrorObject[],
  validate: ValidateFunction,
  optionKeys: string[],
): Pick<PartlyValidStage, 'known' | 'inDoubt' | 'entriesInDoubt'> | undefined {
  const inDoubt = new Set<string>();
  const unknown = new Set<string>();
  const entries = new Map<string, Set<number>>();
  for (const e of errors) {
    const [top, entry] = pathKeys(e);
    if (top !== undefined && entry !== undefined && /^\d+$/.test(entry) && Array.isArray(copy[top])) entries.set(top, (entries.get(top) ?? new Set()).add(Number(entry)));
    else if (top !== undefined) inDoubt.add(top);
    else if (e.keyword === 'additionalProperties') unknown.add(String((e.params as { additionalProperty: string }).additionalProperty));
    else if (e.keyword === 'required') inDoubt.add(String((e.params as { missingProperty: string }).missingProperty));
    else return undefined;
  }
  if (inDoubt.has('id') || inDoubt.has('type')) return undefined;
  const absent = optionKeys.filter((k) => !Object.hasOwn(raw, k));
  for (const key of unknown) {
    const near = didYouMean(key, optionKeys);
    for (const k of near.length ? near.filter((n) => absent.includes(n)) : absent) inDoubt.add(k);
  }
  for (const k of inDoubt) entries.delete(k);
  const { id: _id, type: _type, ...rest } = copy;
  const known = () => Object.fromEntries(Object.entries(rest).filter(([k]) => !inDoubt.has(k) && !unknown.has(k)));
  // what remains, less the entries in doubt, must pass, but for the required options in doubt; a
  // list that fails without its entries in doubt (minItems) is in doubt as a whole
  const remaining = () => {
    const left: Record<string, unknown> = structuredClone(known());
    for (const [k, bad] of entries) left[k] = (left[k] as unknown[]).filter((_, i) => !bad.has(i));
    return validate({ id: copy.id, type: copy.type, ...left }) ? [] : (validate.errors ?? []);
  };
  let left = remaining();
  const listsLeft = [...entries.keys()].filter((k) => left.some((e) => pathKeys(e)[0] === k));
  if (listsLeft.length) {
    for (const k of listsLeft) inDoubt.add(k), entries.delete(k);
    left = remaining();
  }
  if (!left.every((e) => e.keyword === 'required' && e.instancePath === '' && inDoubt.has(String((e.params as { missingProperty: string }).missingProperty)))) return undefined;
  return { known: known(), inDoubt: [...inDoubt], entriesInDoubt: Object.fromEntries([...entries].map(([k, bad]) => [k, [...bad]])) };
}

/** The option an error lies in and the key below it (a list entry's index), unescaped. */
function pathKeys(e: ErrorObject): (string | undefined)[] {
  return e.instancePath.split('/').slice(1, 3).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function ajvErrors(all: ErrorObject[], base: (string | number)[], at: At, topKeys: string[]): SpecError[] {
  const errors = pruneUnionErrors(all);
  const out: SpecError[] = [];
  const seen = new Set<string>();
  // a union of literals reports one `const` error per literal: merge them into one "must be one of"
  const consts = new Map<string, unknown[]>();
  for (const e of errors) if (e.keyword === 'const') consts.set(e.instancePath, [...(consts.get(e.instancePath) ?? []), (e.params as { allowedValue: unknown }).allowedValue]);
  for (const e of errors) {
    if ((e.keyword === 'anyOf' || e.keyword === 'oneOf') && consts.has(e.instancePath)) continue;
    // 'property name must be valid' repeats the name's own error (its pattern, reported with the name)
    if (e.keyword === 'propertyNames') continue;
    const path = [...base, ...e.instancePath.split('/').filter(Boolean).map((p) => (/^\d+$/.test(p) ? Number(p) : p.replace(/~1/g, '/').replace(/~0/g, '~')))];
    let message: string;
    let target = path;
    let preferKey = false;
    switch (e.keyword) {
      case 'additionalProperties': {
        const key = String((e.params as { additionalProperty: string }).additionalProperty);
        target = [...path, key];
        preferKey = true;
        const known = knownKeys(e, topKeys, path.length === base.length);
        message = `unknown option '${key}'.${formatSuggestion(key, known)}${known.length ? ` Allowed: ${known.join(', ')}` : ''}`;
        break;
      }
      case 'required':
        message = `missing required option '${(e.params as { missingProperty: string }).missingProperty}'`;
        break;
      case 'enum':
        message = `must be one of ${((e.params as { allowedValues: unknown[] }).allowedValues).map((v) => `'${v}'`).join(', ')}`;
        break;
      case 'const': {
        const allowed = consts.get(e.instancePath) ?? [];
        const given = valueAt(e);
        message =
          allowed.length > 1
            ? `must be one of ${allowed.map((v) => `'${v}'`).join(', ')}${typeof given === 'string' ? ` (got '${given}').${formatSuggestion(given, allowed.map(String))}` : ''}`
            : `must be '${allowed[0]}'`;
        break;
      }
      case 'anyOf':
      case 'oneOf':
        message = `does not match any allowed form`;
        break;
      // in the words the union messages use ("must be text or a list"), with the value given
      case 'type':
        message = `must be ${typeName(String((e.params as { type: string }).type))}${describe(valueAt(e))}`;
        break;
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
        message = `must be ${BOUND_WORDS[e.keyword]} ${String((e.params as { limit: number }).limit)}${describe(valueAt(e))}`;
        break;
      case 'minLength':
      case 'maxLength': {
        const limit = (e.params as { limit: number }).limit;
        message =
          e.keyword === 'minLength' && limit === 1
            ? `must not be empty`
            : `must have at ${e.keyword === 'minLength' ? 'least' : 'most'} ${limit} character${limit === 1 ? '' : 's'}${describe(valueAt(e))}`;
        break;
      }
      // a list's entries, or a map's (derive's columns)
      case 'minItems':
      case 'maxItems':
      case 'minProperties': {
        const limit = (e.params as { limit: number }).limit;
        message = `must have at ${e.keyword === 'maxItems' ? 'most' : 'least'} ${limit} ${limit === 1 ? 'entry' : 'entries'}`;
        break;
      }
      case 'uniqueItems': {
        // ajv's params: entry j repeats the earlier entry i; the message is located at the repeat
        const { i, j } = e.params as { i: number; j: number };
        const list = valueAt(e);
        const repeated = Array.isArray(list) ? list[j] : undefined;
        target = [...path, j];
        message = `repeats ${typeof repeated === 'string' ? `'${repeated}'` : JSON.stringify(repeated)} (also entry [${i}]); list each once`;
        break;
      }
      case 'pattern': {
        // a schema may say in words what its pattern means (patternMessage), instead of the regular expression
        const meaning = (e.parentSchema as { patternMessage?: string } | undefined)?.patternMessage;
        // a key checked by propertyNames (a parameter's or subscale's name): located at the key, named as a name
        const name = (e as { propertyName?: string }).propertyName;
        if (name !== undefined) {
          target = [...path, name];
          preferKey = true;
        }
        const what = name !== undefined ? `the name ${JSON.stringify(name)} ` : '';
        message = meaning ? (name !== undefined ? `${what}must be ${meaning}` : `must be ${meaning} (got ${JSON.stringify(valueAt(e))})`) : (e.message ?? 'is invalid');
        break;
      }
      default:
        message = e.message ?? 'is invalid';
    }
    const specPath = formatSpecPath(target);
    const key = `${specPath}|${message}`;
    if (seen.has(key)) continue;
    // anyOf reports its branches' errors too; keep the most specific ones
    if ((e.keyword === 'anyOf' || e.keyword === 'oneOf') && out.some((o) => o.specPath.startsWith(specPath))) continue;
    seen.add(key);
    out.push(at(message, target, specPath, preferKey));
  }
  return out;
}

const BOUND_WORDS: Record<string, string> = { minimum: 'at least', maximum: 'at most', exclusiveMinimum: 'greater than', exclusiveMaximum: 'less than' };

function valueAt(e: ErrorObject): unknown {
  return (e as ErrorObject & { data?: unknown }).data;
}

function knownKeys(e: ErrorObject, topKeys: string[], isTop: boolean): string[] {
  const props = (e.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
  const keys = props ? Object.keys(props) : isTop ? topKeys : [];
  return keys.filter((k) => k !== 'id' && k !== 'type' || isTop);
}
