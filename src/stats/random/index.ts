export { createRng, type Rng } from './create-rng.ts';
export { xoshiro128Advance } from './xoshiro128-advance.ts';
export { createLaneTally, type LaneTally } from './create-lane-tally.ts';
