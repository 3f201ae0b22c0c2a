import { StatInputError } from '../errors.ts';

/**
 * Converts a correlation to Cohen's d for two equal groups, d = 2r/√(1 − r²)
 * (Rosenthal 1994, in Cooper & Hedges, The Handbook of Research Synthesis, ch. 16;
 * Borenstein et al. 2009, Introduction to Meta-Analysis, ch. 7). Used to restate the
 * alliance–outcome benchmark r = .278 as d = .579 (Flückiger et al. 2018, doi:10.1037/pst0000172).
 * @example rToD(0.278) // 0.5788163175050723 (R: 2 * 0.278 / sqrt(1 - 0.278^2))
 */
export function rToD(r: number): number {
  if (!(Math.abs(r) < 1)) throw new StatInputError(`rToD needs |r| < 1, got ${r}`);
  return (2 * r) / Math.sqrt(1 - r * r);
}
