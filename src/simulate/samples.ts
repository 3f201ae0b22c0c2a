import type { SimulateOptions } from './types.ts';

/** The simulated sets shipped in `data-samples/` (regenerate with `npx tsx src/simulate/make-samples.ts`). */
export const SAMPLE_SETS: readonly { file: string; options: SimulateOptions }[] = [
  { file: 'rom-small.csv', options: { patients: 300, seed: 20261122 } },
];
