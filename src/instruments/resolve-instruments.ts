import { SpecError } from '../engine/errors.ts';
import type { CustomInstrumentT, PipelineSpec } from '../spec/pipeline-types.ts';
import { builtinInstruments } from './index.ts';
import { defineInstrument, type InstrumentDefinition } from './instrument-definition.ts';

export type InstrumentCatalog = ReadonlyMap<string, InstrumentDefinition>;

export interface ResolvedInstruments {
  /** The built-in instruments and the custom ones defined without a problem. */
  catalog: InstrumentCatalog;
  /** One problem per bad custom definition, in spec order, at its `instruments[i]` path. */
  problems: SpecError[];
  /** The keys of the bad definitions: a stage using one follows from its problem, so is not checked. */
  failed: ReadonlySet<string>;
}

/**
 * The built-in instruments plus those a pipeline defines under `instruments:`. Every definition is
 * checked, so that validate lists each bad one; those are left out of the catalog.
 */
export function resolveInstruments(spec: Pick<PipelineSpec, 'instruments'>): ResolvedInstruments {
  const catalog = new Map(builtinInstruments);
  const problems: SpecError[] = [];
  const failed = new Set<string>();
  const seen = new Set<string>();
  spec.instruments.forEach((c, i) => {
    const problem = checkCustom(c, i, seen) ?? define(c, i, catalog);
    seen.add(c.key);
    if (problem) problems.push(problem), failed.add(c.key);
  });
  return { catalog, problems, failed };
}

/** A key already taken (by a built-in or an earlier custom instrument), or a subscale with no items. */
function checkCustom(c: CustomInstrumentT, i: number, seen: ReadonlySet<string>): SpecError | undefined {
  if (builtinInstruments.has(c.key) || seen.has(c.key)) {
    return new SpecError(`instrument key '${c.key}' is already defined${builtinInstruments.has(c.key) ? ' by a built-in instrument' : ''}`, `instruments[${i}].key`);
  }
  // a subscale scores the mean or sum of its items; with none there is nothing to score
  for (const [name, items] of Object.entries(c.subscales ?? {})) {
    if (items.length === 0) return new SpecError(`subscale '${name}' lists no items; give at least one item number (1..${c.items})`, `instruments[${i}].subscales.${name}`);
  }
  return undefined;
}

/** Adds the definition to the catalog, or returns what defineInstrument rejects in it. */
function define(c: CustomInstrumentT, i: number, catalog: Map<string, InstrumentDefinition>): SpecError | undefined {
  try {
    catalog.set(
      c.key,
      defineInstrument({
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
      }),
    );
    return undefined;
  } catch (e) {
    return new SpecError((e as Error).message.replace(/^instrument [^:]+: /, ''), `instruments[${i}]`);
  }
}
