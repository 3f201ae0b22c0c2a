import { SpecError } from '../engine/errors.ts';
import type { PipelineSpec } from '../spec/pipeline-types.ts';
import { builtinInstruments } from './index.ts';
import { defineInstrument, type InstrumentDefinition } from './instrument-definition.ts';

export type InstrumentCatalog = ReadonlyMap<string, InstrumentDefinition>;

/** The built-in instruments plus those a pipeline defines under `instruments:`. */
export function resolveInstruments(spec: Pick<PipelineSpec, 'instruments'>): InstrumentCatalog {
  const catalog = new Map(builtinInstruments);
  spec.instruments.forEach((c, i) => {
    if (catalog.has(c.key)) {
      throw new SpecError(`instrument key '${c.key}' is already defined${builtinInstruments.has(c.key) ? ' by a built-in instrument' : ''}`, `instruments[${i}].key`);
    }
    // a subscale scores the mean or sum of its items; with none there is nothing to score
    for (const [name, items] of Object.entries(c.subscales ?? {})) {
      if (items.length === 0) throw new SpecError(`subscale '${name}' lists no items; give at least one item number (1..${c.items})`, `instruments[${i}].subscales.${name}`);
    }
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
    } catch (e) {
      throw new SpecError((e as Error).message.replace(/^instrument [^:]+: /, ''), `instruments[${i}]`);
    }
  });
  return catalog;
}
