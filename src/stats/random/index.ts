export { createRng, type Rng } from './create-rng.ts';
