import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isAlias, LineCounter, parseDocument } from 'yaml';
import { DECIMAL_NUMBER } from '../engine/decimal-number.ts';
import { SpecError, SpecErrors } from '../engine/errors.ts';
import { formatSuggestion } from './did-you-mean.ts';
import { MAX_SEED, type ParamValueT, type PipelineEnvelopeT, type PipelineSpec } from './pipeline-types.ts';
import { validateEnvelope, validateStages } from './validate-spec.ts';
import { parseSpecPath, YamlLocator } from './yaml-locator.ts';

const MAX_SPEC_BYTES = 1 << 20;

/**
 * Phase 1 (load) and the schema half of phase 2 (validate): reads a pipeline YAML file,
 * keeps source positions, applies parameters (`${name}` in any string; a string that is
 * exactly `${name}` takes the parameter's type), and validates the envelope and every
 * stage's options against the registry. Problems of the file, the envelope and the parameters
 * are thrown together as SpecErrors, each with its spec path and YAML line/column. A stage whose
 * options fail their schema is left out of `stages` instead, and its problems are kept in
 * `rejectedStages`: planPipeline lists them with the other stages' problems, so one run
 * reports them all.
 */
export function loadSpec(file: string, overrides: Record<string, string> = {}): PipelineSpec {
  const specFile = resolve(file);
  let text: string;
  try {
    const buf = readFileSync(specFile);
    if (buf.byteLength > MAX_SPEC_BYTES) throw new SpecError(`pipeline file is larger than 1 MiB`, '', file);
    text = decodeUtf8(buf, file);
  } catch (e) {
    if (e instanceof SpecError) throw e;
    throw new SpecError(`cannot read pipeline file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, '', file);
  }
  return parseSpecText(text, specFile, overrides);
}

export function parseSpecText(text: string, specFile: string, overrides: Record<string, string> = {}): PipelineSpec {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new SpecErrors(
      doc.errors.map((err) => {
        const pos = lines.linePos(err.pos[0]);
        return new SpecError(`invalid YAML: ${err.message.split('\n')[0]}`, '', specFile, pos.line, pos.col);
      }),
    );
  }
  const locator = new YamlLocator(doc, lines);
  const at = (message: string, path: (string | number)[], specPath: string, preferKey = false) => {
    const pos = locator.locate(path, preferKey);
    return new SpecError(message, specPath, specFile, pos?.line, pos?.column);
  };
  const raw = toPlain(doc, specFile);
  const nonFinite = nonFiniteNumbers(raw, []);
  if (nonFinite.length) {
    throw new SpecErrors(nonFinite.map(({ path, value }) => at(`must be a finite number (got ${sourceOf(doc, path, text) ?? value})`, path, specPathOf(path))));
  }
  const { envelope, rejectedInstruments } = validateEnvelope(raw, at);
  const params = resolveParams(envelope, overrides, at);
  const substituted = substitute(envelope, params, [], at) as PipelineEnvelopeT;
  // a seed given as ${name} is checked once the parameter's value is known
  if (typeof envelope.seed === 'string') {
    const seed = substituted.seed as unknown;
    if (!(typeof seed === 'number' && Number.isInteger(seed) && seed >= 0 && seed <= MAX_SEED)) {
      throw new SpecErrors([at(`the seed, parameter '${envelope.seed.slice(2, -1)}', is ${JSON.stringify(seed)}; a seed is a whole number from 0 to ${MAX_SEED}`, ['seed'], 'seed')]);
    }
  }
  const { stages, rejected } = validateStages(substituted, at, envelope.instruments ?? []);
  return {
    name: substituted.name,
    title: substituted.title,
    description: substituted.description,
    seed: (substituted.seed as number | undefined) ?? 1,
    params,
    instruments: substituted.instruments ?? [],
    stages,
    ...(rejected.length ? { rejectedStages: rejected } : {}),
    ...(rejectedInstruments.size ? { rejectedInstruments } : {}),
    specDir: dirname(specFile),
    specFile,
    text,
    sha256: createHash('sha256').update(text).digest('hex'),
    locate: (specPath: string) => locator.locate(parseSpecPath(specPath)),
  };
}

/**
 * The file's text, or a SpecError naming the line of the first byte that is not UTF-8 (a spec saved
 * as Latin-1, say): decoding it leniently would turn ü into U+FFFD and change column names silently.
 */
function decodeUtf8(buf: Buffer, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    const text = buf.toString('utf8');
    const at = text.indexOf('\uFFFD');
    const line = text.slice(0, at).split('\n').length;
    throw new SpecError(`pipeline file is not valid UTF-8 (line ${line}); save it as UTF-8`, '', file);
  }
}

/**
 * The document as plain values. The yaml package throws a ReferenceError when aliases expand too
 * often (more than 100 uses of one anchor, the shape of a "billion laughs" document); that is a
 * property of the file, so it becomes a SpecError naming it.
 */
function toPlain(doc: ReturnType<typeof parseDocument>, specFile: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: 100 }) as unknown;
  } catch (e) {
    if (e instanceof ReferenceError) throw new SpecError(`invalid YAML: ${e.message} (aliases such as *name expand to too many values)`, '', specFile);
    throw e;
  }
}

/**
 * Where the document holds a number that is not finite: YAML's `.inf`, `-.inf`, `.nan`, or a
 * literal too large for a double (1e999). No option takes one, and JSON Schema's `number` and
 * `integer` let them through, so without this check `Infinity` reached SQL as a column name.
 * Parameters given with --param are checked where they are parsed (decimals only).
 */
function nonFiniteNumbers(value: unknown, path: (string | number)[]): { path: (string | number)[]; value: number }[] {
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [{ path, value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => nonFiniteNumbers(v, [...path, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => nonFiniteNumbers(v, [...path, k]));
  return [];
}

/** The value as written in the file (`.inf`, `1e999`), when the node has a source range. */
function sourceOf(doc: ReturnType<typeof parseDocument>, path: (string | number)[], text: string): string | undefined {
  let node = doc.getIn(path, true) as unknown;
  if (isAlias(node)) node = node.resolve(doc);
  const range = (node as { range?: [number, number, number] } | undefined)?.range;
  return range ? text.slice(range[0], range[1]).trim() : undefined;
}

type At = (message: string, path: (string | number)[], specPath: string, preferKey?: boolean) => SpecError;

function resolveParams(envelope: PipelineEnvelopeT, overrides: Record<string, string>, at: At): Record<string, ParamValueT> {
  const declared = envelope.params ?? {};
  // no prototype: a parameter named constructor or __proto__ must not find Object's members
  const params: Record<string, ParamValueT> = Object.create(null) as Record<string, ParamValueT>;
  for (const [k, v] of Object.entries(declared)) {
    params[k] = typeof v === 'object' && v !== null ? v.default : v;
  }
  const errors: SpecError[] = [];
  for (const [k, v] of Object.entries(overrides)) {
    if (!Object.hasOwn(params, k)) {
      errors.push(
        new SpecError(
          `unknown parameter '${k}' given with --param; this pipeline declares: ${Object.keys(params).join(', ') || '(none)'}.${formatSuggestion(k, Object.keys(params))}`,
          `params`,
        ),
      );
      continue;
    }
    const current = params[k];
    if (typeof current === 'number') {
      const n = Number(v);
      // Number() also takes '0x5', '0b1', ' 5 ' and 'Infinity'; only plain decimals are numbers here
      if (!DECIMAL_NUMBER.test(v) || !Number.isFinite(n)) {
        errors.push(at(`parameter '${k}' must be a decimal number such as 5, -0.5 or 1e-3 (got '${v}' from --param)`, ['params', k], `params.${k}`));
        continue;
      }
      params[k] = n;
    } else if (typeof current === 'boolean') {
      if (v !== 'true' && v !== 'false') {
        errors.push(at(`parameter '${k}' must be true or false (got '${v}' from --param)`, ['params', k], `params.${k}`));
        continue;
      }
      params[k] = v === 'true';
    } else params[k] = v;
  }
  if (errors.length) throw new SpecErrors(errors);
  return params;
}

const PARAM_REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

function substitute(value: unknown, params: Record<string, ParamValueT>, path: (string | number)[], at: At): unknown {
  if (typeof value === 'string') {
    const exact = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(value);
    const check = (name: string) => {
      if (!Object.hasOwn(params, name)) {
        throw new SpecErrors([
          at(`unknown parameter '\${${name}}'; declare it under params.${formatSuggestion(name, Object.keys(params))}`, path, specPathOf(path)),
        ]);
      }
    };
    if (exact) {
      check(exact[1]);
      return params[exact[1]];
    }
    return value.replace(PARAM_REF, (_m, name: string) => {
      check(name);
      return String(params[name]);
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => substitute(v, params, [...path, i], at));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      // assigning it would set the object's prototype and drop the key without a word
      if (k === '__proto__') throw new SpecErrors([at(`'__proto__' is not allowed as a key (it names JavaScript's object prototype); rename it`, [...path, k], specPathOf([...path, k]), true)]);
      // params' own declarations are not substituted
      out[k] = path.length === 0 && k === 'params' ? v : substitute(v, params, [...path, k], at);
    }
    return out;
  }
  return value;
}

function specPathOf(path: (string | number)[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${p}` : p;
  return out;
}
