import { SpecError } from '../engine/errors.ts';
import type { CustomInstrumentT, PipelineSpec } from '../spec/pipeline-types.ts';
import { builtinInstruments } from './index.ts';
import { defineInstrument, definitionProblems, type InstrumentDefinition } from './instrument-definition.ts';

export type InstrumentCatalog = ReadonlyMap<string, InstrumentDefinition>;

export interface ResolvedInstruments {
  /** The built-in instruments and the custom ones defined without a problem. */
  catalog: InstrumentCatalog;
  /** Every problem of the bad custom definitions, in spec order, each at its field's path (`instruments[i].reverse`). */
  problems: SpecError[];
  /** The keys of the bad definitions: a stage using one follows from its problem, so is not checked. */
  failed: ReadonlySet<string>;
}

/**
 * The built-in instruments plus those a pipeline defines under `instruments:`. Every definition is
 * checked, and every problem of each is listed, so that validate shows them in one round; the bad
 * definitions are left out of the catalog.
 */
export function resolveInstruments(spec: Pick<PipelineSpec, 'instruments' | 'rejectedInstruments'>): ResolvedInstruments {
  const catalog = new Map(builtinInstruments);
  const problems: SpecError[] = [];
  const failed = new Set<string>();
  const seen = new Set<string>();
  spec.instruments.forEach((c, i) => {
    // a definition that failed the schema check: those problems first, then what the fields it
    // gave in their schema's form show (so a later round has nothing new to say), and its key
    // (when it has one) marked failed
    const schema = spec.rejectedInstruments?.get(i) ?? [];
    const found = [...schema, ...customProblems(c, seen).map((p) => new SpecError(p.message, `instruments[${i}].${p.field}`))];
    // a definition that failed the schema may lack a key
    const key = typeof c.key === 'string' ? c.key : undefined;
    if (key !== undefined) seen.add(key);
    if (found.length === 0) catalog.set(c.key, define(c));
    else {
      problems.push(...found);
      if (key !== undefined) failed.add(key);
    }
  });
  return { catalog, problems, failed };
}

/**
 * A key already taken (by a built-in or an earlier custom instrument), and what definitionProblems
 * finds, each checked only on fields in their schema's form: a definition that failed the schema
 * check (spec.rejectedInstruments) may hold anything in any field, and a field the schema refused
 * has its problem from there already. For a definition that passed, every field is in form.
 */
function customProblems(c: CustomInstrumentT, seen: ReadonlySet<string>): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  const d = c as unknown as Record<string, unknown>;
  if (typeof d.key === 'string' && (builtinInstruments.has(d.key) || seen.has(d.key))) {
    out.push({ field: 'key', message: `instrument key '${d.key}' is already defined${builtinInstruments.has(d.key) ? ' by a built-in instrument' : ''}` });
  }
  const itemNumbers = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => Number.isInteger(x) && x >= 1);
  const items = Number.isInteger(d.items) && (d.items as number) >= 1 && (d.items as number) <= 500 ? (d.items as number) : undefined;
  const number = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const subscales = d.subscales !== null && typeof d.subscales === 'object' && !Array.isArray(d.subscales) ? Object.entries(d.subscales).filter((e): e is [string, number[]] => itemNumbers(e[1])) : [];
  out.push(
    ...definitionProblems({
      // without a usable count of items, the item numbers are not checked (0 items: none listed)
      items: items ?? 0,
      // a missing or unusable bound cannot be below the other
      min: number(d.min) ?? -Infinity,
      max: number(d.max) ?? Infinity,
      reverse: items !== undefined && itemNumbers(d.reverse) ? d.reverse : [],
      subscales: items !== undefined ? Object.fromEntries(subscales) : {},
      roundProratedMean: false,
      aggregate: d.aggregate === 'mean' ? 'mean' : 'sum',
      cutoff: number(d.cutoff),
      reliableChange: number(d.reliableChange),
    }),
  );
  return out;
}

/** The instrument a custom definition without problems (customProblems) describes. */
function define(c: CustomInstrumentT): InstrumentDefinition {
  return defineInstrument({
    key: c.key,
    name: c.name,
    items: c.items,
    min: c.min,
    max: c.max,
    integer: c.integer ?? true,
    reverse: c.reverse ?? [],
    subscales: c.subscales ?? {},
    aggregate: c.aggregate ?? 'sum',
    maxMissingFraction: c.maxMissingFraction ?? 0.2,
    higherIsBetter: c.higherIsBetter,
    reliableChange: c.reliableChange,
    cutoff: c.cutoff,
    reliability: c.reliability,
    citation: { key: `custom-${c.key}`, text: c.citation ?? `${c.name} (instrument defined in the pipeline spec).` },
    unverified: ['user-defined instrument'],
    definedInSpec: true,
  });
}
