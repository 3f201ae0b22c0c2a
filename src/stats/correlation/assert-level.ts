import { StatInputError } from '../errors.ts';

/** Throws StatInputError unless `level` is a confidence level strictly between 0 and 1. */
export function assertLevel(level: number): void {
  if (!(level > 0 && level < 1)) throw new StatInputError(`confidence level must lie in (0, 1), got ${level}`);
}
