import type { Rng } from '../stats/random/index.ts';
import { normalTable } from './normal-table.ts';

/**
 * A fast source of quantised standard normal deviates for item noise: each 53-bit uniform from
 * the seeded generator is split into three 16-bit indices into `normalTable()`, so a deviate
 * costs a third of a uniform draw and one look-up.
 * @example const z = createNormalSource(createRng(1)); z.next() // a deviate in [−4.33, 4.33]
 */
export function createNormalSource(rng: Rng): { next(): number } {
  return new NormalSource(rng, normalTable());
}

class NormalSource {
  private held = 0;
  private left = 0;
  constructor(
    private readonly rng: Rng,
    private readonly table: Float64Array,
  ) {}

  next(): number {
    if (this.left === 0) {
      const x = this.rng.uniform() * 281474976710656; // 2^48: the top 48 of the 53 bits
      const hi = Math.floor(x / 4294967296);
      this.held = (x - hi * 4294967296) >>> 0;
      this.left = 2;
      return this.table[hi];
    }
    if (this.left === 2) {
      this.left = 1;
      return this.table[this.held >>> 16];
    }
    this.left = 0;
    return this.table[this.held & 0xffff];
  }
}
